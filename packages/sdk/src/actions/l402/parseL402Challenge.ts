import { L402Error } from '@btcfi/core'

/** An L402 challenge, as read from a 402 answer's `WWW-Authenticate` header. */
export interface L402Challenge {
  /** `L402`, or the older `LSAT` when the service sends only that. */
  scheme: 'L402' | 'LSAT'
  /** The macaroon, standard base64, as sent. */
  macaroon: string
  /** The BOLT 11 invoice to pay, as sent (not yet decoded). */
  invoice: string
}

/**
 * The longest `WWW-Authenticate` value read, in characters. Aperture's are
 * about 1,500 (a macaroon and an invoice, twice: once as `LSAT`, once as
 * `L402`); anything far longer is refused unread.
 */
export const MAX_L402_CHALLENGE_LENGTH = 8_192

/** A BOLT 11 invoice is at most a few thousand characters; a macaroon, a few hundred bytes. */
const MAX_FIELD_LENGTH = 4_096

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/
const TOKEN68 = /^[A-Za-z0-9._~+/-]+=*/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const INVOICE = /^ln[a-z0-9]+$/i

/**
 * Reads the L402 challenge of a `WWW-Authenticate` header (RFC 7235: one or
 * more challenges, comma-separated, as `fetch` joins several headers): the
 * first `L402` challenge, else the first `LSAT` one, with its `macaroon`
 * (base64) and `invoice` parameters. Other schemes (`Bearer`, `Payment`) are
 * skipped. Throws `L402Error` (`L402_CHALLENGE`) and nothing else: `too-large`
 * over `MAX_L402_CHALLENGE_LENGTH` characters, `malformed` for anything that
 * is not such a challenge. The invoice is checked for its form only: decode
 * it before paying.
 *
 * @example
 * parseL402Challenge('L402 macaroon="AgEE…", invoice="lnbcrt10n1…"')
 * // { scheme: 'L402', macaroon: 'AgEE…', invoice: 'lnbcrt10n1…' }
 */
export function parseL402Challenge(header: string | null | undefined, host = ''): L402Challenge {
  const malformed = (reason: string) => new L402Error(host, 'malformed', reason)
  if (typeof header !== 'string' || header.trim() === '')
    throw malformed('a 402 without a WWW-Authenticate challenge')
  if (header.length > MAX_L402_CHALLENGE_LENGTH) {
    throw new L402Error(
      host,
      'too-large',
      `a WWW-Authenticate header of more than ${MAX_L402_CHALLENGE_LENGTH} characters`,
    )
  }
  const challenges = readChallenges(header)
  if (challenges === undefined) throw malformed('a WWW-Authenticate header that is not RFC 7235')
  const chosen =
    challenges.find((c) => c.scheme === 'L402') ?? challenges.find((c) => c.scheme === 'LSAT')
  if (chosen === undefined) throw malformed('no L402 challenge')
  const { params } = chosen
  if (params === undefined) throw malformed('an L402 challenge without parameters')
  const macaroon = params.get('macaroon')
  const invoice = params.get('invoice')
  if (macaroon === undefined || invoice === undefined)
    throw malformed('an L402 challenge without a macaroon and an invoice')
  if (macaroon.length === 0 || macaroon.length > MAX_FIELD_LENGTH || !BASE64.test(macaroon))
    throw malformed('a macaroon that is not base64')
  if (invoice.length > MAX_FIELD_LENGTH || !INVOICE.test(invoice))
    throw malformed('an invoice that is not BOLT 11')
  return { scheme: chosen.scheme as 'L402' | 'LSAT', macaroon, invoice }
}

interface Challenge {
  /** Upper case. */
  scheme: string
  /** Lower-case names; undefined for a token68 or no parameters; a name given twice is refused. */
  params: Map<string, string> | undefined
}

/** RFC 7235's `1#challenge`, or undefined when the text is not one. */
function readChallenges(text: string): Challenge[] | undefined {
  let at = 0
  const skip = (chars: string) => {
    while (at < text.length && chars.includes(text[at]!)) at++
  }
  const match = (pattern: RegExp) => {
    const found = pattern.exec(text.slice(at))
    if (found === null) return undefined
    at += found[0].length
    return found[0]
  }
  /** A parameter `name = value` at `at`, or undefined (and `at` unmoved). */
  const param = (): [string, string] | undefined => {
    const start = at
    const name = match(TOKEN)
    skip(' \t')
    if (name === undefined || text[at] !== '=') {
      at = start
      return undefined
    }
    at++
    skip(' \t')
    const value = text[at] === '"' ? quoted() : match(TOKEN)
    if (value === undefined) {
      at = start
      return undefined
    }
    return [name.toLowerCase(), value]
  }
  const quoted = () => {
    let out = ''
    for (at++; at < text.length; at++) {
      const char = text[at]!
      if (char === '"') {
        at++
        return out
      }
      if (char === '\\') at++
      if (at < text.length) out += text[at]
    }
    return undefined
  }

  const challenges: Challenge[] = []
  for (;;) {
    skip(' \t,')
    if (at >= text.length) break
    const scheme = match(TOKEN)
    if (scheme === undefined) return undefined
    const challenge: Challenge = { scheme: scheme.toUpperCase(), params: undefined }
    challenges.push(challenge)
    if (at >= text.length) break
    if (text[at] === ',') continue
    if (text[at] !== ' ' && text[at] !== '\t') return undefined
    skip(' \t')
    const first = param()
    if (first === undefined) {
      // token68, or a scheme alone
      if (at < text.length && text[at] !== ',') {
        if (match(TOKEN68) === undefined) return undefined
        skip(' \t')
        if (at < text.length && text[at] !== ',') return undefined
      }
      continue
    }
    const params = new Map<string, string>([first])
    challenge.params = params
    for (;;) {
      skip(' \t')
      if (at >= text.length || text[at] !== ',') break
      const back = at
      at++
      skip(' \t,')
      const next = param()
      if (next === undefined) {
        // the next challenge starts here
        at = back
        break
      }
      if (params.has(next[0])) return undefined
      params.set(next[0], next[1])
    }
    if (at < text.length && text[at] !== ',') return undefined
  }
  return challenges
}
