import type { Hex, InvoiceState } from '@btcfi/core'
import { describe, expect, it } from 'vitest'
import type { EscrowStatus } from '../escrow/createEscrowAgent.js'
import type { EscrowHold } from '../escrow/decideRelease.js'
import { expectedEscrowClaim } from '../escrow/expectedEscrowClaim.js'
import type { LoanRecord, LockRecord } from '../loan/LoanRecord.js'
import { sampleLoan } from '../testing/sampleLoan.js'
import type { ChaosLoan } from './ChaosState.js'
import { checkEscrowInvariants } from './checkEscrowInvariants.js'

// The v2 checks of the chaos runner on made-up books: each break they exist
// to find is found, and a clean v2 liquidation passes.

const AGENT = 'a1'.repeat(32) as Hex
const HASH_1 = '11'.repeat(32) as Hex
const HASH_2 = '22'.repeat(32) as Hex
const AT = 1_700_000_100_000
/** $50,000: a $50,000 loan on 1 BTC is past its 90% liquidation LTV. */
const CRASH = 5_000_000n
const BASE = 10_000_000n

const base = sampleLoan({ id: 'v2-loan' })
const agreement = {
  ...base.agreement,
  protocol: 'btcfi-loan/2' as const,
  escrow: { agentPubkey: AGENT, lenderKey: 'b2'.repeat(32), disputeWindowMs: 3_600_000 },
}

const lock = (paymentHash: Hex, n: number, state: LockRecord['state']): LockRecord => ({
  ...base.locks[0]!,
  id: `v2-loan:lock:${n}`,
  purpose: n === 1 ? 'initial' : 'rollover',
  paymentHash,
  state,
})

function v2Loan(locks: LockRecord[], overrides: Partial<LoanRecord> = {}): LoanRecord {
  return { ...base, agreement, state: 'LIQUIDATED', locks, ...overrides }
}

function statusOf(
  paymentHash: Hex,
  released?: { atMs: number; ground: string },
  dispute?: EscrowHold['dispute'],
): EscrowStatus {
  const claim = expectedEscrowClaim(agreement, paymentHash, base.locks[0]!.amountSat)
  const hold = {
    loanId: claim.loanId,
    agreementHash: claim.agreementHash,
    paymentHash,
    ...claim.terms,
    safeDeadlineHeight: 500,
    rolledOver: false,
    ...(dispute && { dispute }),
  } as EscrowHold
  return { hold, heldAtMs: AT - 60_000, released, windowEndsAtMs: undefined }
}

async function check(
  loan: LoanRecord,
  agent: Record<string, EscrowStatus>,
  lnd: Record<string, InvoiceState>,
  options: { prices?: (bigint | undefined)[]; plannedV2?: boolean } = {},
) {
  const planned = {
    id: loan.id,
    open: { v2: options.plannedV2 ?? true },
  } as unknown as ChaosLoan
  return checkEscrowInvariants({
    book: { loans: [loan], events: [] },
    loans: [planned],
    escrow: {
      pubkey: AGENT,
      status: async (hash) => agent[hash],
      pricesBetween: () => options.prices ?? [CRASH],
    },
    invoiceState: async (hash) => lnd[hash],
  })
}

const invariants = (result: Awaited<ReturnType<typeof check>>) =>
  result.breaks.map((b) => b.invariant)

