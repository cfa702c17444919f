import { LoanError } from '../errors/LoanError.js'
import { isPubkey, parseHex } from '../protocol/parseHex.js'
import type { EscrowAttestation, EscrowTerms } from './escrowAttestation.js'

const bad = (message: string): never => {
  throw new LoanError('BAD_REQUEST', message)
}

/** Exactly these own keys, else `BAD_REQUEST`. */
function fieldsOf(value: unknown, name: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return bad(`${name} must be a JSON object.`)
  }
  const own = Object.keys(value)
  const stray = own.find((k) => !keys.includes(k))
  if (stray !== undefined) bad(`Unknown field ${JSON.stringify(stray.slice(0, 40))} in ${name}.`)
  const missing = keys.find((k) => !Object.hasOwn(value, k))
  if (missing !== undefined) bad(`${name}.${missing} is required.`)
  return value as Record<string, unknown>
}

const whole = (value: unknown, name: string): number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? value
    : bad(`${name} must be a whole number.`)

const amount = (value: unknown, name: string): bigint =>
  typeof value === 'bigint' && value >= 0n ? value : bad(`${name} must be a decimal amount.`)

/** The terms an escrow agent judges a release by, from wire JSON (amounts already bigints). */
export function parseEscrowTerms(value: unknown, name = 'terms'): EscrowTerms {
  const f = fieldsOf(value, name, [
    'principal',
    'currency',
    'collateralSat',
    'liquidationLtvBps',
    'safeDeadlineHeight',
    'deskPubkey',
    'lenderKey',
    'disputeWindowMs',
  ])
  if (f.currency !== 'USD' && f.currency !== 'sat') bad(`${name}.currency must be 'USD' or 'sat'.`)
  if (!isPubkey(f.deskPubkey)) bad(`${name}.deskPubkey must be a compressed public key.`)
  return {
    principal: amount(f.principal, `${name}.principal`),
    currency: f.currency as EscrowTerms['currency'],
    collateralSat: amount(f.collateralSat, `${name}.collateralSat`),
    liquidationLtvBps: amount(f.liquidationLtvBps, `${name}.liquidationLtvBps`),
    safeDeadlineHeight: whole(f.safeDeadlineHeight, `${name}.safeDeadlineHeight`),
    deskPubkey: f.deskPubkey as string,
    lenderKey: parseHex(f.lenderKey, `${name}.lenderKey`, { bytes: 32 }),
    disputeWindowMs: whole(f.disputeWindowMs, `${name}.disputeWindowMs`),
  }
}

/** An escrow agent's attestation from wire JSON, every field checked for its shape (not its signature). */
export function parseEscrowAttestation(value: unknown, name = 'attestation'): EscrowAttestation {
  const f = fieldsOf(value, name, [
    'loanId',
    'agreementHash',
    'paymentHash',
    'agentPubkey',
    'terms',
    'heldAtMs',
    'signature',
  ])
  if (typeof f.loanId !== 'string' || f.loanId.length === 0 || f.loanId.length > 64) {
    bad(`${name}.loanId must be a string of 1 to 64 characters.`)
  }
  return {
    loanId: f.loanId as string,
    agreementHash: parseHex(f.agreementHash, `${name}.agreementHash`, { bytes: 32 }),
    paymentHash: parseHex(f.paymentHash, `${name}.paymentHash`, { bytes: 32 }),
    agentPubkey: parseHex(f.agentPubkey, `${name}.agentPubkey`, { bytes: 32 }),
    terms: parseEscrowTerms(f.terms, `${name}.terms`),
    heldAtMs: whole(f.heldAtMs, `${name}.heldAtMs`),
    signature: parseHex(f.signature, `${name}.signature`, { bytes: 64 }),
  }
}

/** A v2 lock as a borrower names it (`{ paymentHash, attestation }`), from wire JSON. */
export function parseEscrowLock(value: unknown): {
  paymentHash: string
  attestation: EscrowAttestation
} {
  const f = fieldsOf(value, 'lock', ['paymentHash', 'attestation'])
  return {
    paymentHash: parseHex(f.paymentHash, 'lock.paymentHash', { bytes: 32 }),
    attestation: parseEscrowAttestation(f.attestation, 'lock.attestation'),
  }
}
