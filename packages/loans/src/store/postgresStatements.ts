/** Quotes live a minute; one that expired a day before a new quote is of no use to anybody. */
export const QUOTE_KEPT_MS = 86_400_000

/** How many expired rows one write prunes at most (the rest go with the next writes). */
const PRUNE_BATCH = 1_000

/** Quotes a PostgreSQL identifier (a schema name `postgresLoanStore` has checked). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * The PostgreSQL store's statements, on the tables of `schema` (unqualified,
 * the connection's `search_path`, when none is given). Expired quotes and
 * nonces are pruned by the write that adds one, in the same statement,
 * through their `expires_at_ms` indexes, skipping rows another worker is
 * pruning at that moment (`SKIP LOCKED`), never the row being written.
 */
export function postgresStatements(schema: string | undefined) {
  const table = (name: string) =>
    schema === undefined ? name : `${quoteIdentifier(schema)}.${name}`
  const quotes = table('quotes')
  const loans = table('loans')
  const events = table('events')
  const nonces = table('nonces')
  const cursors = table('cursors')
  const tallies = table('stream_tallies')
  return {
    schemaMigrations: table('schema_migrations'),
    /** $1 id, $2 borrower, $3 expires, $4 data, $5 prune quotes expired at or before. */
    saveQuote: `WITH pruned AS (
        DELETE FROM ${quotes} WHERE ctid = ANY(ARRAY(
          SELECT ctid FROM ${quotes} WHERE expires_at_ms <= $5 AND id <> $1
          LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)))
      INSERT INTO ${quotes} (id, borrower_pubkey, expires_at_ms, data) VALUES ($1, $2, $3, $4)
      ON CONFLICT (id) DO UPDATE SET borrower_pubkey = excluded.borrower_pubkey,
        expires_at_ms = excluded.expires_at_ms, data = excluded.data`,
    getQuote: `SELECT data FROM ${quotes} WHERE id = $1`,
    /** $8-$12 the wake columns (`wakeColumns`). */
    insertLoan: `INSERT INTO ${loans} (id, version, state, borrower_pubkey, created_at_ms, updated_at_ms, data,
        wake_below_cents, wake_above_cents, wake_at_ms, wake_at_height, wake_version)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING`,
    /**
     * Writes only over the version it is based on ($6): a concurrent writer
     * waits, then finds no row. $7-$11 the wake columns.
     */
    updateLoan: `UPDATE ${loans} SET version = $1, state = $2, updated_at_ms = $3, data = $4,
        wake_below_cents = $7, wake_above_cents = $8, wake_at_ms = $9, wake_at_height = $10,
        wake_version = $11
      WHERE id = $5 AND version = $6`,
    loanVersion: `SELECT version FROM ${loans} WHERE id = $1`,
    insertEvent: `INSERT INTO ${events} (loan_id, at_ms, type, data) VALUES ($1, $2, $3, $4)
      RETURNING seq::text AS seq`,
    getLoan: `SELECT data FROM ${loans} WHERE id = $1`,
    /** $1 states (null for all), $2 borrower (null for all). */
    listLoans: `SELECT data FROM ${loans}
      WHERE ($1::text[] IS NULL OR state = ANY($1::text[])) AND ($2::text IS NULL OR borrower_pubkey = $2)
      ORDER BY created_at_ms, id`,
    /** Ordered by the column, not by its text (`e.seq`: the output's `seq` is text). */
    listEvents: `SELECT e.seq::text AS seq, e.loan_id, e.at_ms::text AS at_ms, e.type, e.data
      FROM ${events} AS e WHERE e.loan_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3`,
    /** Whether a loan is in one of the states $1, through the state index. */
    hasLoans: `SELECT EXISTS (SELECT 1 FROM ${loans} WHERE state = ANY($1::text[])) AS found`,
    /**
     * The loans a desk tick reads (`listWaking`): the loans in flight, and the
     * ACTIVE ones a key wakes at $1 now, $2 height, $3 price (NULL: none, and
     * no price key wakes). Each condition has its partial index; the planner
     * ORs their bitmaps, so that the loans no key wakes are never read.
     */
    listWaking: `SELECT data FROM ${loans}
      WHERE state IN ('DISBURSING', 'LIQUIDATING')
        OR wake_at_ms <= $1 OR wake_at_height <= $2
        OR wake_below_cents >= $3 OR wake_above_cents < $3
      ORDER BY created_at_ms, id`,
    /** Up to 1,000 loans keyed under other rules than $1 (`rekeyLoans`). */
    staleWake: `SELECT id, version, data FROM ${loans}
      WHERE wake_version IS NULL OR wake_version < $1 OR wake_version > $1 LIMIT 1000`,
    /** $1-$5 the wake columns, of the loan $6 as read at version $7. */
    rekeyLoan: `UPDATE ${loans} SET wake_below_cents = $1, wake_above_cents = $2, wake_at_ms = $3,
        wake_at_height = $4, wake_version = $5 WHERE id = $6 AND version = $7`,
    /**
     * $1 pubkey, $2 nonce, $3 expires, $4 now. One row written (a new nonce,
     * or one whose earlier use has expired) means accepted; none, a replay. Two
     * workers inserting the same nonce at once: the second waits for the
     * first, then finds it.
     */
    useNonce: `WITH pruned AS (
        DELETE FROM ${nonces} WHERE ctid = ANY(ARRAY(
          SELECT ctid FROM ${nonces} WHERE expires_at_ms <= $4 AND NOT (pubkey = $1 AND nonce = $2)
          LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)))
      INSERT INTO ${nonces} AS used (pubkey, nonce, expires_at_ms) VALUES ($1, $2, $3)
      ON CONFLICT (pubkey, nonce) DO UPDATE SET expires_at_ms = excluded.expires_at_ms
        WHERE used.expires_at_ms <= $4`,
    getCursor: `SELECT value::text AS value FROM ${cursors} WHERE name = $1`,
    setCursor: `INSERT INTO ${cursors} (name, value) VALUES ($1, $2)
      ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
    getTally: `SELECT data FROM ${tallies} WHERE stream_id = $1`,
    /** The first payment pins the stream's key. */
    insertTally: `INSERT INTO ${tallies} (stream_id, pubkey, last_seq, data) VALUES ($1, $2, $3, $4)
      ON CONFLICT (stream_id) DO NOTHING`,
    /** Later ones move on only from the seq they follow, under the same key. */
    updateTally: `UPDATE ${tallies} SET last_seq = $1, data = $2
      WHERE stream_id = $3 AND pubkey = $4 AND last_seq = $5`,
  } as const
}