describe('checkEscrowInvariants', () => {
  it('passes a liquidation the agent released at a price it was given', async () => {
    const result = await check(
      v2Loan([lock(HASH_1, 1, 'SETTLED')], {
        liquidation: { reason: 'ltv' } as LoanRecord['liquidation'],
      }),
      { [HASH_1]: statusOf(HASH_1, { atMs: AT, ground: 'liquidation' }) },
      { [HASH_1]: 'SETTLED' },
    )
    expect(result.breaks).toEqual([])
    expect(result.summary).toEqual({
      loans: 1,
      releases: { liquidation: 1 },
      liquidated: { ltv: 1 },
    })
  })

  it('finds a lock settled without the agent’s release (f)', async () => {
    const result = await check(
      v2Loan([lock(HASH_1, 1, 'SETTLED')]),
      { [HASH_1]: statusOf(HASH_1) },
      { [HASH_1]: 'SETTLED' },
    )
    expect(invariants(result)).toEqual(['f'])
    expect(result.breaks[0]!.detail).toMatch(/without the escrow agent's release/)
  })

  it('finds a lock lnd settled while the book says otherwise (f)', async () => {
    const result = await check(
      v2Loan([lock(HASH_1, 1, 'CANCELED')], { state: 'REPAID' }),
      { [HASH_1]: statusOf(HASH_1) },
      { [HASH_1]: 'SETTLED' },
    )
    expect(invariants(result)).toEqual(['f', 'f'])
  })

  it('finds two locks of one loan settled, and two released (f)', async () => {
    const released = { atMs: AT, ground: 'liquidation' }
    const result = await check(
      v2Loan([lock(HASH_1, 1, 'SETTLED'), lock(HASH_2, 2, 'SETTLED')]),
      { [HASH_1]: statusOf(HASH_1, released), [HASH_2]: statusOf(HASH_2, released) },
      { [HASH_1]: 'SETTLED', [HASH_2]: 'SETTLED' },
    )
    expect(result.breaks.map((b) => b.detail)).toEqual([
      '2 locks of one v2 loan were settled',
      'the escrow agent released 2 locks of one loan',
    ])
  })

  it('finds a lock the agent does not hold, and a loan of the wrong protocol (f)', async () => {
    const missing = await check(v2Loan([lock(HASH_1, 1, 'CANCELED')]), {}, {})
    expect(missing.breaks[0]!.detail).toMatch(/holds no lock/)
    const v1 = await check(v2Loan([lock(HASH_1, 1, 'CANCELED')]), {}, {}, { plannedV2: false })
    expect(v1.breaks.map((b) => b.detail)[0]).toBe("opened as v1, the desk's agreement is v2")
  })

  it('finds a liquidation released at prices that do not reach the LTV (g)', async () => {
    const result = await check(
      v2Loan([lock(HASH_1, 1, 'SETTLED')]),
      { [HASH_1]: statusOf(HASH_1, { atMs: AT, ground: 'liquidation' }) },
      { [HASH_1]: 'SETTLED' },
      { prices: [BASE, undefined] },
    )
    expect(invariants(result)).toEqual(['g'])
  })

  it('finds a default released before its dispute window ended, or answered (g)', async () => {
    const claimed = { kind: 'interest' as const, dueAtMs: AT - 7_200_000, claimedAtMs: AT - 60_000 }
    const early = await check(
      v2Loan([lock(HASH_1, 1, 'SETTLED')]),
      {
        [HASH_1]: statusOf(
          HASH_1,
          { atMs: AT, ground: 'default' },
          { ...claimed, answered: false },
        ),
      },
      { [HASH_1]: 'SETTLED' },
    )
    expect(invariants(early)).toEqual(['g'])
    const due = { ...claimed, claimedAtMs: AT - 3_600_000 }
    const passed = await check(
      v2Loan([lock(HASH_1, 1, 'SETTLED')]),
      { [HASH_1]: statusOf(HASH_1, { atMs: AT, ground: 'default' }, { ...due, answered: false }) },
      { [HASH_1]: 'SETTLED' },
    )
    expect(passed.breaks).toEqual([])
    const answered = await check(
      v2Loan([lock(HASH_1, 1, 'SETTLED')]),
      { [HASH_1]: statusOf(HASH_1, { atMs: AT, ground: 'default' }, { ...due, answered: true }) },
      { [HASH_1]: 'SETTLED' },
    )
    expect(invariants(answered)).toEqual(['g'])
  })
})
