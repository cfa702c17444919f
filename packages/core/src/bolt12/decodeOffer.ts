import { secp256k1 } from '@noble/curves/secp256k1.js'
import type { InvoiceFeature } from '../bolt11/DecodedInvoice.js'
import { bytesToHex } from '../encoding/encoding.js'
import { OfferDecodeError } from '../errors/offer.js'
import type { Hex, Network } from '../types/node.js'
import { bolt12Kind } from './bolt12Kind.js'
import type {
  BlindedHop,
  BlindedPath,
  DecodedOffer,
  IntroductionNode,
  OfferChain,
  OfferUnknownField,
} from './DecodedOffer.js'

// A reader of BOLT 12 offers: the string encoding (bech32 words without a
// checksum, `+` joins), the TLV stream of BOLT 1 (minimal BigSize and tu64,
// strictly increasing types) and the reader requirements of an offer. It
// only decodes: whether the offer has expired, or is for the node's chain, is
// for the caller to compare.

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'

/** Genesis block hashes as BOLT 12 writes them (the wire's byte order). */
const CHAIN_NETWORKS: Readonly<Record<string, Network>> = {
  '6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000': 'mainnet',
  '43497fd7f826957108f4a30fd9cec3aeba79972084e90ead01ea330900000000': 'testnet',
  '43f08bdab050e35b567c864b91f47f50ae725ae2de53bcfbbaf284da00000000': 'testnet4',
  f61eee3b63a380a477a063af32b2bbc97c9ff9f01f2c4225e973988108000000: 'signet',
  '06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f': 'regtest',
  f67ad7695d9b662a72ff3d8edbbb2de0bfa67b13974bb9910d116d5cbd863e68: 'simnet',
}
const BITCOIN = '6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000'

const TYPE = {
  chains: 2,
  metadata: 4,
  currency: 6,
  amount: 8,
  description: 10,
  features: 12,
  absoluteExpiry: 14,
  paths: 16,
  issuer: 18,
  quantityMax: 20,
  issuerId: 22,
} as const
/** The types this decoder reads (any other odd type is kept as unknown). */
const KNOWN_TYPES = new Set<number>(Object.values(TYPE))

/** The latest time a `Date` holds, for an expiry beyond it. */
const MAX_DATE_MS = 8.64e15

/** What `decodeOffer` throws. */
export type DecodeOfferErrorType = 'OFFER_INVALID'

const utf8Decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true })

/**
 * Decodes and checks a BOLT 12 offer (`lno1…`, optionally `lightning:lno1…`,
 * in one case, with `+` joins followed by whitespace where it was cut). Any
 * failure is an `OfferDecodeError` saying which rule failed; an invoice
 * request (`lnr1…`), a BOLT 12 invoice (`lni1…`) or a BOLT 11 invoice is
 * refused as "not an offer". Fields out of BOLT 12's ranges, unknown even
 * types and compulsory features are refused, as the readers' requirements
 * say; unknown odd fields are kept in `unknownFields`.
 *
 * @example
 * const offer = decodeOffer('lno1pgx9getnwss8vetrw3hhyuckyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg')
 * offer.description // 'Test vectors'
 * offer.issuerId // '02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619'
 */
export function decodeOffer(text: string): DecodedOffer {
  if (typeof text !== 'string') throw new OfferDecodeError('expected a string')
  const joined = join(text.trim().replace(/^lightning:/i, ''))
  const lower = joined.toLowerCase()
  if (joined !== lower && joined !== joined.toUpperCase()) throw new OfferDecodeError('mixed case')
  const separator = lower.lastIndexOf('1')
  const prefix = separator === -1 ? lower : lower.slice(0, separator)
  if (prefix !== 'lno') throw new OfferDecodeError(notAnOffer(lower, prefix))
  const bytes = wordsToBytes(lower.slice(separator + 1))
  return readOffer(lower, bytes)
}

/** Removes each `+` and the whitespace after it, where it stands between two characters of the string. */
function join(text: string): string {
  if (!text.includes('+')) return text
  const parts = text.split(/\+\s*/)
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if ((i > 0 && !/^[a-z0-9]/i.test(part)) || (i < parts.length - 1 && !/[a-z0-9]$/i.test(part)))
      throw new OfferDecodeError('a "+" that is not between two characters of the offer')
  }
  return parts.join('')
}

function notAnOffer(text: string, prefix: string): string {
  const kind = bolt12Kind(text)
  if (kind === 'invoice-request') return 'an invoice request (lnr1…), not an offer'
  if (kind === 'invoice') return 'a BOLT 12 invoice (lni1…), not an offer'
  if (/^ln(bc|tb|bcrt|tbs|sb)\d*[munp]?$/.test(prefix)) return 'a BOLT 11 invoice, not an offer'
  return 'expected the prefix "lno1"'
}

