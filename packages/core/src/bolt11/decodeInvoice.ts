import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bech32, bech32m, createBase58check } from '@scure/base'
import { bytesToHex } from '../encoding/encoding.js'
import { InvoiceDecodeError } from '../errors/invoice.js'
import type { Network } from '../types/node.js'
import type {
  DecodedInvoice,
  InvoiceFeature,
  InvoiceFields,
  RouteHintHop,
} from './DecodedInvoice.js'

// A BOLT 11 reader on audited primitives (@scure/base bech32, @noble/curves
// secp256k1). It follows the reader requirements of the specification,
// including those the `bolt11` package misses: fields of the wrong length are
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

/** BOLT 9 feature names for the bits an invoice may carry (even bit of each pair). */
const FEATURE_NAMES: Record<number, string> = {
  8: 'var_onion_optin',
  14: 'payment_secret',
  16: 'basic_mpp',
  24: 'option_route_blinding',
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
  data: number[]
  signatureBytes: Uint8Array
  /** The `n` field (the payee's key), when the invoice has one. */
  n: number[] | undefined
}

/**
 * The fields of a BOLT 11 invoice, all checked but the signature: `decodeInvoice`
 * checks it (recovering the payee's key, milliseconds of CPU in JS), `readInvoice`
 * leaves it to the node that pays.
 */
export function _readBolt11(paymentRequest: string): {
  fields: InvoiceFields
  signature: SignedPart
} {
  if (typeof paymentRequest !== 'string') throw new InvoiceDecodeError('expected a string')
  const text = paymentRequest.trim().replace(/^lightning:/i, '')
  let prefix: string
  let words: number[]
  try {
    ;({ prefix, words } = bech32.decode(text as `${string}1${string}`, false))
  } catch (cause) {
    throw new InvoiceDecodeError('not a valid bech32 string', { cause })
  }
  prefix = prefix.toLowerCase()
  if (words.length < 7 + SIGNATURE_WORDS) throw new InvoiceDecodeError('too short')
  const { chain, amountMsat } = parseHumanReadablePart(prefix)

  const data = words.slice(0, -SIGNATURE_WORDS)
  const signatureBytes = wordsToBytes(words.slice(-SIGNATURE_WORDS), true)
  const timestamp = wordsToNumber(data.slice(0, 7))

  const fields = new Map<number, number[][]>()
  for (let i = 7; i < data.length; ) {
    const tag = data[i]!
    const length = (data[i + 1] ?? 0) * 32 + (data[i + 2] ?? 0)
    const value = data.slice(i + 3, i + 3 + length)
    if (i + 3 > data.length || value.length !== length)
      throw new InvoiceDecodeError('a tagged field runs past the end')
    fields.set(tag, [...(fields.get(tag) ?? []), value])
    i += 3 + length
  }
  // Fields of the wrong length are skipped (BOLT 11): the first right one counts.
  const first = (tag: number, length?: number) =>
    fields.get(tag)?.find((value) => length === undefined || value.length === length)

  const paymentHash = first(TAG.p, 52)
  if (!paymentHash) throw new InvoiceDecodeError('no payment hash (p)')
  const paymentSecret = first(TAG.s, 52)
  if (!paymentSecret) throw new InvoiceDecodeError('no payment secret (s)')

  const features = parseFeatures(first(TAG.features) ?? [])
  const unknownRequired = features.find((f) => f.required && f.name === undefined)
  if (unknownRequired)
    throw new InvoiceDecodeError(`unknown compulsory feature bit ${unknownRequired.bit}`)

  const expirySeconds = wordsToNumber(first(TAG.x) ?? []) || 3600
  const cltv = first(TAG.c)
  const description = first(TAG.d)
  const descriptionHash = first(TAG.h, 52)
  const metadata = first(TAG.m)
  const invoiceFields: InvoiceFields = {
    paymentRequest: text.toLowerCase(),
    network: chain.network,
    paymentHash: bytesToHex(wordsToBytes(paymentHash, false)),
    paymentSecret: bytesToHex(wordsToBytes(paymentSecret, false)),
    amountMsat,
    description: description
      ? new TextDecoder().decode(wordsToBytes(description, false))
      : undefined,
    descriptionHash: descriptionHash ? bytesToHex(wordsToBytes(descriptionHash, false)) : undefined,
    createdAt: new Date(timestamp * 1000),
    expiresAt: new Date((timestamp + expirySeconds) * 1000),
    expirySeconds,
    minFinalCltvExpiry: cltv ? wordsToNumber(cltv) : 18,
    routeHints: (fields.get(TAG.r) ?? []).map((value) =>
      parseRouteHint(wordsToBytes(value, false)),
    ),
    features,
    fallbackAddresses: (fields.get(TAG.f) ?? []).flatMap((value) => fallbackAddress(value, chain)),
    metadata: metadata ? bytesToHex(wordsToBytes(metadata, false)) : undefined,
  }
  if (signatureBytes.length !== 65 || signatureBytes[64]! > 3)
    throw new InvoiceDecodeError('malformed signature')
  return {
    fields: invoiceFields,
    signature: { prefix, data, signatureBytes, n: first(TAG.n, 53) },
  }
}

/** The payee's key: checked against `n`, or recovered from the signature. */
function payeeOf({ prefix, data, signatureBytes, n }: SignedPart): Uint8Array {
  // Signature: over the human-readable part and the data, as bytes.
  const message = sha256(
    new Uint8Array([...new TextEncoder().encode(prefix), ...wordsToBytes(data, true)]),
  )
  const recovery = signatureBytes[64]!
  const compact = signatureBytes.slice(0, 64)
  let payee: Uint8Array
  try {
    if (n) {
      payee = wordsToBytes(n, false)
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

/** 5-bit words to bytes; `pad` keeps a last partial byte (signature, signed data). */
function wordsToBytes(words: readonly number[], pad: boolean): Uint8Array {
  const bytes: number[] = []
  let accumulator = 0
  let bits = 0
  for (const word of words) {
    accumulator = (accumulator << 5) | word
    bits += 5
    while (bits >= 8) {
      bits -= 8
      bytes.push((accumulator >> bits) & 0xff)
    }
    accumulator &= (1 << bits) - 1
  }
  if (pad && bits > 0) bytes.push((accumulator << (8 - bits)) & 0xff)
  return new Uint8Array(bytes)
}

function wordsToNumber(words: readonly number[]): number {
  return words.reduce((value, word) => value * 32 + word, 0)
}

function parseFeatures(words: readonly number[]): InvoiceFeature[] {
  const features: InvoiceFeature[] = []
  words.forEach((word, index) => {
    for (let b = 0; b < 5; b++) {
      if (((word >> b) & 1) === 0) continue
      const bit = (words.length - 1 - index) * 5 + b
      features.push({ bit, name: FEATURE_NAMES[bit - (bit % 2)], required: bit % 2 === 0 })
    }
  })
  return features.sort((a, b) => a.bit - b.bit)
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
function fallbackAddress(words: readonly number[], chain: Chain): string[] {
  const [version, ...rest] = words
  if (version === undefined) return []
  const program = wordsToBytes(rest, false)
  if (version === 17 || version === 18) {
    if (program.length !== 20) return []
    const prefix = version === 17 ? chain.pubKeyHash : chain.scriptHash
    return [base58check.encode(new Uint8Array([prefix, ...program]))]
  }
  if (version > 16) return []
  const coder = version === 0 ? bech32 : bech32m
  return [coder.encode(chain.bech32, [version, ...coder.toWords(program)])]
}
