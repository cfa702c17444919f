/**
 * The statements that forget what expired, run on every quote and every
 * signed request: each searches its `expires_at_ms` index
 * (`quotes_expires`, `nonces_expires`) rather than scanning the table.
 */
export const sqlitePruning = {
  quotes: 'DELETE FROM quotes WHERE expires_at_ms <= ?',
  nonces: 'DELETE FROM nonces WHERE expires_at_ms <= ?',
} as const
