import { bech32 } from '@scure/base'
import { assertLnurlUrl, parseLnurlUrl } from './assertLnurlUrl.js'
import { MAX_LNURL_LENGTH } from './readLnurl.js'

/**
 * The bech32 LNURL of a service's URL (LUD-01), uppercase as a QR code wants
 * it. Only https URLs, and http ones on onion or loopback hosts, are encoded.
 *
 * @example
 * encodeLnurl('https://service.com/api?q=1') // 'LNURL1DP68GURN8GHJ7…'
 */
export function encodeLnurl(url: string | URL): string {
  const parsed = typeof url === 'string' ? parseLnurlUrl(url) : url
  assertLnurlUrl(parsed)
  const text = typeof url === 'string' ? url : url.href
  const words = bech32.toWords(new TextEncoder().encode(text))
  return bech32.encode('lnurl', words, MAX_LNURL_LENGTH).toUpperCase()
}
