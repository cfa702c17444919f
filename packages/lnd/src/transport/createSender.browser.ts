import { fetchSender } from './fetchSender.js'
import type { Sender } from './Sender.js'

/**
 * Browsers (any runtime without the `node` export condition): fetch, the
 * runtime's or the one given. The runtime's trust store decides, so a
 * certificate given to `lnd()` is not used (it could only have added trust).
 */
export function createSender(
  _cert: string | undefined,
  timeoutMs: number,
  fetch: typeof globalThis.fetch | undefined,
): Sender {
  return fetchSender(fetch ?? globalThis.fetch, timeoutMs)
}
