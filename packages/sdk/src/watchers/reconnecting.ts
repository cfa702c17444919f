import { type ErrorCode, hasErrorCode } from '@btcfi/core'

/**
 * What stops a watcher for good: retrying cannot help. (A restarting lnd
 * answers "wallet locked" for a moment: that one is retried.)
 */
const FATAL: readonly ErrorCode[] = ['PERMISSION_DENIED', 'INVALID_ARGUMENT', 'INVOICE_INVALID']

export interface ReconnectingOptions<T> {
  /** Opens the server stream. */
  subscribe: (signal: AbortSignal) => AsyncIterable<T>
  /** A one-shot read of the current value: the backstop, and the state after a reconnect. */
  poll?: (signal: AbortSignal) => Promise<T | undefined>
  pollIntervalMs: number
  /** Values after which the watch is over. */
  isFinal?: (value: T) => boolean
  /** Two values with the same key are the same update: it is emitted once. */
  key: (value: T) => string
  onValue: (value: T) => void
  /** Errors the watcher recovers from (it reconnects after them). */
  onError?: ((error: unknown) => void) | undefined
  onReconnect?: ((attempt: number) => void) | undefined
  /** More error codes after which retrying cannot help. */
  fatal?: readonly ErrorCode[]
  initialDelayMs: number
  maxDelayMs: number
  signal: AbortSignal
}

/**
 * The one reconnect loop behind every watcher: subscribe, emit each distinct
 * value once and in order, poll as a backstop, and after a dropped stream
 * (an lnd restart, a network hiccup) wait with capped exponential backoff and
 * jitter, then subscribe again. Resolves after a final value or when the
 * signal aborts; rejects on an error that retrying cannot fix.
 */
export async function runReconnecting<T>(options: ReconnectingOptions<T>): Promise<void> {
  const { signal } = options
  const fatal = [...FATAL, ...(options.fatal ?? [])]
  const seen = new Set<string>()
  let finished = false
  let fatalError: unknown
  let round = new AbortController()
  const emit = (value: T) => {
    if (finished) return
    const key = options.key(value)
    if (seen.has(key)) return
    seen.add(key)
    options.onValue(value)
    if (options.isFinal?.(value)) {
      finished = true
      round.abort()
    }
  }
  const isFatal = (error: unknown) => fatal.some((code) => hasErrorCode(error, code))

  let attempt = 0
  while (!finished && !signal.aborted) {
    const current = new AbortController()
    round = current
    const abortRound = () => current.abort()
    signal.addEventListener('abort', abortRound, { once: true })
    const poller = options.poll
      ? startPolling(options.poll, options.pollIntervalMs, current.signal, emit, (error) => {
          if (isFatal(error)) {
            fatalError = error
            current.abort()
          }
        })
      : undefined
    let failure: unknown
    try {
      for await (const value of options.subscribe(current.signal)) {
        attempt = 0
        emit(value)
        if (finished) break
      }
    } catch (error) {
      failure = error
    } finally {
      current.abort()
      signal.removeEventListener('abort', abortRound)
      await poller
    }
    if (fatalError) throw fatalError
    if (finished || signal.aborted) break
    if (failure !== undefined) {
      if (isFatal(failure)) throw failure
      options.onError?.(failure)
    }
    attempt += 1
    options.onReconnect?.(attempt)
    const delay = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** (attempt - 1))
    await sleep(delay / 2 + Math.random() * (delay / 2), signal)
  }
}

async function startPolling<T>(
  poll: (signal: AbortSignal) => Promise<T | undefined>,
  intervalMs: number,
  signal: AbortSignal,
  emit: (value: T) => void,
  onError: (error: unknown) => void,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const value = await poll(signal)
      if (value !== undefined && !signal.aborted) emit(value)
    } catch (error) {
      if (!signal.aborted) onError(error)
    }
    await sleep(intervalMs, signal)
  }
}

/** Resolves after `ms`, or at once when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
