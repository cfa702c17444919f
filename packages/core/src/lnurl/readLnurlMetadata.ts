import { sha256Hex } from '../crypto/preimage.js'
import { utf8ToBytes } from '../encoding/encoding.js'
import type { Hex } from '../types/node.js'

/** What an LNURL-pay service says about itself (LUD-06, LUD-16, LUD-20): its `metadata`, read. */
export interface LnurlMetadata {
  /** The `text/plain` entry: a short description. Always there. */
  description: string
  /** `text/long-desc` (LUD-20): to show on the pay screen when present. */
  longDescription: string | undefined
  /** `image/png;base64` or `image/jpeg;base64`, as a `data:` URL. */
  image: string | undefined
  /** `text/identifier` (LUD-16): the Lightning Address the service says it is. */
  identifier: string | undefined
  /** `text/email` (LUD-16). */
  email: string | undefined
}

/** LUD-06: an image entry is up to 136,536 characters (100 KB of image). */
const MAX_IMAGE_LENGTH = 136_536

/**
 * Reads an LNURL-pay `metadata` string (LUD-06): a JSON array of
 * `[type, value]` arrays with one `text/plain` entry. Returns undefined when
 * it is not that; entries of other types are skipped, as the spec asks.
 */
export function readLnurlMetadata(raw: string): LnurlMetadata | undefined {
  let entries: unknown
  try {
    entries = JSON.parse(raw)
  } catch {
    return undefined
  }
  if (!Array.isArray(entries)) return undefined
  const text = (type: string): string | undefined => {
    const entry = entries.find(
      (e): e is [string, string] => Array.isArray(e) && e[0] === type && typeof e[1] === 'string',
    )
    return entry?.[1]
  }
  if (!entries.every((e) => Array.isArray(e) && typeof e[0] === 'string')) return undefined
  const description = text('text/plain')
  if (description === undefined) return undefined
  const png = text('image/png;base64')
  const jpeg = text('image/jpeg;base64')
  const image =
    png !== undefined && png.length <= MAX_IMAGE_LENGTH
      ? `data:image/png;base64,${png}`
      : jpeg !== undefined && jpeg.length <= MAX_IMAGE_LENGTH
        ? `data:image/jpeg;base64,${jpeg}`
        : undefined
  return {
    description,
    longDescription: text('text/long-desc'),
    image,
    identifier: text('text/identifier'),
    email: text('text/email'),
  }
}

/**
 * The description hash an LNURL-pay invoice must carry (LUD-06): SHA-256 of
 * the metadata string exactly as the service sent it, UTF-8 encoded, with the
 * payer data the wallet sent appended when there is some (LUD-18).
 */
export function lnurlDescriptionHash(metadata: string, payerData = ''): Hex {
  return sha256Hex(utf8ToBytes(metadata + payerData))
}
