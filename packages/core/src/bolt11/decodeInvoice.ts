import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bech32, bech32m, createBase58check } from '@scure/base'
import { bytesToHex } from '../encoding/encoding.js'
import { InvoiceDecodeError } from '../errors/invoice.js'
import type { Network } from '../types/node.js'
import { bech32Words } from './bech32Words.js'
import type {
  DecodedInvoice,
  InvoiceFeature,
  InvoiceFields,
  RouteHintHop,
} from './DecodedInvoice.js'

// A BOLT 11 reader on audited primitives (@noble/curves secp256k1, @scure/base
// for fallback addresses), with its own bech32 reader of the data part
// (`bech32Words`, checked against @scure/base's). It follows the reader
// requirements of the specification, including those the `bolt11` package misses: fields of the wrong length are
// skipped, unknown compulsory features and a missing `s` are rejected, and a
// high-S signature is refused when `n` is given.

const SIGNATURE_WORDS = 104
const base58check = createBase58check(sha256)

interface Chain {
  network: Network
  bech32: string
  pubKeyHash: number
  scriptHash: number
}

const CHAINS: Record<string, Chain> = {
  bc: { network: 'mainnet', bech32: 'bc', pubKeyHash: 0x00, scriptHash: 0x05 },
  tb: { network: 'testnet', bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4 },
  tbs: { network: 'signet', bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4 },
  bcrt: { network: 'regtest', bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4 },
  sb: { network: 'simnet', bech32: 'sb', pubKeyHash: 0x3f, scriptHash: 0x7b },
}

/** msat per unit of each multiplier; `p` is a tenth of a msat. */
const MULTIPLIERS: Record<string, bigint> = { m: 100_000_000n, u: 100_000n, n: 100n }
const MSAT_PER_BTC = 100_000_000_000n

/**
 * BOLT 9 feature names for the bits an invoice may carry (even bit of each
 * pair), and lnd's AMP (30/31, not in BOLT 9): lnd's AMP invoices set it
 * compulsory, and lnd pays them (`payInvoice` with `amp`).
 */
const FEATURE_NAMES: Record<number, string> = {
  8: 'var_onion_optin',
  14: 'payment_secret',
  16: 'basic_mpp',
  24: 'option_route_blinding',
  30: 'amp',
  48: 'option_payment_metadata',
}

const TAG = {
  p: 1,
  r: 3,
  f: 9,
  x: 6,
  d: 13,
  s: 16,
  n: 19,
  h: 23,
  c: 24,
  m: 27,
  features: 5,
} as const

/** The length in words a field must have to count (BOLT 11: others are skipped). */
const FIELD_LENGTHS: Partial<Record<number, number>> = {
  [TAG.p]: 52,
  [TAG.s]: 52,
  [TAG.h]: 52,
  [TAG.n]: 53,
}

/**
 * Decodes and checks a BOLT 11 invoice: checksum, amount, signature (against
 * `n` or by recovery), fields. Any failure is an `InvoiceDecodeError`.
 *
 * @example
 * const invoice = decodeInvoice('lnbcrt10u1p...')
 * invoice.amountMsat // 1_000_000n
 */
export function decodeInvoice(paymentRequest: string): DecodedInvoice {
  const { fields, signature } = _readBolt11(paymentRequest)
  return { ...fields, payee: bytesToHex(payeeOf(signature)) }
}

/** What the signature check needs, kept for it (see `readInvoice`). */
interface SignedPart {
  prefix: string
  /** The data part's words: the signed data, then the signature's 104. */
  words: Uint8Array
  /** Where the `n` field (the payee's key) starts, when the invoice has one. */
  n: number | undefined
}

/** A field's place in the words: the first of its tag of the right length counts. */
interface Span {
  start: number
  length: number
}

const utf8Decoder = /* @__PURE__ */ new TextDecoder()

/**
 * The fields of a BOLT 11 invoice, all checked but the signature: `decodeInvoice`
 * checks it (recovering the payee's key, milliseconds of CPU in JS), `readInvoice`
 * leaves it to the node that pays. Fields are read in place from the words,
 * without copying them: a payer reads one invoice per payment.
 */
