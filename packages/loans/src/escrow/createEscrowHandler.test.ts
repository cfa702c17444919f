import { bytesToHex } from '@btcfi/core'
import { schnorr } from '@noble/curves/secp256k1.js'
import { describe, expect, it } from 'vitest'
import { fromWire } from '../protocol/wireJson.js'
import { createEscrowAgent, type EscrowAgent } from './createEscrowAgent.js'
import { createEscrowHandler } from './createEscrowHandler.js'
import type { AgentView } from './decideRelease.js'
import { memoryEscrowStore } from './EscrowStore.js'
import {
  type EscrowAttestation,
  escrowTermsOf,
  verifyEscrowAttestation,
} from './escrowAttestation.js'
import { type LenderAction, type LenderRequestBodies, signLenderRequest } from './lenderRequest.js'
import { MAX_PAYMENT_PROOFS } from './paymentProof.js'
import { escrowLock } from './testing/escrowLock.js'

const secret = new Uint8Array(32).fill(5)
const agentPubkey = bytesToHex(schnorr.getPublicKey(secret))
const lenderSecret = new Uint8Array(32).fill(7)
const lenderKey = bytesToHex(schnorr.getPublicKey(lenderSecret))
const strangerSecret = new Uint8Array(32).fill(8)
const DAY = 86_400_000
const BASE = 'http://escrow.test'

const lock = (n: number) => escrowLock(n, { agentPubkey, lenderKey })

