// The escrow agent's request bodies, parsed strictly into typed values: every
// field of its type and spelling (hex lower case and of its length, amounts
// as decimal strings, times and heights as safe integers, enums by name), no
// field missing, none unknown. Anything else is a `LoanError('BAD_REQUEST')`
// whose message names the field, never its value.

import type { Hex } from '@btcfi/core'
import { LoanError } from '../errors/LoanError.js'
import { isPubkey, parseHex } from '../protocol/parseHex.js'
import { parseWireAmount } from '../protocol/parseWireAmount.js'
import { MAX_FIELD_LENGTH } from '../protocol/requestFields.js'
import type { EscrowDeposit } from './createEscrowAgent.js'
import type { DefaultClaim, ReleaseGround } from './decideRelease.js'
import { MAX_DISPUTE_WINDOW_MS, MIN_DISPUTE_WINDOW_MS } from './decideRelease.js'
import type { EscrowAttestation, EscrowTerms } from './escrowAttestation.js'
import { MAX_PAYMENT_PROOFS, type PaymentProof } from './paymentProof.js'

/** The grounds a release may be asked on. */
export const RELEASE_GROUNDS: readonly ReleaseGround[] = ['liquidation', 'lock-deadline', 'default']

/** The longest term, interval or grace a hold may name: ten years. */
const MAX_SECONDS = 10 * 366 * 86_400

/** The largest block height a lock may name (lnd's heights are uint32; this is far beyond). */
const MAX_HEIGHT = 2 ** 31 - 1

/** A JSON object with these fields (the optional ones may be missing), own names only. */
function fields<R extends string, O extends string = never>(
  value: unknown,
  where: string,
  required: readonly R[],
  optional: readonly O[] = [],
): Record<R, unknown> & Partial<Record<O, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LoanError('BAD_REQUEST', `${where} must be a JSON object.`)
  }
  const known: readonly string[] = [...required, ...optional]
  const unknown = Object.keys(value).find((key) => !known.includes(key))
  if (unknown !== undefined) {
    throw new LoanError(
      'BAD_REQUEST',
      `Unknown field ${JSON.stringify(unknown.slice(0, 40))} in ${where}.`,
    )
  }
  const missing = required.find((key) => !Object.hasOwn(value, key))
  if (missing !== undefined) throw new LoanError('BAD_REQUEST', `${missing} is required.`)
  return value as Record<R, unknown> & Partial<Record<O, unknown>>
}

/** A whole number from `min` to `max` (a JSON number). */
function parseWhole(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new LoanError('BAD_REQUEST', `${name} must be a whole number from ${min} to ${max}.`)
  }
  return value
}

function parseLoanId(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(value)) {
    throw new LoanError(
      'BAD_REQUEST',
      'loanId must be 1 to 64 characters: letters, digits, ".", "_", ":" or "-".',
    )
  }
  return value
}

/** A lock's payment hash: 32 bytes of lower-case hex. */
export const parsePaymentHash = (value: unknown, name = 'paymentHash'): Hex =>
  parseHex(value, name, { bytes: 32 })

/** The fields of the terms an agent judges a release by (`EscrowTerms`). */
const TERMS = [
  'principal',
  'currency',
  'collateralSat',
  'liquidationLtvBps',
  'safeDeadlineHeight',
  'deskPubkey',
  'lenderKey',
  'disputeWindowMs',
  'termSeconds',
  'interestIntervalSeconds',
  'gracePeriodSeconds',
  'rolloverLeadBlocks',
] as const

