import type { Client } from '../client/createClient.js'
import { type ReconnectingOptions, runReconnecting } from './reconnecting.js'
import type { Unwatch, WatcherOptions } from './types.js'

/**
 * Runs a reconnecting watch in the background and returns its `Unwatch`.
 * Fatal errors go to `onFatal` (or are reported through `onError`).
 */
export function startWatcher<T>(
  client: Client,
  options: WatcherOptions,
  watch: Omit<
    ReconnectingOptions<T>,
    'signal' | 'pollIntervalMs' | 'initialDelayMs' | 'maxDelayMs' | 'onError' | 'onReconnect'
  >,
): Unwatch {
  const controller = new AbortController()
  const stop = () => controller.abort()
  options.signal?.addEventListener('abort', stop, { once: true })
  if (options.signal?.aborted) stop()
  runReconnecting({
    ...watch,
    pollIntervalMs: client.pollIntervalMs,
    initialDelayMs: client.reconnect.initialDelayMs,
    maxDelayMs: client.reconnect.maxDelayMs,
    onError: options.onError,
    onReconnect: options.onReconnect,
    signal: controller.signal,
  })
    .catch((error: unknown) => (options.onFatal ?? options.onError)?.(error))
    .finally(() => options.signal?.removeEventListener('abort', stop))
  return stop
}