function setup(agentOf: (agent: EscrowAgent) => EscrowAgent = (agent) => agent) {
  const view: AgentView = { centsPerBtc: 10_000_000n, height: 500, nowMs: 10 * DAY }
  const store = memoryEscrowStore()
  const agent = createEscrowAgent({ secret, store, view: async () => ({ ...view }) })
  const errors: unknown[] = []
  const handler = createEscrowHandler({
    agent: agentOf(agent),
    onError: (error) => errors.push(error),
  })
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    init: { headers?: Record<string, string>; raw?: string } = {},
  ) => {
    const text = init.raw ?? (body === undefined ? undefined : JSON.stringify(body))
    const response = await handler(
      new Request(`${BASE}${path}`, {
        method,
        headers: {
          ...(text === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        ...(text === undefined ? {} : { body: text }),
      }),
    )
    const answer = await response.text()
    return { status: response.status, text: answer, json: JSON.parse(answer) as WireAnswer }
  }
  /** A lender call's body, signed with `key` (the lender's by default). */
  const signed = <A extends LenderAction>(
    action: A,
    paymentHash: string,
    body: LenderRequestBodies[A],
    key = lenderSecret,
  ) => ({ ...body, signature: signLenderRequest(action, paymentHash, body, key) })
  /**
   * Deposits lock n as the borrower would (bigints as decimal strings), on
   * the loan's first day (its schedule runs from there); the clock then
   * stands at day 10, when the tests claim.
   */
  const deposit = async (n: number) => {
    const { hold, sealed } = lock(n)
    const at = view.nowMs
    view.nowMs = 0
    const answer = await call('POST', '/v2/escrow/deposits', { hold: wireHold(hold), sealed })
    view.nowMs = at
    return answer
  }
  return { view, store, agent, handler, errors, call, signed, deposit }
}

/** An answer's JSON: the fields the tests read (each answer has some of them). */
interface WireAnswer {
  error: { code: string; reason: string; message: string }
  attestation: { terms: Record<string, unknown> } & Record<string, unknown>
  status: {
    hold: { rolledOver: boolean; dispute: { kind: string } & Record<string, unknown> } & Record<
      string,
      unknown
    >
    released?: unknown
    windowEndsAtMs?: number
  }
  preimage: string
}

const wireHold = (hold: ReturnType<typeof lock>['hold']) => ({
  ...hold,
  principal: hold.principal.toString(),
  collateralSat: hold.collateralSat.toString(),
  liquidationLtvBps: hold.liquidationLtvBps.toString(),
})

const locks = (hash: string, action = '') => `/v2/escrow/locks/${hash}${action}`

describe('createEscrowHandler', () => {
  it('GET /v2/escrow names the protocol and the agent key', async () => {
    const { call } = setup()
    const { status, json } = await call('GET', '/v2/escrow')
    expect(status).toBe(200)
    expect(json).toEqual({ protocol: 'btcfi-escrow/2', pubkey: agentPubkey })
  })

  it('a deposit answers the attestation (amounts as decimal strings); again, the same claim', async () => {
    const { call, deposit } = setup()
    const first = lock(1)
    const { status, json } = await deposit(1)
    expect(status).toBe(201)
    expect(json.attestation.terms).toMatchObject({
      principal: '5000000',
      collateralSat: '100000000',
      liquidationLtvBps: '9000',
    })
    const attestation = fromWire<EscrowAttestation>(json.attestation)
    verifyEscrowAttestation(attestation, {
      loanId: first.hold.loanId,
      agreementHash: first.hold.agreementHash,
      paymentHash: first.paymentHash,
      agentPubkey,
      terms: escrowTermsOf(first.hold),
    })
    expect(attestation.heldAtMs).toBe(0)
    const again = await deposit(1)
    expect(again.status).toBe(201)
    expect({ ...again.json.attestation, signature: '' }).toEqual({
      ...json.attestation,
      signature: '',
    })
    // A rollover names the lock it replaces.
    const next = escrowLock(2, { agentPubkey, lenderKey, loanId: first.hold.loanId })
    const rollover = await call('POST', '/v2/escrow/deposits', {
      hold: wireHold(next.hold),
      sealed: next.sealed,
      replaces: first.paymentHash,
    })
    expect(rollover.status).toBe(201)
  })

  it('a deposit whose preimage does not open is refused (422 ESCROW_PREIMAGE), nothing kept', async () => {
    const { call, store } = setup()
    const first = lock(1)
    const { status, json, text } = await call('POST', '/v2/escrow/deposits', {
      hold: wireHold(first.hold),
      sealed: lock(2).sealed,
    })
    expect(status).toBe(422)
    expect(json.error.reason).toBe('ESCROW_PREIMAGE')
    expect(text).not.toContain(first.preimage)
    expect(await store.get(first.paymentHash)).toBeUndefined()
  })

  it('a status never holds the preimage; an unknown lock is 404', async () => {
    const { call, deposit, signed, view } = setup()
    const first = lock(1)
    await deposit(1)
    const { status, json, text } = await call('GET', locks(first.paymentHash))
    expect(status).toBe(200)
    expect(text).not.toContain(first.preimage)
    expect(Object.keys(json.status).sort()).toEqual(['heldAtMs', 'hold'])
    expect(json.status.hold).toMatchObject({ paymentHash: first.paymentHash, principal: '5000000' })
    // Still none after a release.
    view.centsPerBtc = 5_000_000n
    const released = await call(
      'POST',
      locks(first.paymentHash, '/release'),
      signed('release', first.paymentHash, { ground: 'liquidation' }),
    )
    expect(released.json).toEqual({ preimage: first.preimage })
    const after = await call('GET', locks(first.paymentHash))
    expect(after.text).not.toContain(first.preimage)
    expect(after.json.status.released).toEqual({ atMs: 10 * DAY, ground: 'liquidation' })
    const unknown = await call('GET', locks(lock(9).paymentHash))
    expect([unknown.status, unknown.json.error.reason]).toEqual([404, 'NOT_FOUND'])
  })

  it('a release gives the preimage only on a ground the agent checks itself', async () => {
    const { call, deposit, signed, view } = setup()
    const first = lock(1)
    await deposit(1)
    for (const ground of ['liquidation', 'lock-deadline', 'default'] as const) {
      const { status, json, text } = await call(
        'POST',
        locks(first.paymentHash, '/release'),
        signed('release', first.paymentHash, { ground }),
      )
      expect([status, json.error.reason]).toEqual([403, 'ESCROW_REFUSED'])
      expect(text).not.toContain(first.preimage)
    }
    // A rollover offered at height 990; the chain reaches the lock's deadline.
    view.height = 990
    await call('POST', locks(first.paymentHash, '/offer'), signed('offer', first.paymentHash, {}))
    view.height = 1_000
    const { status, json } = await call(
      'POST',
      locks(first.paymentHash, '/release'),
      signed('release', first.paymentHash, { ground: 'lock-deadline' }),
    )
    expect([status, json]).toEqual([200, { preimage: first.preimage }])
  })

  it('a claimed default (the lender’s) opens the window; a release on it waits for its end', async () => {
    const { call, deposit, signed, view } = setup()
    const first = lock(1)
    await deposit(1)
    const claim = { kind: 'interest' as const, dueAtMs: 9 * DAY }
    const claimed = await call(
      'POST',
      locks(first.paymentHash, '/default'),
      signed('default', first.paymentHash, claim),
    )
    expect(claimed.status).toBe(200)
    expect(claimed.json.status.windowEndsAtMs).toBe(11 * DAY)
    expect(claimed.json.status.hold.dispute).toEqual({
      ...claim,
      claimedAtMs: 10 * DAY,
      answered: false,
    })
    const early = await call(
      'POST',
      locks(first.paymentHash, '/release'),
      signed('release', first.paymentHash, { ground: 'default' }),
    )
    expect(early.json.error.reason).toBe('ESCROW_REFUSED')
    view.nowMs = 11 * DAY
    const late = await call(
      'POST',
      locks(first.paymentHash, '/release'),
      signed('release', first.paymentHash, { ground: 'default' }),
    )
    expect(late.json).toEqual({ preimage: first.preimage })
  })

  it('the lender retires a replaced lock: never released after', async () => {
    const { call, deposit, signed, view } = setup()
    const first = lock(1)
    await deposit(1)
    const retired = await call(
      'POST',
      locks(first.paymentHash, '/retire'),
      signed('retire', first.paymentHash, {}),
    )
    expect([retired.status, retired.json]).toEqual([200, { retired: true }])
    expect((await call('GET', locks(first.paymentHash))).json.status.hold.rolledOver).toBe(true)
    view.height = 2_000
    const release = await call(
      'POST',
      locks(first.paymentHash, '/release'),
      signed('release', first.paymentHash, { ground: 'lock-deadline' }),
    )
    expect(release.json.error.reason).toBe('ESCROW_REFUSED')
  })

  it("refuses a lender call without the lender's signature over exactly that call, changing nothing", async () => {
    const { call, deposit, signed, view, store } = setup()
    const first = lock(1)
    const other = lock(2)
    await deposit(1)
    view.centsPerBtc = 5_000_000n
    view.height = 2_000
    const hash = first.paymentHash
    const refusals: [string, unknown, string][] = [
      ['/retire', {}, 'UNSIGNED'],
      ['/offer', {}, 'UNSIGNED'],
      ['/offer', signed('offer', hash, {}, strangerSecret), 'BAD_SIGNATURE'],
      // The lender's retire signature does not offer a rollover.
      ['/offer', signed('retire', hash, {}), 'BAD_SIGNATURE'],
      ['/default', { kind: 'maturity', dueAtMs: DAY }, 'UNSIGNED'],
      ['/release', { ground: 'liquidation' }, 'UNSIGNED'],
      ['/retire', signed('retire', hash, {}, strangerSecret), 'BAD_SIGNATURE'],
      [
        '/default',
        signed('default', hash, { kind: 'maturity', dueAtMs: DAY }, strangerSecret),
        'BAD_SIGNATURE',
      ],
      [
        '/release',
        signed('release', hash, { ground: 'liquidation' }, strangerSecret),
        'BAD_SIGNATURE',
      ],
      // The lender's signature, but for another lock, another action or other fields.
      [
        '/release',
        signed('release', other.paymentHash, { ground: 'liquidation' }),
        'BAD_SIGNATURE',
      ],
      [
        '/release',
        {
          ground: 'liquidation',
          signature: signed('release', hash, { ground: 'lock-deadline' }).signature,
        },
        'BAD_SIGNATURE',
      ],
      [
        '/default',
        {
          kind: 'maturity',
          dueAtMs: DAY,
          signature: signed('default', hash, { kind: 'maturity', dueAtMs: DAY + 1 }).signature,
        },
        'BAD_SIGNATURE',
      ],
      [
        '/retire',
        { signature: signed('release', hash, { ground: 'liquidation' }).signature },
        'BAD_SIGNATURE',
      ],
    ]
    const before = await store.get(hash)
    for (const [action, body, reason] of refusals) {
      const { status, json, text } = await call('POST', locks(hash, action), body)
      expect([action, status, json.error.reason]).toEqual([action, 401, reason])
      expect(text).not.toContain(first.preimage)
    }
    expect(await store.get(hash)).toEqual(before)
    // A signed call for a lock the agent does not hold: 404.
    const unknown = await call(
      'POST',
      locks(other.paymentHash, '/release'),
      signed('release', other.paymentHash, { ground: 'liquidation' }),
    )
    expect([unknown.status, unknown.json.error.reason]).toEqual([404, 'NOT_FOUND'])
  })

  it('anyone may answer a default; proofs that do not prove a payment are refused', async () => {
    const { call, deposit, signed } = setup()
    const first = lock(1)
    await deposit(1)
    const proofs = [{ invoice: 'lnbcrt1pnotaninvoice', preimage: 'ab'.repeat(32) }]
    const noDefault = await call('POST', locks(first.paymentHash, '/answer'), { proofs })
    expect([noDefault.status, noDefault.json.error.reason]).toEqual([403, 'ESCROW_REFUSED'])
    await call(
      'POST',
      locks(first.paymentHash, '/default'),
      signed('default', first.paymentHash, { kind: 'interest', dueAtMs: DAY }),
    )
    const bogus = await call('POST', locks(first.paymentHash, '/answer'), { proofs })
    expect([bogus.status, bogus.json.error.reason]).toEqual([403, 'ESCROW_REFUSED'])
  })

  it('an answer reaches the agent as typed proofs, and its status comes back', async () => {
    const seen: unknown[] = []
    const { call, deposit, signed } = setup((agent) => ({
      ...agent,
      pubkey: agent.pubkey,
      async answerDefault(paymentHash, proofs) {
        seen.push({ paymentHash, proofs })
        return agent.status(paymentHash)
      },
    }))
    const first = lock(1)
    await deposit(1)
    await call(
      'POST',
      locks(first.paymentHash, '/default'),
      signed('default', first.paymentHash, { kind: 'interest', dueAtMs: DAY }),
    )
    const proofs = Array.from({ length: MAX_PAYMENT_PROOFS }, (_, i) => ({
      invoice: `lnbcrt${i}`,
      preimage: bytesToHex(new Uint8Array(32).fill(i)),
    }))
    const { status, json } = await call('POST', locks(first.paymentHash, '/answer'), { proofs })
    expect(status).toBe(200)
    expect(json.status.hold.dispute.kind).toBe('interest')
    expect(seen).toEqual([{ paymentHash: first.paymentHash, proofs }])
  })

  it('refuses every malformed input with a typed 400, changing nothing', async () => {
    const { call, deposit, store, signed } = setup()
    const first = lock(1)
    const hash = first.paymentHash
    await deposit(1)
    const before = await store.get(hash)
    const good = { hold: wireHold(lock(3).hold), sealed: lock(3).sealed }
    const hold = (change: Record<string, unknown>) => ({
      ...good,
      hold: { ...good.hold, ...change },
    })
    const sealed = (change: Record<string, unknown>) => ({
      ...good,
      sealed: { ...good.sealed, ...change },
    })
    const { hold: _dropped, ...noHold } = good
    const { lenderKey: _key, ...holdWithoutKey } = good.hold
    const deposits: unknown[] = [
      [],
      'text',
      null,
      noHold,
      { ...good, extra: 1 },
      { ...good, hold: holdWithoutKey },
      hold({ extra: 1 }),
      hold({ principal: 5_000_000 }),
      hold({ principal: '0' }),
      hold({ principal: '05' }),
      hold({ principal: '-5' }),
      hold({ collateralSat: '1e8' }),
      hold({ liquidationLtvBps: 9_000 }),
      hold({ currency: 'EUR' }),
      hold({ paymentHash: hash.toUpperCase() }),
      hold({ paymentHash: hash.slice(2) }),
      hold({ agreementHash: 'zz'.repeat(32) }),
      hold({ deskPubkey: `04${'cc'.repeat(32)}` }),
      hold({ lenderKey: `02${lenderKey}` }),
      hold({ safeDeadlineHeight: -1 }),
      hold({ safeDeadlineHeight: 1.5 }),
      hold({ safeDeadlineHeight: '1000' }),
      hold({ disputeWindowMs: Number.MAX_SAFE_INTEGER + 1 }),
      hold({ loanId: '' }),
      hold({ loanId: 'a b' }),
      hold({ loanId: 'x'.repeat(65) }),
      sealed({ nonce: 'ab'.repeat(23) }),
      sealed({ ciphertext: 'ab'.repeat(49) }),
      sealed({ ephemeralPubkey: 7 }),
      { ...good, replaces: 'ab' },
      JSON.parse(
        `{"hold":${JSON.stringify(good.hold)},"sealed":${JSON.stringify(good.sealed)},"__proto__":{"x":1}}`,
      ),
    ]
    for (const body of deposits) {
      const { status, json } = await call('POST', '/v2/escrow/deposits', body)
      expect([JSON.stringify(body)?.slice(0, 80), status, json.error.reason]).toEqual([
        JSON.stringify(body)?.slice(0, 80),
        400,
        'BAD_REQUEST',
      ])
    }
    const release = signed('release', hash, { ground: 'liquidation' })
    const calls: [string, unknown][] = [
      [locks(hash, '/release'), { ...release, ground: 'whim' }],
      [locks(hash, '/release'), { ...release, signature: 'ab'.repeat(63) }],
      [locks(hash, '/release'), { ...release, signature: release.signature.toUpperCase() }],
      [locks(hash, '/release'), { signature: release.signature }],
      [locks(hash, '/release'), { ...release, extra: true }],
      [locks(hash, '/default'), { kind: 'whim', dueAtMs: DAY }],
      [locks(hash, '/default'), { kind: 'interest', dueAtMs: 1.5 }],
      [locks(hash, '/default'), { kind: 'interest', dueAtMs: -1 }],
      [locks(hash, '/default'), { kind: 'interest' }],
      [locks(hash, '/retire'), { signature: 5 }],
      [locks(hash, '/retire'), []],
      [locks(hash, '/answer'), { proofs: [] }],
      [locks(hash, '/answer'), { proofs: {} }],
      [
        locks(hash, '/answer'),
        {
          proofs: Array.from({ length: MAX_PAYMENT_PROOFS + 1 }, () => ({
            invoice: 'lnbcrt1',
            preimage: 'ab'.repeat(32),
          })),
        },
      ],
      [locks(hash, '/answer'), { proofs: [{ invoice: 'lnbcrt1', preimage: 'ab' }] }],
      [locks(hash, '/answer'), { proofs: [{ invoice: '', preimage: 'ab'.repeat(32) }] }],
      [
        locks(hash, '/answer'),
        { proofs: [{ invoice: 'x'.repeat(2_001), preimage: 'ab'.repeat(32) }] },
      ],
      [
        locks(hash, '/answer'),
        { proofs: [{ invoice: 'lnbcrt1', preimage: 'ab'.repeat(32), x: 1 }] },
      ],
      [locks(hash.toUpperCase(), '/release'), release],
      [locks(hash.slice(1), '/release'), release],
      [locks('', '/release'), release],
    ]
    for (const [path, body] of calls) {
      const { status, json } = await call('POST', path, body)
      expect([path, status, json.error.reason]).toEqual([path, 400, 'BAD_REQUEST'])
    }
    for (const path of [locks(hash.toUpperCase()), locks('ab'.repeat(31))]) {
      const { status, json } = await call('GET', path)
      expect([status, json.error.reason]).toEqual([400, 'BAD_REQUEST'])
    }
    // Not JSON, not UTF-8, no body, another content type.
    for (const raw of ['{', '', 'null x']) {
      const { status, json } = await call('POST', '/v2/escrow/deposits', undefined, { raw })
      expect([status, json.error.reason]).toEqual([400, 'BAD_REQUEST'])
    }
    const typed = await call('POST', '/v2/escrow/deposits', good, {
      headers: { 'content-type': 'text/plain' },
    })
    expect([typed.status, typed.json.error.reason]).toEqual([415, 'BAD_REQUEST'])
    expect(await store.get(hash)).toEqual(before)
    expect(await store.get(lock(3).paymentHash)).toBeUndefined()
  })

  it('refuses a body over 16 KiB (413), declared or not, and an unknown route (404)', async () => {
    const { call, handler } = setup()
    expect(handler.maxBodyBytes).toBe(16_384)
    const big = JSON.stringify({ proofs: [{ invoice: 'x'.repeat(20_000), preimage: '00' }] })
    const hash = lock(1).paymentHash
    const declared = await call('POST', locks(hash, '/answer'), undefined, {
      raw: big,
      headers: { 'content-length': String(big.length) },
    })
    expect([declared.status, declared.json.error.reason]).toEqual([413, 'BAD_REQUEST'])
    const streamed = await call('POST', locks(hash, '/answer'), undefined, { raw: big })
    expect([streamed.status, streamed.json.error.reason]).toEqual([413, 'BAD_REQUEST'])
    for (const [method, path] of [
      ['GET', '/v2/escrow/deposits'],
      ['GET', locks(hash, '/release')],
      ['POST', locks(hash)],
      ['DELETE', locks(hash)],
      ['GET', '/v2/escrow/locks'],
      ['GET', '/v1/info'],
      ['POST', '/v2/escrow'],
    ] as const) {
      const { status, json } = await call(method, path)
      expect([method, path, status, json.error.reason]).toEqual([method, path, 404, 'NOT_FOUND'])
    }
  })

  it('answers a failure of its own as a bare 500, told to onError', async () => {
    const { call, errors } = setup((agent) => ({
      ...agent,
      pubkey: agent.pubkey,
      status: async () => {
        throw new Error(`disk on fire near ${lock(1).preimage}`)
      },
    }))
    const { status, json, text } = await call('GET', locks(lock(1).paymentHash))
    expect(status).toBe(500)
    expect(json.error).toEqual({
      code: 'DESK_ERROR',
      reason: 'DESK_ERROR',
      message: 'Internal error of the escrow agent.',
    })
    expect(text).not.toContain(lock(1).preimage)
    expect(errors).toHaveLength(1)
  })
})