/** The data part's 5-bit words as bytes; at most 4 bits of padding, all zero. */
function wordsToBytes(data: string): Uint8Array {
  const bytes = new Uint8Array(Math.floor((data.length * 5) / 8))
  let accumulator = 0
  let held = 0
  let j = 0
  for (let i = 0; i < data.length; i++) {
    const word = CHARSET.indexOf(data[i]!)
    if (word === -1) throw new OfferDecodeError(`"${data[i]}" is not a bech32 character`)
    accumulator = ((accumulator << 5) | word) & 0xfff
    held += 5
    if (held >= 8) {
      held -= 8
      bytes[j++] = (accumulator >> held) & 0xff
    }
  }
  if (held > 4) throw new OfferDecodeError('more than 4 bits of padding')
  if ((accumulator & ((1 << held) - 1)) !== 0) throw new OfferDecodeError('non-zero padding')
  return bytes
}

/** A cursor over a TLV value (or the whole stream); every read checks the length left. */
class Reader {
  offset = 0
  constructor(
    readonly bytes: Uint8Array,
    readonly what: string,
  ) {}

  get left(): number {
    return this.bytes.length - this.offset
  }

  take(length: number): Uint8Array {
    if (length > this.left) throw new OfferDecodeError(`${this.what} is truncated`)
    const out = this.bytes.subarray(this.offset, this.offset + length)
    this.offset += length
    return out
  }

  byte(): number {
    return this.take(1)[0]!
  }

  /** BOLT 1's BigSize, minimally encoded. */
  bigSize(): bigint {
    const first = this.byte()
    if (first < 0xfd) return BigInt(first)
    const width = first === 0xfd ? 2 : first === 0xfe ? 4 : 8
    const value = bigEndian(this.take(width))
    const least = first === 0xfd ? 0xfdn : first === 0xfe ? 0x1_0000n : 0x1_0000_0000n
    if (value < least)
      throw new OfferDecodeError(`${this.what} has a BigSize not minimally encoded`)
    return value
  }

  point(name: string): Hex {
    const bytes = this.take(33)
    try {
      secp256k1.Point.fromBytes(bytes)
    } catch (cause) {
      throw new OfferDecodeError(`${name} is not a valid public key`, { cause })
    }
    return bytesToHex(bytes)
  }
}

function bigEndian(bytes: Uint8Array): bigint {
  let value = 0n
  for (const byte of bytes) value = (value << 8n) | BigInt(byte)
  return value
}

/** BOLT 1's tu64: up to 8 bytes, big-endian, without leading zeros. */
function tu64(value: Uint8Array, name: string): bigint {
  if (value.length > 8) throw new OfferDecodeError(`${name} is longer than 8 bytes`)
  if (value.length > 0 && value[0] === 0)
    throw new OfferDecodeError(`${name} is not minimally encoded`)
  return bigEndian(value)
}

function utf8(value: Uint8Array, name: string): string {
  try {
    return utf8Decoder.decode(value)
  } catch (cause) {
    throw new OfferDecodeError(`${name} is not valid UTF-8`, { cause })
  }
}

function inRange(type: bigint): boolean {
  return (type >= 1n && type <= 79n) || (type >= 1_000_000_000n && type <= 1_999_999_999n)
}

