export interface WaitForOptions {
  /** What is awaited, for the timeout message. */
  what: string
  timeoutMs?: number
  intervalMs?: number
  signal?: AbortSignal
}

/**
 * Polls `check` until it returns a value other than `undefined`/`false`.
 * Errors thrown by `check` count as "not yet"; the last one is the timeout's cause.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { what, timeoutMs = 60_000, intervalMs = 100, signal }: WaitForOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    signal?.throwIfAborted()
    try {
      const value = await check()
      if (value !== undefined && value !== false) return value
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError })
    }
    await sleep(intervalMs)
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
