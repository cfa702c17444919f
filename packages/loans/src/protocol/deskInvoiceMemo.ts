/**
 * The description of a desk's interest or repayment invoice, signed by the
 * desk's node with the invoice: `btcfi loan <id> repay`, or
 * `btcfi loan <id> interest to <ms>` for interest accrued up to that time of
 * the loan clock. A paid invoice and its preimage are then proof of what was
 * paid (an escrow agent reads it to judge a claimed default).
 */
export function deskInvoiceMemo(
  loanId: string,
  kind: 'interest' | 'repay',
  accruedToMs?: number,
): string {
  return kind === 'interest' && accruedToMs !== undefined
    ? `btcfi loan ${loanId} interest to ${accruedToMs}`
    : `btcfi loan ${loanId} ${kind}`
}

/** What a desk invoice's description says (`deskInvoiceMemo`), or undefined for anything else. */
export function parseDeskInvoiceMemo(
  memo: string | undefined,
):
  | { loanId: string; kind: 'repay' }
  | { loanId: string; kind: 'interest'; accruedToMs: number }
  | undefined {
  const match = /^btcfi loan (\S{1,64}) (repay|interest to (0|[1-9]\d{0,15}))$/.exec(memo ?? '')
  if (!match) return undefined
  if (match[2] === 'repay') return { loanId: match[1]!, kind: 'repay' }
  return { loanId: match[1]!, kind: 'interest', accruedToMs: Number(match[3]) }
}
