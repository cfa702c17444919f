/**
 * The PostgreSQL schema of an escrow agent's store, one migration per entry;
 * the table `escrow_schema_migrations` holds the versions applied (version n
 * is entry n - 1), apart from the loan store's `schema_migrations`, so that
 * both stores can share one schema and neither mistakes the other's versions
 * for its own. Append new migrations, never edit a released one.
 *
 * Each record is kept whole as the store JSON (`data`, text: bigints as
 * `{"$n": "…"}`), keyed by its payment hash in lower case, beside the columns
 * `ofLoan` filters and orders on (`seq`: the order first written, kept by an
 * overwrite). Times are BIGINT ms.
 */
export const postgresEscrowMigrations: readonly string[] = [
  `CREATE TABLE escrow_locks (
     payment_hash TEXT PRIMARY KEY,
     seq BIGINT GENERATED ALWAYS AS IDENTITY,
     loan_id TEXT NOT NULL,
     held_at_ms BIGINT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX escrow_locks_loan ON escrow_locks (loan_id, held_at_ms, seq);`,
]