export function _readBolt11(paymentRequest: string): {
  fields: InvoiceFields
  signature: SignedPart
} {
  if (typeof paymentRequest !== 'string') throw new InvoiceDecodeError('expected a string')
  const text = paymentRequest.trim().replace(/^lightning:/i, '')
  let prefix: string
  let words: Uint8Array
  try {
    ;({ prefix, words } = bech32Words(text))
  } catch (cause) {
    throw new InvoiceDecodeError('not a valid bech32 string', { cause })
  }
  if (words.length < 7 + SIGNATURE_WORDS) throw new InvoiceDecodeError('too short')
  const { chain, amountMsat } = parseHumanReadablePart(prefix)

  const dataEnd = words.length - SIGNATURE_WORDS
  const timestamp = wordsToNumber(words, 0, 7)

  // The first field of each tag of the right length (BOLT 11 skips the others);
  // every route hint and fallback address.
  const first = new Map<number, Span>()
  const routeHints: Span[] = []
  const fallbacks: Span[] = []
  for (let i = 7; i < dataEnd; ) {
    if (i + 3 > dataEnd) throw new InvoiceDecodeError('a tagged field runs past the end')
    const tag = words[i]!
    const length = words[i + 1]! * 32 + words[i + 2]!
    const start = i + 3
    if (start + length > dataEnd) throw new InvoiceDecodeError('a tagged field runs past the end')
    const wanted = FIELD_LENGTHS[tag]
    if (tag === TAG.r) routeHints.push({ start, length })
    else if (tag === TAG.f) fallbacks.push({ start, length })
    else if (!first.has(tag) && (wanted === undefined || wanted === length))
      first.set(tag, { start, length })
    i = start + length
  }

  const paymentHash = first.get(TAG.p)
  if (!paymentHash) throw new InvoiceDecodeError('no payment hash (p)')
  const paymentSecret = first.get(TAG.s)
  if (!paymentSecret) throw new InvoiceDecodeError('no payment secret (s)')

  const featureSpan = first.get(TAG.features)
  const features = featureSpan ? parseFeatures(words, featureSpan) : []
  const unknownRequired = features.find((f) => f.required && f.name === undefined)
  if (unknownRequired)
    throw new InvoiceDecodeError(`unknown compulsory feature bit ${unknownRequired.bit}`)

  const expiry = first.get(TAG.x)
  const expirySeconds = (expiry && wordsToNumber(words, expiry.start, expiry.length)) || 3600
  const cltv = first.get(TAG.c)
  const description = first.get(TAG.d)
  const descriptionHash = first.get(TAG.h)
  const metadata = first.get(TAG.m)
  const hexOf = (span: Span) => bytesToHex(wordsToBytes(words, span.start, span.length, false))
  const invoiceFields: InvoiceFields = {
    // Copied only when it has capitals (bech32 is all one case).
    paymentRequest: /[A-Z]/.test(text) ? text.toLowerCase() : text,
    network: chain.network,
    paymentHash: hexOf(paymentHash),
    paymentSecret: hexOf(paymentSecret),
    amountMsat,
    description: description
      ? utf8Decoder.decode(wordsToBytes(words, description.start, description.length, false))
      : undefined,
    descriptionHash: descriptionHash ? hexOf(descriptionHash) : undefined,
    createdAt: new Date(timestamp * 1000),
    expiresAt: new Date((timestamp + expirySeconds) * 1000),
    expirySeconds,
    minFinalCltvExpiry: cltv ? wordsToNumber(words, cltv.start, cltv.length) : 18,
    routeHints: routeHints.map((span) =>
      parseRouteHint(wordsToBytes(words, span.start, span.length, false)),
    ),
    features,
    fallbackAddresses: fallbacks.flatMap((span) => fallbackAddress(words, span, chain)),
    metadata: metadata ? hexOf(metadata) : undefined,
  }
  // The signature's last byte (its 65th, bits 512-519 of its 520) is the recovery id.
  const recovery = ((words[dataEnd + 102]! & 0b111) << 5) | words[dataEnd + 103]!
  if (recovery > 3) throw new InvoiceDecodeError('malformed signature')
  return {
    fields: invoiceFields,
    signature: { prefix, words, n: first.get(TAG.n)?.start },
  }
}

/** The payee's key: checked against `n`, or recovered from the signature. */
function payeeOf({ prefix, words, n }: SignedPart): Uint8Array {
  const dataEnd = words.length - SIGNATURE_WORDS
  // Signature: over the human-readable part and the data, as bytes.
  const message = sha256(
    new Uint8Array([...new TextEncoder().encode(prefix), ...wordsToBytes(words, 0, dataEnd, true)]),
  )
  const signatureBytes = wordsToBytes(words, dataEnd, SIGNATURE_WORDS, true)
  const recovery = signatureBytes[64]!
  const compact = signatureBytes.slice(0, 64)
  let payee: Uint8Array
  try {
    if (n !== undefined) {
      payee = wordsToBytes(words, n, 53, false)
      if (!secp256k1.verify(compact, message, payee, { prehash: false, lowS: true })) {
        throw new Error('signature does not match the payee key (n)')
      }
    } else {
      // Signers give the recovery id of the low-S form (what libsecp256k1
      // produces); a high-S signature is read as its low-S twin.
      const signature = secp256k1.Signature.fromBytes(compact, 'compact')
      const lowS = signature.hasHighS()
        ? new secp256k1.Signature(signature.r, secp256k1.Point.Fn.ORDER - signature.s)
        : signature
      payee = lowS.addRecoveryBit(recovery).recoverPublicKey(message).toBytes(true)
    }
  } catch (cause) {
    throw new InvoiceDecodeError('invalid signature', { cause })
  }
  return payee
}

