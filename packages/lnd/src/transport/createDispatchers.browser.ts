import type { Dispatchers } from './Dispatchers.js'

export type { Dispatchers, OpenedStream, Reply } from './Dispatchers.js'

/**
 * Browsers (any runtime without the `node` export condition): no dispatcher.
 * The runtime's trust store decides, so a certificate given to `lnd()` is not
 * used (it could only have added trust); timeouts use an AbortSignal.
 */
export function createDispatchers(
  _cert: string | undefined,
  _timeoutMs: number,
): Dispatchers | undefined {
  return undefined
}
