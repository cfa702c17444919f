/** How a failed delivery is retried. */
export interface WebhookRetry {
  /** Before the second attempt, ms. Default 5 000. */
  initialDelayMs?: number | undefined
  /** The longest wait between attempts, ms. Default 3 600 000 (an hour). */
  maxDelayMs?: number | undefined
  /** Attempts before a delivery is given up ("dead"). Default 15: about half a day. */
  maxAttempts?: number | undefined
}

/**
 * The wait before attempt `attempts + 1`: doubling from `initialDelayMs` up
 * to `maxDelayMs`, with ±20% jitter so that many deliveries failing at once
 * do not come back at once. Undefined once `maxAttempts` are spent.
 */
export function retryDelay(
  attempts: number,
  retry: { initialDelayMs: number; maxDelayMs: number; maxAttempts: number },
  random: () => number = Math.random,
): number | undefined {
  if (attempts >= retry.maxAttempts) return undefined
  const base = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** Math.min(attempts - 1, 30))
  return Math.round(base * (0.8 + 0.4 * random()))
}
