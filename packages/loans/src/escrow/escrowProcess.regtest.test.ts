import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bytesToHex } from '@btcfi/core'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { schnorr } from '@noble/curves/secp256k1.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isLoanError } from '../errors/LoanError.js'
import { clientsOf } from '../testing/clients.js'
import { escrowTermsOf, verifyEscrowAttestation } from './escrowAttestation.js'
import { escrowClient } from './escrowClient.js'
import { escrowLock } from './testing/escrowLock.js'
import { type SpawnedEscrowAgent, spawnEscrowAgent } from './testing/spawnEscrowAgent.js'

// The escrow agent runs in a process of its own on a SQLite file, reading the
// chain's height from bob's node. It is SIGKILLed after a deposit and started
// again on the same file: the lock is still held, and released on the
// agent's own evidence (its price, the chain's height).

const net = await getTestNetwork()
const { bob } = clientsOf(net)
const dir = mkdtempSync(join(tmpdir(), 'escrow-process-'))
const lenderSecret = new Uint8Array(randomBytes(32))
const lenderKey = bytesToHex(schnorr.getPublicKey(lenderSecret))

let escrow: SpawnedEscrowAgent
beforeAll(async () => {
  escrow = await spawnEscrowAgent({ node: net.node('bob'), dir })
})
afterAll(async () => {
  await escrow?.close()
  rmSync(dir, { recursive: true, force: true })
})

const refused = async (promise: Promise<unknown>, reason: string) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isLoanError(error) && error.reason).toBe(reason)
  return error as Error
}

describe('an escrow agent process, SIGKILLed and started again', () => {
  it('keeps a deposited preimage: its status and a release still work after the restart', async () => {
    const client = escrowClient({ url: escrow.url, lenderSecret, timeoutMs: 5_000 })
    expect(await client.pubkey()).toBe(escrow.pubkey)
    const height = (await bob.getInfo()).blockHeight
    const first = escrowLock(1, {
      agentPubkey: escrow.pubkey,
      lenderKey,
      safeDeadlineHeight: height + 1_000,
    })
    const attestation = await client.deposit(first)
    verifyEscrowAttestation(attestation, {
      loanId: first.hold.loanId,
      agreementHash: first.hold.agreementHash,
      paymentHash: first.paymentHash,
      agentPubkey: escrow.pubkey,
      terms: escrowTermsOf(first.hold),
    })
    const held = await client.status(first.paymentHash)
    // At $100,000 the loan is at 50%: no liquidation.
    await refused(client.release(first.paymentHash, 'liquidation'), 'ESCROW_REFUSED')

    await escrow.kill('SIGKILL')
    await refused(client.status(first.paymentHash), 'DESK_ERROR')
    await escrow.restart()

    expect(await client.status(first.paymentHash)).toStrictEqual(held)
    // The same deposit again attests the same claim (the time it was first held).
    expect((await client.deposit(first)).heldAtMs).toBe(attestation.heldAtMs)
    // Its sources down: no liquidation on the desk's word.
    escrow.setPrice(undefined)
    const noPrice = await refused(
      client.release(first.paymentHash, 'liquidation'),
      'ESCROW_REFUSED',
    )
    expect(noPrice.message).toContain('no price of its own')
    // $55,000: 90.9% of the collateral, at or over the 90% liquidation LTV.
    escrow.setPrice(5_500_000n)
    expect(await client.release(first.paymentHash, 'liquidation')).toBe(first.preimage)

    // Killed again: the release is kept, and given again to a lender that lost it.
    await escrow.kill('SIGKILL')
    await escrow.restart()
    escrow.setPrice(10_000_000n)
    expect((await client.status(first.paymentHash)).released?.ground).toBe('liquidation')
    expect(await client.release(first.paymentHash, 'liquidation')).toBe(first.preimage)
  })

  it("judges a lock's deadline on the height its node reads", async () => {
    const client = escrowClient({ url: escrow.url, lenderSecret, timeoutMs: 5_000 })
    const height = (await bob.getInfo()).blockHeight
    const later = escrowLock(2, {
      agentPubkey: escrow.pubkey,
      lenderKey,
      safeDeadlineHeight: height + 1_000,
    })
    const due = escrowLock(3, { agentPubkey: escrow.pubkey, lenderKey, safeDeadlineHeight: height })
    await client.deposit(later)
    await client.deposit(due)
    // No rollover offered yet: not even at its deadline.
    await refused(client.release(due.paymentHash, 'lock-deadline'), 'ESCROW_REFUSED')
    await client.offerRollover(later.paymentHash)
    const offered = await client.offerRollover(due.paymentHash)
    expect(offered.hold.rolloverOfferedAtHeight).toBe(height)
    // The borrower's lead (4 blocks) after the offer.
    await refused(client.release(due.paymentHash, 'lock-deadline'), 'ESCROW_REFUSED')
    await net.mine(4)
    await expect
      .poll(async () => (await bob.getInfo()).blockHeight >= height + 4, { timeout: 10_000 })
      .toBe(true)
    await refused(client.release(later.paymentHash, 'lock-deadline'), 'ESCROW_REFUSED')
    expect(await client.release(due.paymentHash, 'lock-deadline')).toBe(due.preimage)
    expect(escrow.errors.filter((line) => line.startsWith('http:'))).toEqual([])
  })

  it('judges a claimed default on its own clock: released once the dispute window passed', async () => {
    const client = escrowClient({ url: escrow.url, lenderSecret, timeoutMs: 5_000 })
    const height = (await bob.getInfo()).blockHeight
    const owed = escrowLock(4, {
      agentPubkey: escrow.pubkey,
      lenderKey,
      safeDeadlineHeight: height + 1_000,
    })
    const { heldAtMs } = await client.deposit(owed)
    const maturesAtMs = heldAtMs + owed.hold.termSeconds * 1_000
    // Before the term's end no maturity can be claimed.
    await refused(
      client.claimDefault(owed.paymentHash, { kind: 'maturity', dueAtMs: heldAtMs + 1_000 }),
      'ESCROW_REFUSED',
    )
    escrow.setClock(maturesAtMs + 1_000)
    const claimed = await client.claimDefault(owed.paymentHash, {
      kind: 'maturity',
      dueAtMs: maturesAtMs,
    })
    await refused(client.release(owed.paymentHash, 'default'), 'ESCROW_REFUSED')
    escrow.setClock(claimed.windowEndsAtMs!)
    expect(await client.release(owed.paymentHash, 'default')).toBe(owed.preimage)
  })
})
