import { bech32 } from '@scure/base'
import { LnurlInvalidError } from '../errors/lnurl.js'
import { allowsPlainHttp, assertLnurlUrl, isOnionHost, parseLnurlUrl } from './assertLnurlUrl.js'

/** What `readLnurl` throws. */
export type ReadLnurlErrorType = 'LNURL_INVALID' | 'LNURL_INSECURE'

/** Where an LNURL, a LUD-17 link or a Lightning Address leads. */
export interface LnurlTarget {
  /** The service's first URL, to GET. */
  url: URL
  /** How it was written. */
  form: 'lnurl' | 'scheme' | 'address'
  /** The Lightning Address, lowercase, when it was one (LUD-16). */
  address?: string | undefined
  /** The tag a LUD-17 scheme names (`payRequest` for `lnurlp://`…): a hint; the service's answer decides. */
  tagHint?: 'payRequest' | 'withdrawRequest' | 'channelRequest' | 'login' | undefined
}

/** The longest input read: an LNURL in a QR code is a few hundred characters. */
export const MAX_LNURL_LENGTH = 2048

const SCHEMES: Record<string, NonNullable<LnurlTarget['tagHint']>> = {
  lnurlp: 'payRequest',
  lnurlw: 'withdrawRequest',
  lnurlc: 'channelRequest',
  keyauth: 'login',
}

// LUD-16: `a-z0-9-_.` (and `+` for tags); the domain is a host name with an optional port.
const ADDRESS = /^([a-z0-9\-_.+]+)@([a-z0-9\-.]+|\[[0-9a-f:]+\])(:\d{1,5})?$/

/**
 * Reads what a user pastes or scans to pay or withdraw: a bech32 LNURL
 * (`LNURL1…`, either case, LUD-01), one behind `lightning:` or in a URL's
 * `lightning=` parameter, a LUD-17 link (`lnurlp://`, `lnurlw://`,
 * `lnurlc://`, `keyauth://`), or a Lightning Address (`name@domain`, LUD-16).
 * The URL it leads to is checked as `assertLnurlUrl` does. Nothing is
 * fetched. Throws `LnurlInvalidError` for anything else, and
 * `LnurlInsecureError` for plain http on a host that is neither onion nor
 * loopback.
 *
 * @example
 * readLnurl('alice@example.com').url.href // 'https://example.com/.well-known/lnurlp/alice'
 */
export function readLnurl(input: string): LnurlTarget {
  if (typeof input !== 'string') throw new LnurlInvalidError('expected a string')
  if (input.length > MAX_LNURL_LENGTH)
    throw new LnurlInvalidError(`longer than ${MAX_LNURL_LENGTH} characters`)
  let text = input.trim()
  if (/^lightning:/i.test(text)) text = text.slice('lightning:'.length)
  const target = targetOf(text)
  assertLnurlUrl(target.url)
  return target
}

function targetOf(text: string): LnurlTarget {
  if (/^lnurl1/i.test(text)) return { url: decodeBech32Url(text), form: 'lnurl' }
  const scheme = /^([a-z]+):\/\//i.exec(text)?.[1]?.toLowerCase()
  if (scheme !== undefined && scheme in SCHEMES) {
    const rest = text.slice(scheme.length + 3)
    const url = parseLnurlUrl(`https://${rest}`)
    if (isOnionHost(url.hostname)) url.protocol = 'http:'
    return { url, form: 'scheme', tagHint: SCHEMES[scheme] }
  }
  if (scheme === 'https' || scheme === 'http') {
    const url = parseLnurlUrl(text)
    for (const [key, value] of url.searchParams)
      if (key.toLowerCase() === 'lightning' && /^lnurl1/i.test(value))
        return { url: decodeBech32Url(value), form: 'lnurl' }
    throw new LnurlInvalidError('a web link without an LNURL in its `lightning` parameter')
  }
  if (text.includes('@')) return addressTarget(text.toLowerCase())
  throw new LnurlInvalidError('neither an LNURL, a LUD-17 link, nor a Lightning Address')
}

function addressTarget(address: string): LnurlTarget {
  const match = ADDRESS.exec(address)
  if (!match) throw new LnurlInvalidError('not a Lightning Address (name@domain)')
  const [, name, host, port = ''] = match as unknown as [string, string, string, string?]
  // LUD-16: https, or http for an onion domain; http on loopback for a service on this machine.
  const plain = allowsPlainHttp(host)
  const url = parseLnurlUrl(
    `${plain ? 'http' : 'https'}://${host}${port}/.well-known/lnurlp/${name}`,
  )
  return { url, form: 'address', address }
}

function decodeBech32Url(text: string): URL {
  let bytes: Uint8Array
  try {
    const { prefix, words } = bech32.decode(text as `${string}1${string}`, MAX_LNURL_LENGTH)
    if (prefix.toLowerCase() !== 'lnurl') throw new Error(`the prefix is ${prefix}`)
    bytes = bech32.fromWords(words)
  } catch (cause) {
    throw new LnurlInvalidError('not a valid bech32 LNURL', { cause })
  }
  let decoded: string
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (cause) {
    throw new LnurlInvalidError('the LNURL does not hold UTF-8 text', { cause })
  }
  return parseLnurlUrl(decoded)
}