function termsFrom(t: Record<(typeof TERMS)[number], unknown>, where: string): EscrowTerms {
  if (t.currency !== 'USD' && t.currency !== 'sat') {
    throw new LoanError('BAD_REQUEST', `${where}.currency must be 'USD' or 'sat'.`)
  }
  if (!isPubkey(t.deskPubkey)) {
    throw new LoanError(
      'BAD_REQUEST',
      `${where}.deskPubkey must be a compressed public key (33 bytes of lower-case hex).`,
    )
  }
  return {
    principal: parseWireAmount(t.principal, `${where}.principal`, { min: 1n }),
    currency: t.currency,
    collateralSat: parseWireAmount(t.collateralSat, `${where}.collateralSat`, { min: 1n }),
    liquidationLtvBps: parseWireAmount(t.liquidationLtvBps, `${where}.liquidationLtvBps`, {
      min: 1n,
    }),
    safeDeadlineHeight: parseWhole(
      t.safeDeadlineHeight,
      `${where}.safeDeadlineHeight`,
      0,
      MAX_HEIGHT,
    ),
    deskPubkey: t.deskPubkey,
    lenderKey: parseHex(t.lenderKey, `${where}.lenderKey`, { bytes: 32 }),
    disputeWindowMs: parseWhole(
      t.disputeWindowMs,
      `${where}.disputeWindowMs`,
      MIN_DISPUTE_WINDOW_MS,
      MAX_DISPUTE_WINDOW_MS,
    ),
    termSeconds: parseWhole(t.termSeconds, `${where}.termSeconds`, 1, MAX_SECONDS),
    interestIntervalSeconds: parseWhole(
      t.interestIntervalSeconds,
      `${where}.interestIntervalSeconds`,
      1,
      MAX_SECONDS,
    ),
    gracePeriodSeconds: parseWhole(
      t.gracePeriodSeconds,
      `${where}.gracePeriodSeconds`,
      0,
      MAX_SECONDS,
    ),
    rolloverLeadBlocks: parseWhole(
      t.rolloverLeadBlocks,
      `${where}.rolloverLeadBlocks`,
      1,
      MAX_HEIGHT,
    ),
  }
}

/** `POST /v2/escrow/deposits`: `{ hold, sealed, replaces? }`. */
export function parseDeposit(body: unknown): EscrowDeposit {
  const { hold, sealed, replaces } = fields(body, 'the body', ['hold', 'sealed'], ['replaces'])
  const h = fields(hold, 'hold', ['loanId', 'agreementHash', 'paymentHash', ...TERMS])
  const s = fields(sealed, 'sealed', ['ephemeralPubkey', 'nonce', 'ciphertext'])
  return {
    hold: {
      loanId: parseLoanId(h.loanId),
      agreementHash: parseHex(h.agreementHash, 'hold.agreementHash', { bytes: 32 }),
      paymentHash: parsePaymentHash(h.paymentHash, 'hold.paymentHash'),
      ...termsFrom(h, 'hold'),
    },
    sealed: {
      ephemeralPubkey: parseHex(s.ephemeralPubkey, 'sealed.ephemeralPubkey', { bytes: 32 }),
      nonce: parseHex(s.nonce, 'sealed.nonce', { bytes: 24 }),
      // A 32-byte preimage and its 16-byte tag.
      ciphertext: parseHex(s.ciphertext, 'sealed.ciphertext', { bytes: 48 }),
    },
    ...(replaces === undefined ? {} : { replaces: parsePaymentHash(replaces, 'replaces') }),
  }
}

/** An agent's attestation (as a borrower hands it to a desk): every field of its shape, not its signature. */
export function parseEscrowAttestation(value: unknown, where = 'attestation'): EscrowAttestation {
  const f = fields(value, where, [
    'loanId',
    'agreementHash',
    'paymentHash',
    'agentPubkey',
    'terms',
    'heldAtMs',
    'signature',
  ])
  return {
    loanId: parseLoanId(f.loanId),
    agreementHash: parseHex(f.agreementHash, `${where}.agreementHash`, { bytes: 32 }),
    paymentHash: parsePaymentHash(f.paymentHash, `${where}.paymentHash`),
    agentPubkey: parseHex(f.agentPubkey, `${where}.agentPubkey`, { bytes: 32 }),
    terms: termsFrom(fields(f.terms, `${where}.terms`, TERMS), `${where}.terms`),
    heldAtMs: parseWhole(f.heldAtMs, `${where}.heldAtMs`, 0, Number.MAX_SAFE_INTEGER),
    signature: parseHex(f.signature, `${where}.signature`, { bytes: 64 }),
  }
}

