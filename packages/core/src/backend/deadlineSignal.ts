/** A signal that ends a call at a deadline or when the caller's signal aborts. */
export interface DeadlineSignal {
  signal: AbortSignal
  /** Whether it was the deadline that ended it. */
  timedOut(): boolean
  /** Lets go of the timer and the caller's signal: call it when the work is done. */
  clear(): void
}

/**
 * An AbortSignal that aborts after `ms` (with a `TimeoutError`
 * DOMException, as `AbortSignal.timeout` does) or when `signal` aborts (with
 * its reason). It holds its own timer until `clear()`: a signal made by
 * `AbortSignal.timeout` and held only by `AbortSignal.any` can be collected
 * before it fires (nodejs/node#57736), and the call then waits forever.
 *
 * @example
 * const deadline = deadlineSignal(10_000, options.signal)
 * try {
 *   return await fetch(url, { signal: deadline.signal })
 * } finally {
 *   deadline.clear()
 * }
 */
export function deadlineSignal(ms: number, signal?: AbortSignal): DeadlineSignal {
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'))
  }, ms)
  const onAbort = () => controller.abort(signal?.reason)
  if (signal?.aborted) onAbort()
  else signal?.addEventListener('abort', onAbort, { once: true })
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clear() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    },
  }
}
