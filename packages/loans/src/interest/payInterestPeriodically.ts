import type { InterestChannel } from './InterestChannel.js'

export interface PayInterestPeriodicallyParameters {
  intervalMs: number
  /** Each payment made (msat > 0). */
  onPaid?: (amountMsat: bigint) => void
  onError?: (error: unknown) => void
}

/**
 * Pays a loan's interest through a channel every `intervalMs`, one payment at
 * a time (a slow payment delays the next, never doubles it). Returns a stop function.
 */
export function payInterestPeriodically(
  channel: InterestChannel,
  loanId: string,
  { intervalMs, onPaid, onError }: PayInterestPeriodicallyParameters,
): () => void {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const run = async () => {
    try {
      const paid = await channel.payDue(loanId)
      if (paid > 0n) onPaid?.(paid)
    } catch (error) {
      onError?.(error)
    }
    if (!stopped) timer = setTimeout(run, intervalMs)
  }
  timer = setTimeout(run, intervalMs)
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
