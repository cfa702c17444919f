import { bytesToHex } from '@btcfi/core'
import { schnorr } from '@noble/curves/secp256k1.js'
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest'
import { isLoanError, LoanError } from '../errors/LoanError.js'
import type { PriceOracle } from '../oracle/PriceOracle.js'
import type { EscrowAgent } from './createEscrowAgent.js'
import { memoryEscrowStore } from './EscrowStore.js'
import { escrowTermsOf, verifyEscrowAttestation } from './escrowAttestation.js'
import { type EscrowAgentCalls, escrowClient } from './escrowClient.js'
import { type RunningEscrowAgent, startEscrowAgent } from './startEscrowAgent.js'
import { escrowLock } from './testing/escrowLock.js'

const secret = new Uint8Array(32).fill(5)
const agentPubkey = bytesToHex(schnorr.getPublicKey(secret))
const lenderSecret = new Uint8Array(32).fill(7)
const lenderKey = bytesToHex(schnorr.getPublicKey(lenderSecret))
const DAY = 86_400_000
const lock = (n: number) => escrowLock(n, { agentPubkey, lenderKey })

const running: RunningEscrowAgent[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((agent) => agent.close()))
})

/** An agent served on loopback, its price, height and clock moved by the test. */
async function served() {
  const world = {
    centsPerBtc: 10_000_000n as bigint | undefined,
    height: 500,
    nowMs: 0,
  }
  const oracle: PriceOracle = {
    async getPrice() {
      if (world.centsPerBtc === undefined) {
        throw new LoanError('PRICE_UNAVAILABLE', 'The sources are down.')
      }
      return { centsPerBtc: world.centsPerBtc, atMs: world.nowMs, sources: [] }
    },
  }
  const errors: [unknown, string][] = []
  const agent = await startEscrowAgent({
    secret,
    store: memoryEscrowStore(),
    oracle,
    height: async () => world.height,
    now: () => world.nowMs,
    priceCacheMs: 0,
    onError: (error, context) => errors.push([error, context]),
  })
  running.push(agent)
  return { world, agent, errors, client: escrowClient({ url: agent.url, lenderSecret }) }
}

const refused = async (promise: Promise<unknown>, reason: string, status?: number) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isLoanError(error) && error.reason).toBe(reason)
  if (status !== undefined) expect((error as LoanError).status).toBe(status)
  return error as LoanError
}

