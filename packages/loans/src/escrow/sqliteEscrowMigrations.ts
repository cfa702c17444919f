/**
 * The SQLite schema of an escrow agent's store, one migration per entry; the
 * table `escrow_schema_migrations` holds the versions applied (version n is
 * entry n - 1), so that the file's `user_version` (a loan store's) is never
 * touched. Append new migrations, never edit a released one.
 *
 * Each record is kept whole as the store JSON (`data`: bigints as
 * `{"$n": "…"}`), keyed by its payment hash in lower case, beside the columns
 * `ofLoan` filters and orders on (oldest first, then in the order written).
 */
export const sqliteEscrowMigrations: readonly string[] = [
  `CREATE TABLE escrow_locks (
     payment_hash TEXT PRIMARY KEY,
     loan_id TEXT NOT NULL,
     held_at_ms INTEGER NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX escrow_locks_loan ON escrow_locks (loan_id, held_at_ms);`,
]