/** A v2 lock as a borrower names it to a desk: `{ paymentHash, attestation }`. */
export function parseEscrowLock(value: unknown): {
  paymentHash: Hex
  attestation: EscrowAttestation
} {
  const f = fields(value, 'lock', ['paymentHash', 'attestation'])
  return {
    paymentHash: parsePaymentHash(f.paymentHash, 'lock.paymentHash'),
    attestation: parseEscrowAttestation(f.attestation, 'lock.attestation'),
  }
}

/** A lender's signature: 64 bytes of lower-case hex, or none (refused later as `UNSIGNED`). */
function parseSignature(value: unknown): Hex | undefined {
  return value === undefined ? undefined : parseHex(value, 'signature', { bytes: 64 })
}

/** `POST …/retire` and `POST …/offer`: `{ signature }`. */
export function parseRetire(body: unknown): { signature: Hex | undefined } {
  const { signature } = fields(body, 'the body', [], ['signature'])
  return { signature: parseSignature(signature) }
}

/** `POST …/default`: `{ kind, dueAtMs, signature }`. */
export function parseDefaultClaim(body: unknown): {
  claim: DefaultClaim
  signature: Hex | undefined
} {
  const { kind, dueAtMs, signature } = fields(body, 'the body', ['kind', 'dueAtMs'], ['signature'])
  if (kind !== 'interest' && kind !== 'maturity') {
    throw new LoanError('BAD_REQUEST', "kind must be 'interest' or 'maturity'.")
  }
  return {
    claim: { kind, dueAtMs: parseWhole(dueAtMs, 'dueAtMs', 0, Number.MAX_SAFE_INTEGER) },
    signature: parseSignature(signature),
  }
}

/** `POST …/release`: `{ ground, signature }`. */
export function parseRelease(body: unknown): {
  ground: ReleaseGround
  signature: Hex | undefined
} {
  const { ground, signature } = fields(body, 'the body', ['ground'], ['signature'])
  const known = RELEASE_GROUNDS.find((g) => g === ground)
  if (known === undefined) {
    throw new LoanError('BAD_REQUEST', `ground must be one of ${RELEASE_GROUNDS.join(', ')}.`)
  }
  return { ground: known, signature: parseSignature(signature) }
}

/** `POST …/answer`: `{ proofs: [{ invoice, preimage }] }`, 1 to `MAX_PAYMENT_PROOFS` of them. */
export function parseAnswer(body: unknown): PaymentProof[] {
  const { proofs } = fields(body, 'the body', ['proofs'])
  if (!Array.isArray(proofs) || proofs.length === 0 || proofs.length > MAX_PAYMENT_PROOFS) {
    throw new LoanError(
      'BAD_REQUEST',
      `proofs must be a list of 1 to ${MAX_PAYMENT_PROOFS} proofs of payment.`,
    )
  }
  return proofs.map((proof: unknown, i) => {
    const p = fields(proof, `proofs[${i}]`, ['invoice', 'preimage'])
    if (
      typeof p.invoice !== 'string' ||
      p.invoice.length === 0 ||
      p.invoice.length > MAX_FIELD_LENGTH
    ) {
      throw new LoanError(
        'BAD_REQUEST',
        `proofs[${i}].invoice must be a string of 1 to ${MAX_FIELD_LENGTH} characters.`,
      )
    }
    return {
      invoice: p.invoice,
      preimage: parseHex(p.preimage, `proofs[${i}].preimage`, { bytes: 32 }),
    }
  })
}