describe('escrowClient against an agent on loopback (startEscrowAgent)', () => {
  it('is an EscrowAgentCalls, as the core is', () => {
    expectTypeOf(escrowClient({ url: 'http://127.0.0.1:1' })).toExtend<EscrowAgentCalls>()
    expectTypeOf<EscrowAgent>().toExtend<EscrowAgentCalls>()
  })

  it('gives the same typed values as the core: attestation, status, release', async () => {
    const { agent, client, world } = await served()
    const first = lock(1)
    expect(await client.pubkey()).toBe(agentPubkey)
    expect(agent.pubkey).toBe(agentPubkey)
    const attestation = await client.deposit(first)
    expect(attestation.terms.principal).toBe(5_000_000n)
    verifyEscrowAttestation(attestation, {
      loanId: first.hold.loanId,
      agreementHash: first.hold.agreementHash,
      paymentHash: first.paymentHash,
      agentPubkey,
      terms: escrowTermsOf(first.hold),
    })
    expect(await client.status(first.paymentHash)).toStrictEqual(
      await agent.agent.status(first.paymentHash),
    )
    await refused(client.release(first.paymentHash, 'liquidation'), 'ESCROW_REFUSED', 403)
    world.centsPerBtc = 5_500_000n
    expect(await client.release(first.paymentHash, 'liquidation')).toBe(first.preimage)
    // Given again to a lender that lost it; the status says when and why.
    expect(await client.release(first.paymentHash.toUpperCase(), 'liquidation')).toBe(
      first.preimage,
    )
    const status = await client.status(first.paymentHash)
    expect(status).toStrictEqual(await agent.agent.status(first.paymentHash))
    expect(status.released).toEqual({ atMs: 0, ground: 'liquidation' })
  })

  it('sends a deposit in the protocol’s spelling: hex in lower case, no field but its own', async () => {
    const { client } = await served()
    const first = lock(1)
    // A hold as the agent keeps it (with `rolledOver`), its hash in upper case.
    const kept = { ...first.hold, paymentHash: first.paymentHash.toUpperCase(), rolledOver: false }
    const attestation = await client.deposit({ hold: kept, sealed: first.sealed })
    expect(attestation.paymentHash).toBe(first.paymentHash)
  })

  it('claims a default, waits out the window, releases on it; an answer is anyone’s', async () => {
    const { agent, client, world } = await served()
    const first = lock(1)
    await client.deposit(first) // day 0: the loan's schedule runs from here
    world.nowMs = 10 * DAY
    const claimed = await client.claimDefault(first.paymentHash, { kind: 'interest', dueAtMs: DAY })
    expect(claimed).toStrictEqual(await agent.agent.status(first.paymentHash))
    expect(claimed.windowEndsAtMs).toBe(11 * DAY)
    const anyone = escrowClient({ url: agent.url })
    await refused(
      anyone.answerDefault(first.paymentHash, [{ invoice: 'lnbcrt1x', preimage: 'ab'.repeat(32) }]),
      'ESCROW_REFUSED',
    )
    await refused(client.release(first.paymentHash, 'default'), 'ESCROW_REFUSED')
    world.nowMs = 11 * DAY
    expect(await client.release(first.paymentHash, 'default')).toBe(first.preimage)
  })

  it('a retired lock is never released; a rollover deposit names the lock it replaces', async () => {
    const { client, world } = await served()
    const first = lock(1)
    const next = escrowLock(2, { agentPubkey, lenderKey, loanId: first.hold.loanId })
    await client.deposit(first)
    await client.deposit({ ...next, replaces: first.paymentHash })
    await client.retire(first.paymentHash)
    expect((await client.status(first.paymentHash)).hold.rolledOver).toBe(true)
    world.height = 990
    expect((await client.offerRollover(next.paymentHash)).hold.rolloverOfferedAtHeight).toBe(990)
    world.height = 1_000
    await refused(client.release(first.paymentHash, 'lock-deadline'), 'ESCROW_REFUSED')
    expect(await client.release(next.paymentHash, 'lock-deadline')).toBe(next.preimage)
  })

  it("maps the agent's refusals to LoanErrors with its reason", async () => {
    const { agent, client } = await served()
    const first = lock(1)
    await refused(client.status(first.paymentHash), 'NOT_FOUND', 404)
    await refused(client.deposit({ ...first, sealed: lock(2).sealed }), 'ESCROW_PREIMAGE', 422)
    await client.deposit(first)
    // Without the lender's key: refused before anything is sent.
    const anyone = escrowClient({ url: agent.url })
    for (const call of [
      () => anyone.retire(first.paymentHash),
      () => anyone.claimDefault(first.paymentHash, { kind: 'maturity', dueAtMs: DAY }),
      () => anyone.release(first.paymentHash, 'liquidation'),
    ]) {
      await expect(call()).rejects.toMatchObject({
        code: 'INVALID_CONFIGURATION',
        option: 'lenderSecret',
      })
    }
    // With another key: the agent refuses it.
    const stranger = escrowClient({ url: agent.url, lenderSecret: new Uint8Array(32).fill(9) })
    await refused(stranger.release(first.paymentHash, 'liquidation'), 'BAD_SIGNATURE', 401)
    await refused(stranger.retire(first.paymentHash), 'BAD_SIGNATURE', 401)
    expect((await client.status(first.paymentHash)).hold.rolledOver).toBe(false)
  })

  it('without a price of its own the agent does not liquidate, and says so', async () => {
    const { client, world, errors } = await served()
    const first = lock(1)
    await client.deposit(first)
    world.centsPerBtc = undefined
    const error = await refused(client.release(first.paymentHash, 'liquidation'), 'ESCROW_REFUSED')
    expect(error.message).toContain('no price of its own')
    expect(errors.map(([, context]) => context)).toEqual(['oracle'])
  })

  it('refuses a body over 16 KiB before reading it, on the wire', async () => {
    const { agent } = await served()
    const big = JSON.stringify({ proofs: [{ invoice: 'x'.repeat(20_000), preimage: '00' }] })
    const response = await fetch(`${agent.url}/v2/escrow/locks/${lock(1).paymentHash}/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    })
    expect(response.status).toBe(413)
    expect(((await response.json()) as { error: { reason: string } }).error.reason).toBe(
      'BAD_REQUEST',
    )
  })

  it('an agent that does not answer is DESK_ERROR; a released preimage not the lock’s is refused', async () => {
    const { agent } = await served()
    await agent.close()
    const down = escrowClient({ url: agent.url, timeoutMs: 2_000 })
    await refused(down.pubkey(), 'DESK_ERROR')
    const first = lock(1)
    const liar = escrowClient({
      url: 'http://escrow.test',
      lenderSecret,
      fetch: async () =>
        new Response(JSON.stringify({ preimage: lock(2).preimage }), {
          headers: { 'content-type': 'application/json' },
        }),
    })
    await refused(liar.release(first.paymentHash, 'liquidation'), 'ESCROW_PREIMAGE')
  })
})
