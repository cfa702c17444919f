import { bech32 } from '@scure/base'
import { utf8ToBytes } from '../encoding/encoding.js'
import { LnurlInvalidError } from '../errors/lnurl.js'
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
  // What was checked is what is encoded: the parsed URL, not the text given.
  const words = bech32.toWords(utf8ToBytes(parsed.href))
  try {
    return bech32.encode('lnurl', words, MAX_LNURL_LENGTH).toUpperCase()
  } catch (cause) {
    throw new LnurlInvalidError(`an LNURL longer than ${MAX_LNURL_LENGTH} characters`, { cause })
  }
}
