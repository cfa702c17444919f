import { LnurlInsecureError, LnurlInvalidError } from '../errors/lnurl.js'
import { isLoopbackHost } from '../validate/isLoopbackHost.js'

/**
 * Checks the URL of an LNURL service (its first request, each callback and
 * redirect) against LUD-01: `https://`, or `http://` on a Tor onion host; and,
 * for a service on this machine, `http://` on loopback. Anything else throws:
 * another scheme, credentials in the URL (`LnurlInvalidError`), plain http
 * elsewhere (`LnurlInsecureError`).
 */
export function assertLnurlUrl(url: URL): void {
  if (url.username !== '' || url.password !== '')
    throw new LnurlInvalidError('a URL with credentials in it')
  if (url.protocol === 'https:') return
  if (url.protocol !== 'http:')
    throw new LnurlInvalidError(`a ${url.protocol.replace(/:$/, '')} URL (https expected)`)
  const host = url.hostname.toLowerCase()
  if (allowsPlainHttp(host)) return
  throw new LnurlInsecureError(host)
}

/**
 * Whether plain `http://` may reach `host`: a Tor onion (Tor encrypts the
 * way) or this machine. The one rule for LNURL services and L402 challenges.
 */
export function allowsPlainHttp(host: string): boolean {
  return isOnionHost(host) || isLoopbackHost(host.toLowerCase())
}

/** Whether `host` is a Tor v3 onion name (56 base32 characters), reached over Tor only. */
export function isOnionHost(host: string): boolean {
  return /^([a-z0-9-]+\.)*[a-z2-7]{56}\.onion$/.test(host.toLowerCase())
}

/** `text` as a URL, or `LnurlInvalidError`. */
export function parseLnurlUrl(text: string): URL {
  try {
    return new URL(text)
  } catch (cause) {
    throw new LnurlInvalidError('it does not lead to a URL', { cause })
  }
}
