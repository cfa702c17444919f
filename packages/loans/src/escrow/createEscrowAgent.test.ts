import { bytesToHex, hexToBytes } from '@btcfi/core'
import { schnorr } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { describe, expect, it } from 'vitest'
import { isLoanError } from '../errors/LoanError.js'
import { createEscrowAgent } from './createEscrowAgent.js'
import type { EscrowHold } from './decideRelease.js'
import { memoryEscrowStore } from './EscrowStore.js'
import { escrowTermsOf, verifyEscrowAttestation } from './escrowAttestation.js'
import { sealPreimage } from './sealPreimage.js'

const secret = new Uint8Array(32).fill(5)
const agentPubkey = bytesToHex(schnorr.getPublicKey(secret))
const DAY = 86_400_000

/** What the desk expects the agent to attest, from the agreement. */
const expected = (hold: Omit<EscrowHold, 'rolledOver' | 'dispute'>) => ({
  loanId: hold.loanId,
  agreementHash: hold.agreementHash,
  paymentHash: hold.paymentHash,
  agentPubkey,
  terms: escrowTermsOf(hold),
})

function lock(n: number) {
  const preimage = bytesToHex(new Uint8Array(32).fill(n))
  const paymentHash = bytesToHex(sha256(hexToBytes(preimage)))
  const hold: Omit<EscrowHold, 'rolledOver' | 'dispute'> = {
    loanId: 'loan-1',
    agreementHash: 'aa'.repeat(32),
    paymentHash,
    principal: 5_000_000n,
    currency: 'USD',
    collateralSat: 100_000_000n,
    liquidationLtvBps: 9_000n,
    safeDeadlineHeight: 1_000,
    deskPubkey: `02${'cc'.repeat(32)}`,
    lenderKey: 'dd'.repeat(32),
    disputeWindowMs: DAY,
  }
  return { preimage, paymentHash, hold, sealed: sealPreimage(preimage, agentPubkey, hold) }
}

function agentAt(view: { centsPerBtc?: bigint; height: number; nowMs: number }) {
  const store = memoryEscrowStore()
  const agent = createEscrowAgent({ secret, store, view: async () => view })
  return { agent, store, view }
}

const refusedWith = async (promise: Promise<unknown>, reason: string) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isLoanError(error) && error.reason).toBe(reason)
  return error
}

describe('an escrow agent', () => {
  it('keeps a sealed preimage and attests to it; the same deposit again attests the same claim', async () => {
    const { agent, store } = agentAt({ height: 500, nowMs: DAY })
    const first = lock(1)
    const attestation = await agent.deposit(first)
    verifyEscrowAttestation(attestation, expected(first.hold))
    expect(attestation.heldAtMs).toBe(DAY)
    // The same claim (signed anew: BIP-340's auxiliary randomness).
    const again = await agent.deposit(first)
    expect({ ...again, signature: '' }).toEqual({ ...attestation, signature: '' })
    verifyEscrowAttestation(again, expected(first.hold))
    expect((await store.get(first.paymentHash))?.preimage).toBe(first.preimage)
    // A borrower who deposits under terms of her own (more collateral than the lock holds): the desk sees it.
    const inflated = lock(3)
    const theirs = await agent.deposit({
      ...inflated,
      hold: { ...inflated.hold, collateralSat: inflated.hold.collateralSat * 10n },
    })
    expect(() => verifyEscrowAttestation(theirs, expected(inflated.hold))).toThrow(
      expect.objectContaining({ reason: 'ESCROW_ATTESTATION' }),
    )
  })

  it('refuses a preimage that is not the lock’s: nothing is kept, nothing attested', async () => {
    const { agent, store } = agentAt({ height: 500, nowMs: 0 })
    const first = lock(1)
    const other = lock(2)
    // Sealed for the first lock's hash, but holding the second lock's preimage: refused at sealing...
    expect(() => sealPreimage(other.preimage, agentPubkey, first.hold)).toThrow()
    // ... and a sealed preimage of another lock, presented as this one, does not open.
    await refusedWith(agent.deposit({ ...first, sealed: other.sealed }), 'ESCROW_PREIMAGE')
    expect(await store.get(first.paymentHash)).toBeUndefined()
  })

  it('releases on its own evidence only, and says why not', async () => {
    const view = { centsPerBtc: 10_000_000n, height: 500, nowMs: 0 }
    const { agent } = agentAt(view)
    const first = lock(1)
    await agent.deposit(first)
    const error = await refusedWith(
      agent.release(first.paymentHash, 'liquidation'),
      'ESCROW_REFUSED',
    )
    expect(String(error)).not.toContain(first.preimage)
    await refusedWith(agent.release(first.paymentHash, 'lock-deadline'), 'ESCROW_REFUSED')
    await refusedWith(agent.release(first.paymentHash, 'default'), 'ESCROW_REFUSED')
    // The price falls to $55,000 at the agent's own sources: 90.9% ≥ 90%.
    view.centsPerBtc = 5_500_000n
    expect(await agent.release(first.paymentHash, 'liquidation')).toBe(first.preimage)
    // Given once, given again (a desk that lost the answer).
    view.centsPerBtc = 10_000_000n
    expect(await agent.release(first.paymentHash, 'liquidation')).toBe(first.preimage)
  })

  it('a claimed default waits out the dispute window; the window opens once', async () => {
    const view = { centsPerBtc: 10_000_000n, height: 500, nowMs: 10 * DAY }
    const { agent } = agentAt(view)
    const first = lock(1)
    await agent.deposit(first)
    const claim = { kind: 'interest' as const, dueAtMs: 9 * DAY }
    await refusedWith(
      agent.claimDefault(first.paymentHash, { kind: 'interest', dueAtMs: 10 * DAY + 1 }),
      'ESCROW_REFUSED',
    )
    expect(await agent.claimDefault(first.paymentHash, claim)).toMatchObject({
      windowEndsAtMs: 11 * DAY,
    })
    view.nowMs = 10.5 * DAY
    expect(await agent.claimDefault(first.paymentHash, claim)).toMatchObject({
      windowEndsAtMs: 11 * DAY,
    })
    await refusedWith(agent.release(first.paymentHash, 'default'), 'ESCROW_REFUSED')
    view.nowMs = 11 * DAY
    expect(await agent.release(first.paymentHash, 'default')).toBe(first.preimage)
  })

  it('a rollover: the new lock attested, the old one releasable until the lender retires it', async () => {
    const view = { centsPerBtc: 10_000_000n, height: 500, nowMs: 0 }
    const { agent } = agentAt(view)
    const old = lock(1)
    const next = lock(2)
    await agent.deposit(old)
    await agent.deposit({ ...next, replaces: old.paymentHash })
    // A new lock deposited but never paid shields nothing: the old one goes at its deadline.
    view.height = 1_000
    expect(await agent.release(old.paymentHash, 'lock-deadline')).toBe(old.preimage)
    const { agent: second } = agentAt({ ...view, height: 500 })
    await second.deposit(old)
    await second.deposit({ ...next, replaces: old.paymentHash })
    await second.retire(old.paymentHash)
    await refusedWith(second.release(old.paymentHash, 'liquidation'), 'ESCROW_REFUSED')
    // A rollover replaces a lock of the same loan only.
    const stranger = { ...lock(3), hold: { ...lock(3).hold, loanId: 'loan-2' } }
    stranger.sealed = sealPreimage(stranger.preimage, agentPubkey, stranger.hold)
    await refusedWith(second.deposit({ ...stranger, replaces: old.paymentHash }), 'ESCROW_PREIMAGE')
  })
})
