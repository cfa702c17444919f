/**
 * The PostgreSQL schema, one migration per entry; the table
 * `schema_migrations` holds the versions applied (version n is entry n - 1),
 * each applied once, in a transaction of its own. Append new migrations,
 * never edit a released one.
 *
 * The same tables as the SQLite store's: each record is kept whole as the
 * store JSON (`data`, text: exactly as written, bigints as decimal strings),
 * beside the columns queries filter and order on. Times are BIGINT ms;
 * cursors NUMERIC (an lnd index is a uint64); no amount passes through a
 * float. More columns for loans (to index by) come as new migrations.
 */
export const postgresMigrations: readonly string[] = [
  `CREATE TABLE quotes (
     id TEXT PRIMARY KEY,
     borrower_pubkey TEXT NOT NULL,
     expires_at_ms BIGINT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX quotes_expires ON quotes (expires_at_ms);
   CREATE TABLE loans (
     id TEXT PRIMARY KEY,
     version INTEGER NOT NULL,
     state TEXT NOT NULL,
     borrower_pubkey TEXT NOT NULL,
     created_at_ms BIGINT NOT NULL,
     updated_at_ms BIGINT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX loans_state ON loans (state);
   CREATE INDEX loans_borrower ON loans (borrower_pubkey);
   CREATE INDEX loans_created ON loans (created_at_ms, id);
   CREATE TABLE events (
     seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     loan_id TEXT NOT NULL,
     at_ms BIGINT NOT NULL,
     type TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX events_loan ON events (loan_id, seq);
   CREATE TABLE nonces (
     pubkey TEXT NOT NULL,
     nonce TEXT NOT NULL,
     expires_at_ms BIGINT NOT NULL,
     PRIMARY KEY (pubkey, nonce)
   );
   CREATE INDEX nonces_expires ON nonces (expires_at_ms);
   CREATE TABLE cursors (
     name TEXT PRIMARY KEY,
     value NUMERIC NOT NULL
   );
   CREATE TABLE stream_tallies (
     stream_id TEXT PRIMARY KEY,
     pubkey TEXT NOT NULL,
     last_seq BIGINT NOT NULL,
     data TEXT NOT NULL
   );`,
  // The desk's wake index (`loanWake`, `listWaking`): each ACTIVE loan's keys,
  // NULL for a key it does not have (and for every other state); each key's
  // partial index holds only the rows that have it. `wake_version` is the
  // version of the rules that computed the keys: the store computes them
  // again, on open, for rows of another (NULL: rows written before this
  // migration). Cents are BIGINT: the highest key (2^63 - 1) fits.
  `ALTER TABLE loans
     ADD COLUMN wake_below_cents BIGINT,
     ADD COLUMN wake_above_cents BIGINT,
     ADD COLUMN wake_at_ms BIGINT,
     ADD COLUMN wake_at_height INTEGER,
     ADD COLUMN wake_version INTEGER;
   CREATE INDEX loans_wake_below ON loans (wake_below_cents) WHERE wake_below_cents IS NOT NULL;
   CREATE INDEX loans_wake_above ON loans (wake_above_cents) WHERE wake_above_cents IS NOT NULL;
   CREATE INDEX loans_wake_at_ms ON loans (wake_at_ms) WHERE wake_at_ms IS NOT NULL;
   CREATE INDEX loans_wake_at_height ON loans (wake_at_height) WHERE wake_at_height IS NOT NULL;
   CREATE INDEX loans_in_flight ON loans (state) WHERE state IN ('DISBURSING', 'LIQUIDATING');
   CREATE INDEX loans_wake_version ON loans (wake_version);`,
  // Workers claim loans (advisory locks) and wake loans with work left on lnd
  // (wake rules 2): a desk from before, which does neither, refuses the book
  // (STORE_TOO_NEW) rather than share it unclaimed.
  `COMMENT ON TABLE loans IS 'btcfi loan book: one row per loan; workers take a loan''s turn with advisory locks (LoanStore.claim)';`,
]
