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
import { testEscrowTerms } from './testing/escrowLock.js'

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
    ...testEscrowTerms,
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
    const view = { centsPerBtc: 10_000_000n, height: 500, nowMs: 0 }
    const { agent } = agentAt(view)
    const first = lock(1)
    await agent.deposit(first) // held at 0: interest falls due from day 1, past its grace on day 2
    view.nowMs = 10 * DAY
    const claim = { kind: 'interest' as const, dueAtMs: 9 * DAY }
    for (const early of [
      { kind: 'interest' as const, dueAtMs: 9 * DAY + 1 }, // its grace not over
      { kind: 'interest' as const, dueAtMs: DAY - 1 }, // before the first due
      { kind: 'maturity' as const, dueAtMs: 10 * DAY }, // a 30-day term
    ]) {
      await refusedWith(agent.claimDefault(first.paymentHash, early), 'ESCROW_REFUSED')
    }
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
    // A new lock deposited but never paid shields nothing: the old one goes at its deadline,
    // once a rollover was offered.
    view.height = 1_000
    await refusedWith(agent.release(old.paymentHash, 'lock-deadline'), 'ESCROW_REFUSED')
    view.height = 990
    await agent.offerRollover(old.paymentHash)
    view.height = 1_000
    expect(await agent.release(old.paymentHash, 'lock-deadline')).toBe(old.preimage)
    // One lock per loan: the new one is never released after.
    view.centsPerBtc = 1n
    await refusedWith(agent.release(next.paymentHash, 'liquidation'), 'ESCROW_REFUSED')
    const { agent: second } = agentAt({ ...view, height: 500, centsPerBtc: 10_000_000n })
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

describe('an escrow agent against a hostile borrower or lender', () => {
  it('a lock deposited under the loan id with another lender key can neither be released by the real lender nor shield the real lock', async () => {
    const view = { centsPerBtc: 10_000_000n, height: 500, nowMs: 0 }
    const { agent } = agentAt(view)
    const real = lock(1)
    await agent.deposit(real)
    // Her own lock under the real loan id, with her own lender key and a deadline already passed.
    const fake = lock(2)
    fake.hold = { ...fake.hold, lenderKey: 'ee'.repeat(32), safeDeadlineHeight: 0 }
    fake.sealed = sealPreimage(fake.preimage, agentPubkey, fake.hold)
    await agent.deposit(fake)
    view.height = 1
    await agent.offerRollover(fake.paymentHash)
    view.height = 10
    expect(await agent.release(fake.paymentHash, 'lock-deadline')).toBe(fake.preimage)
    // The real loan's one release is still the real lender's.
    view.centsPerBtc = 5_500_000n
    expect(await agent.release(real.paymentHash, 'liquidation')).toBe(real.preimage)
  })

  it('two deposits of one hash racing: one is kept, and only what is kept is attested', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const store = memoryEscrowStore()
    // A slow clock: both deposits are past their checks before either writes.
    const agent = createEscrowAgent({
      secret,
      store,
      view: async () => ({ height: 500, nowMs: 0 }),
      now: () => 0,
    })
    const slowInsert = store.insert.bind(store)
    store.insert = async (record) => {
      await gate
      return slowInsert(record)
    }
    const real = lock(1)
    const other = {
      ...real,
      hold: { ...real.hold, loanId: 'loan-fake', collateralSat: 10n ** 12n },
    }
    other.sealed = sealPreimage(real.preimage, agentPubkey, other.hold)
    const first = agent.deposit(real)
    const second = agent.deposit(other)
    release()
    const outcomes = await Promise.allSettled([first, second])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
    const kept = (await store.get(real.paymentHash))!
    const attested = outcomes.find((o) => o.status === 'fulfilled')!
    expect((attested as PromiseFulfilledResult<{ loanId: string }>).value.loanId).toBe(
      kept.hold.loanId,
    )
  })

  it('two releases of a rolled-over loan at once: one lock is given, never both', async () => {
    const view = { centsPerBtc: 5_500_000n, height: 500, nowMs: 0 }
    const { agent } = agentAt(view)
    const old = lock(1)
    const next = lock(2)
    await agent.deposit(old)
    await agent.deposit({ ...next, replaces: old.paymentHash })
    const outcomes = await Promise.allSettled([
      agent.release(old.paymentHash, 'liquidation'),
      agent.release(next.paymentHash, 'liquidation'),
    ])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
  })

  it('refuses a dispute window too short to answer, or too long to bound', async () => {
    const { agent } = agentAt({ height: 500, nowMs: 0 })
    for (const disputeWindowMs of [0, 3_599_999, 30 * DAY + 1]) {
      const bad = lock(4)
      bad.hold = { ...bad.hold, disputeWindowMs }
      bad.sealed = sealPreimage(bad.preimage, agentPubkey, bad.hold)
      await refusedWith(agent.deposit(bad), 'ESCROW_REFUSED')
    }
  })
})
