import { loanWake, WAKE_RULES_VERSION } from '../desk/loanWake.js'
import type { LoanRecord } from '../loan/LoanRecord.js'

/**
 * A loan's wake keys (`loanWake`) as the SQL stores' columns, in their order:
 * `wake_below_cents`, `wake_above_cents`, `wake_at_ms`, `wake_at_height`
 * (NULL for a key the loan does not have), and `wake_version`, the version of
 * the rules that computed them.
 */
export function wakeColumns(
  loan: LoanRecord,
): [bigint | null, bigint | null, number | null, number | null, number] {
  const wake = loanWake(loan)
  return [
    wake.belowCents ?? null,
    wake.aboveCents ?? null,
    wake.atMs ?? null,
    wake.atHeight ?? null,
    WAKE_RULES_VERSION,
  ]
}
