/**
 * The SQLite schema, one migration per entry; `PRAGMA user_version` holds how
 * many ran. Append new migrations, never edit a released one.
 */
export const sqliteMigrations: readonly string[] = [
  `CREATE TABLE quotes (
     id TEXT PRIMARY KEY,
     borrower_pubkey TEXT NOT NULL,
     expires_at_ms INTEGER NOT NULL,
     data TEXT NOT NULL
   );
   CREATE TABLE loans (
     id TEXT PRIMARY KEY,
     version INTEGER NOT NULL,
     state TEXT NOT NULL,
     borrower_pubkey TEXT NOT NULL,
     created_at_ms INTEGER NOT NULL,
     updated_at_ms INTEGER NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX loans_state ON loans (state);
   CREATE INDEX loans_borrower ON loans (borrower_pubkey);
   CREATE TABLE events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     loan_id TEXT NOT NULL,
     at_ms INTEGER NOT NULL,
     type TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX events_loan ON events (loan_id, seq);
   CREATE TABLE nonces (
     pubkey TEXT NOT NULL,
     nonce TEXT NOT NULL,
     expires_at_ms INTEGER NOT NULL,
     PRIMARY KEY (pubkey, nonce)
   );`,
  `CREATE TABLE cursors (
     name TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );`,
  // The pruning of expired quotes and nonces (sqlitePruning.ts) searches these.
  `CREATE INDEX quotes_expires ON quotes (expires_at_ms);
   CREATE INDEX nonces_expires ON nonces (expires_at_ms);`,
  // Each stream's key (pinned at its first credited payment) and last seq; the
  // rest of the tally (totals, missing seqs) in the store JSON.
  `CREATE TABLE stream_tallies (
     stream_id TEXT PRIMARY KEY,
     pubkey TEXT NOT NULL,
     last_seq INTEGER NOT NULL,
     data TEXT NOT NULL
   );`,
  // The desk's wake index (`loanWake`, `listWaking`): each ACTIVE loan's keys,
  // NULL for a key it does not have (and for every other state); each key's
  // index holds only the rows that have it. `wake_version` is the version of
  // the rules that computed the keys: the store computes them again, on open,
  // for rows of another (NULL: rows written before this migration).
  `ALTER TABLE loans ADD COLUMN wake_below_cents INTEGER;
   ALTER TABLE loans ADD COLUMN wake_above_cents INTEGER;
   ALTER TABLE loans ADD COLUMN wake_at_ms INTEGER;
   ALTER TABLE loans ADD COLUMN wake_at_height INTEGER;
   ALTER TABLE loans ADD COLUMN wake_version INTEGER;
   CREATE INDEX loans_wake_below ON loans (wake_below_cents) WHERE wake_below_cents IS NOT NULL;
   CREATE INDEX loans_wake_above ON loans (wake_above_cents) WHERE wake_above_cents IS NOT NULL;
   CREATE INDEX loans_wake_at_ms ON loans (wake_at_ms) WHERE wake_at_ms IS NOT NULL;
   CREATE INDEX loans_wake_at_height ON loans (wake_at_height) WHERE wake_at_height IS NOT NULL;
   CREATE INDEX loans_wake_version ON loans (wake_version);`,
]