function parseHumanReadablePart(prefix: string): { chain: Chain; amountMsat: bigint | undefined } {
  const match = /^ln(bcrt|tbs|bc|tb|sb)(\d+)?([munp])?$/.exec(prefix)
  if (!match) throw new InvoiceDecodeError(`unknown prefix or amount "${prefix}"`)
  const chain = CHAINS[match[1]!]!
  const [, , digits, multiplier] = match
  if (digits === undefined) {
    if (multiplier) throw new InvoiceDecodeError('a multiplier without an amount')
    return { chain, amountMsat: undefined }
  }
  const value = BigInt(digits)
  let amountMsat: bigint
  if (multiplier === undefined) amountMsat = value * MSAT_PER_BTC
  else if (multiplier === 'p') {
    if (value % 10n !== 0n) throw new InvoiceDecodeError('an amount finer than a millisatoshi')
    amountMsat = value / 10n
  } else amountMsat = value * MULTIPLIERS[multiplier]!
  if (amountMsat === 0n) throw new InvoiceDecodeError('a zero amount')
  return { chain, amountMsat }
}

/** 5-bit words (`length` from `start`) to bytes; `pad` keeps a last partial byte (signature, signed data). */
function wordsToBytes(words: Uint8Array, start: number, length: number, pad: boolean): Uint8Array {
  const bits = length * 5
  const bytes = new Uint8Array(pad ? Math.ceil(bits / 8) : Math.floor(bits / 8))
  let accumulator = 0
  let held = 0
  let j = 0
  for (let i = start; i < start + length; i++) {
    accumulator = ((accumulator << 5) | words[i]!) & 0xfff
    held += 5
    if (held >= 8) {
      held -= 8
      bytes[j++] = (accumulator >> held) & 0xff
    }
  }
  if (pad && held > 0) bytes[j] = (accumulator << (8 - held)) & 0xff
  return bytes
}

function wordsToNumber(words: Uint8Array, start: number, length: number): number {
  let value = 0
  for (let i = start; i < start + length; i++) value = value * 32 + words[i]!
  return value
}

function parseFeatures(words: Uint8Array, { start, length }: Span): InvoiceFeature[] {
  const features: InvoiceFeature[] = []
  // The last word holds bits 0-4: read from the end, the bits come in order.
  for (let index = length - 1; index >= 0; index--) {
    const word = words[start + index]!
    for (let b = 0; b < 5; b++) {
      if (((word >> b) & 1) === 0) continue
      const bit = (length - 1 - index) * 5 + b
      features.push({ bit, name: FEATURE_NAMES[bit - (bit % 2)], required: bit % 2 === 0 })
    }
  }
  return features
}

function parseRouteHint(bytes: Uint8Array): RouteHintHop[] {
  const hops: RouteHintHop[] = []
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let offset = 0; offset + 51 <= bytes.length; offset += 51) {
    const scid = view.getBigUint64(offset + 33)
    hops.push({
      pubkey: bytesToHex(bytes.slice(offset, offset + 33)),
      shortChannelId: `${scid >> 40n}x${(scid >> 16n) & 0xffffffn}x${scid & 0xffffn}`,
      feeBaseMsat: BigInt(view.getUint32(offset + 41)),
      feeProportionalMillionths: view.getUint32(offset + 45),
      cltvExpiryDelta: view.getUint16(offset + 49),
    })
  }
  return hops
}

/** A fallback on-chain address; unknown versions are skipped (BOLT 11). */
function fallbackAddress(words: Uint8Array, { start, length }: Span, chain: Chain): string[] {
  if (length === 0) return []
  const version = words[start]!
  const program = wordsToBytes(words, start + 1, length - 1, false)
  if (version === 17 || version === 18) {
    if (program.length !== 20) return []
    const prefix = version === 17 ? chain.pubKeyHash : chain.scriptHash
    return [base58check.encode(new Uint8Array([prefix, ...program]))]
  }
  if (version > 16) return []
  const coder = version === 0 ? bech32 : bech32m
  return [coder.encode(chain.bech32, [version, ...coder.toWords(program)])]
}