function readOffer(offer: string, bytes: Uint8Array): DecodedOffer {
  if (bytes.length === 0) throw new OfferDecodeError('no fields')
  const stream = new Reader(bytes, 'the TLV stream')
  const fields = new Map<number, Uint8Array>()
  const unknownFields: OfferUnknownField[] = []
  let previous = -1n
  while (stream.left > 0) {
    const type = stream.bigSize()
    const length = stream.bigSize()
    if (type <= previous) throw new OfferDecodeError(`field ${type} is out of order`)
    previous = type
    if (!inRange(type))
      throw new OfferDecodeError(`field ${type} is outside the ranges of an offer (1-79, 1e9-2e9)`)
    if (length > BigInt(stream.left)) throw new OfferDecodeError(`field ${type} is truncated`)
    const value = stream.take(Number(length))
    if (KNOWN_TYPES.has(Number(type))) fields.set(Number(type), value)
    else if (type % 2n === 0n) throw new OfferDecodeError(`unknown even field ${type}`)
    else unknownFields.push({ type: Number(type), value: bytesToHex(value) })
  }

  const field = <T>(type: number, read: (value: Uint8Array) => T): T | undefined => {
    const value = fields.get(type)
    return value === undefined ? undefined : read(value)
  }
  const chains = field(TYPE.chains, readChains)
  const currency = field(TYPE.currency, (v) => utf8(v, 'offer_currency'))
  const amount = field(TYPE.amount, (v) => tu64(v, 'offer_amount'))
  const description = field(TYPE.description, (v) => utf8(v, 'offer_description'))
  const features = field(TYPE.features, readFeatures) ?? []
  const expiry = field(TYPE.absoluteExpiry, (v) => tu64(v, 'offer_absolute_expiry'))
  const paths = field(TYPE.paths, readPaths)
  const issuer = field(TYPE.issuer, (v) => utf8(v, 'offer_issuer'))
  const quantityMax = field(TYPE.quantityMax, (v) => tu64(v, 'offer_quantity_max'))
  const issuerId = field(TYPE.issuerId, (v) => {
    if (v.length !== 33) throw new OfferDecodeError('offer_issuer_id is not 33 bytes')
    return new Reader(v, 'offer_issuer_id').point('offer_issuer_id')
  })

  if (amount !== undefined && description === undefined)
    throw new OfferDecodeError('an amount without a description')
  if (amount === 0n) throw new OfferDecodeError('a zero amount')
  if (currency !== undefined && amount === undefined)
    throw new OfferDecodeError('a currency without an amount')
  if (issuerId === undefined && paths === undefined)
    throw new OfferDecodeError('neither an issuer id nor paths')
  const unknownCompulsory = features.find((f) => f.required)
  if (unknownCompulsory)
    throw new OfferDecodeError(`unknown compulsory feature bit ${unknownCompulsory.bit}`)

  return {
    offer,
    chains: chains ?? [{ chainHash: BITCOIN, network: 'mainnet' }],
    metadata: field(TYPE.metadata, bytesToHex),
    currency,
    amount,
    amountMsat: currency === undefined ? amount : undefined,
    description,
    features,
    absoluteExpiry:
      expiry === undefined
        ? undefined
        : new Date(expiry > BigInt(MAX_DATE_MS / 1000) ? MAX_DATE_MS : Number(expiry) * 1000),
    paths: paths ?? [],
    issuer,
    quantityMax,
    issuerId,
    unknownFields,
  }
}

function readChains(value: Uint8Array): OfferChain[] {
  if (value.length === 0 || value.length % 32 !== 0)
    throw new OfferDecodeError('offer_chains is not a list of 32-byte chain hashes')
  const chains: OfferChain[] = []
  for (let offset = 0; offset < value.length; offset += 32) {
    const chainHash = bytesToHex(value.subarray(offset, offset + 32))
    chains.push({ chainHash, network: CHAIN_NETWORKS[chainHash] })
  }
  return chains
}

/** Feature bits, lowest first; bit 0 is the last byte's lowest bit. */
function readFeatures(value: Uint8Array): InvoiceFeature[] {
  const features: InvoiceFeature[] = []
  for (let index = value.length - 1; index >= 0; index--) {
    const byte = value[index]!
    for (let b = 0; b < 8; b++) {
      if (((byte >> b) & 1) === 0) continue
      const bit = (value.length - 1 - index) * 8 + b
      // BOLT 9 defines no feature for offers: no bit has a name.
      features.push({ bit, name: undefined, required: bit % 2 === 0 })
    }
  }
  return features
}

/** `offer_paths`: one or more BOLT 4 `blinded_path`s, each with at least one hop. */
function readPaths(value: Uint8Array): BlindedPath[] {
  if (value.length === 0) throw new OfferDecodeError('offer_paths holds no path')
  const reader = new Reader(value, 'offer_paths')
  const paths: BlindedPath[] = []
  while (reader.left > 0) {
    const introductionNode = readIntroductionNode(reader)
    const pathKey = reader.point('a path key (first_path_key)')
    const count = reader.byte()
    if (count === 0) throw new OfferDecodeError('a blinded path without hops')
    const hops: BlindedHop[] = []
    for (let i = 0; i < count; i++) {
      const blindedNodeId = reader.point('a blinded node id')
      const length = (reader.byte() << 8) | reader.byte()
      hops.push({ blindedNodeId, encryptedData: bytesToHex(reader.take(length)) })
    }
    paths.push({ introductionNode, pathKey, hops })
  }
  return paths
}

/** BOLT 4's `sciddir_or_pubkey`: 0 or 1 and a short channel id, or a 33-byte key. */
function readIntroductionNode(reader: Reader): IntroductionNode {
  const first = reader.bytes[reader.offset]
  if (first === 0 || first === 1) {
    reader.byte()
    const scid = bigEndian(reader.take(8))
    return {
      shortChannelId: `${scid >> 40n}x${(scid >> 16n) & 0xffffffn}x${scid & 0xffffn}`,
      direction: first,
    }
  }
  return { nodeId: reader.point('an introduction node (first_node_id)') }
}
