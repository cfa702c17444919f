// The parts of @btcfi/loans that need Node: the HTTP servers of a desk and of
// an escrow agent (node:http), and the SQLite (node:sqlite or better-sqlite3)
// and PostgreSQL (pg) stores. The root entry imports none of them.

export { type RunningDesk, type StartDeskParameters, startDesk } from './desk/startDesk.js'
export {
  type PostgresEscrowStoreParameters,
  postgresEscrowStore,
} from './escrow/postgresEscrowStore.js'
export { type SqliteEscrowStoreParameters, sqliteEscrowStore } from './escrow/sqliteEscrowStore.js'
export {
  type RunningEscrowAgent,
  type StartEscrowAgentParameters,
  startEscrowAgent,
} from './escrow/startEscrowAgent.js'
export * from './index.js'
export { type PostgresLoanStoreParameters, postgresLoanStore } from './store/postgresLoanStore.js'
export type {
  PostgresPool,
  PostgresPoolClient,
  PostgresQueryResult,
} from './store/postgresPool.js'
export { type SqliteLoanStoreParameters, sqliteLoanStore } from './store/sqliteLoanStore.js'
