import { decodeInvoice } from '@btcfi/core'
import type { NodeHandle } from '@btcfi/regtest'
import { getInvoice, type LightningClient } from '@btcfi/sdk'
import { finalLoanStates, type LoanEvent } from '../loan/LoanRecord.js'
import { lndGet } from '../testing/lndRest.js'
import type { ChaosLoan } from './ChaosState.js'
import type { DeskBook } from './startChaosDesk.js'

export type NodeName = 'alice' | 'bob' | 'carol'

/** An invariant of docs/loans.md that a seed broke, with the loan's event log. */
export interface InvariantBreak {
  /**
   * a: borrower holds the principal and the desk lost the collateral, or a loan did not end;
   * b: principal paid more than once, or after the lock was released;
   * c: an HTLC or a hold invoice left pending;
   * d: a liquidation penalty the borrower did not cause;
   * e: a node's balance moved other than the desk's log says;
   * f: (v2) a lock settled without the escrow agent's release, more than one lock of a loan settled,
   *    or a loan of the wrong protocol;
   * g: (v2) a release or a liquidation on evidence the escrow agent did not see (its own price,
   *    a dispute window not yet passed), or a refused liquidation that did not leave the loan ACTIVE
   *    with its lock held;
   * run: the seed could not be run to its end.
   */
  invariant: 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'run'
  loanId?: string
  detail: string
  /** The loan's events, one a line. */
  log: string[]
}

export interface InvariantInput {
  book: DeskBook
  /** The plan's loans (by desk id once opened). */
  loans: readonly ChaosLoan[]
  nodes: Record<NodeName, NodeHandle>
  clients: Record<NodeName, LightningClient>
  /** bob's payment index when the seed began: its payments after it are the seed's. */
  paymentIndex: bigint
  /** What each node owned on its channels before and after the seed, msat. */
  before: Record<NodeName, bigint>
  after: Record<NodeName, bigint>
  /** What was found pending after the seed settled (invariant c). */
  leftovers: readonly string[]
}

interface LndPayment {
  payment_hash: string
  status: string
  value_msat: string
  fee_msat: string
  payment_index: string
  htlcs?: { status: string; attempt_time_ns: string }[]
}

const show = (v: unknown): string =>
  typeof v === 'bigint'
    ? v.toString()
    : typeof v === 'string' && v.length > 20
      ? `${v.slice(0, 12)}…`
      : String(v)

/** One event as a line of an excerpt. */
export function eventLine(e: LoanEvent): string {
  const data = Object.entries(e.data)
    .filter(([k]) => k !== 'paymentRequest')
    .map(([k, v]) => `${k}=${show(v)}`)
    .join(' ')
  return `#${e.seq} ${e.type} ${data}`
}

/** bob's payments made after `index`. */
export async function paymentsAfter(node: NodeHandle, index: bigint): Promise<LndPayment[]> {
  const reply = await lndGet<{ payments?: LndPayment[] }>(
    node,
    `/v1/payments?include_incomplete=true&index_offset=${index}&max_payments=100000`,
  )
  return reply.payments ?? []
}

/** bob's last payment index (where a seed's payments begin). */
export async function lastPaymentIndex(node: NodeHandle): Promise<bigint> {
  const reply = await lndGet<{ last_index_offset?: string }>(
    node,
    '/v1/payments?include_incomplete=true&reversed=true&max_payments=1',
  )
  return BigInt(reply.last_index_offset ?? '0')
}

/**
 * Checks a settled seed against the invariants of docs/loans.md: (a) every
 * loan ended, and none lost its held collateral to lnd while the principal
 * was out; (b) each principal paid at most once, while its lock was held; (c)
 * nothing left pending; (d) no penalty where the borrower was not at fault;
 * (e) each node's balance moved exactly as the desk's log says, to the msat.
 */
export async function checkChaosInvariants(input: InvariantInput): Promise<InvariantBreak[]> {
  const { book, nodes, clients } = input
  const breaks: InvariantBreak[] = []
  const byId = new Map(input.loans.filter((l) => l?.id).map((l) => [l.id!, l]))
  const nameOf = new Map(Object.entries(nodes).map(([name, n]) => [n.pubkey, name as NodeName]))
  const payments = await paymentsAfter(nodes.bob, input.paymentIndex)
  const expected: Record<NodeName, bigint> = { alice: 0n, bob: 0n, carol: 0n }
  const move = (from: NodeName, to: NodeName | undefined, msat: bigint, feeMsat = 0n) => {
    expected[from] -= msat + feeMsat
    if (to) expected[to] += msat
  }

  for (const loan of book.loans) {
    const events = book.events.filter((e) => e.loanId === loan.id).sort((x, y) => x.seq - y.seq)
    const log = events.map(eventLine)
    const fail = (invariant: InvariantBreak['invariant'], detail: string) =>
      breaks.push({ invariant, loanId: loan.id, detail, log })
    const plan = byId.get(loan.id)

    // (a) the loan ended; no held lock was lost to lnd while the principal was out.
    if (!finalLoanStates.includes(loan.state)) fail('a', `the loan ended ${loan.state}`)
    for (const lock of loan.locks) {
      if (lock.state !== 'CANCELED' && lock.state !== 'SETTLED' && lock.state !== 'PENDING') {
        fail('c', `lock ${lock.id} (${lock.purpose}) is still ${lock.state} in the store`)
      }
    }
    let state = 'AWAITING_LOCK'
    const held: string[] = []
    for (const e of events) {
      const lockId = String(e.data.lockId ?? '')
      if (e.type === 'principal.sending') state = 'DISBURSING'
      if (e.type === 'principal.disbursed') state = 'ACTIVE'
      if (e.type === 'lock.accepted') held.push(lockId)
      if (e.type === 'lock.settled' || e.type === 'lock.canceled') {
        const at = held.indexOf(lockId)
        if (at >= 0) held.splice(at, 1)
      }
      if (
        e.type === 'lock.canceled' &&
        e.data.by === 'lnd' &&
        e.data.unexpected === true &&
        (state === 'ACTIVE' || state === 'DISBURSING')
      ) {
        // An old lock that a newer rollover lock replaced is no loss.
        const order = loan.locks.findIndex((l) => l.id === lockId)
        const replaced = loan.locks.some(
          (l, i) => l.purpose === 'rollover' && held.includes(l.id) && i > order,
        )
        if (!replaced) {
          fail(
            'a',
            `lnd canceled the held lock ${lockId} while the loan was ${state} (#${e.seq}): the collateral is gone, the principal is out`,
          )
        }
      }
      if (e.type === 'loan.repaid') state = 'REPAID'
      if (e.type === 'liquidation.started') state = 'LIQUIDATING'
      if (e.type === 'loan.liquidated') state = 'LIQUIDATED'
      if (e.type === 'loan.canceled') state = 'CANCELED'
    }

    // (b) the principal: once at most, while the initial lock was held.
    const hash = loan.agreement.disbursementHash
    const toPayee = payments.filter((p) => p.payment_hash === hash)
    const succeeded = toPayee.filter((p) => p.status === 'SUCCEEDED')
    if (succeeded.length > 1) fail('b', `the principal was paid ${succeeded.length} times`)
    if (toPayee.some((p) => p.status === 'IN_FLIGHT'))
      fail('c', 'the principal payment is still in flight')
    if (succeeded.length > 0 && loan.state === 'CANCELED') {
      fail('a', 'the principal was paid and the loan CANCELED: the collateral went back')
    }
    if (succeeded.length > 0 && loan.disbursement?.status !== 'SUCCEEDED') {
      fail('b', `lnd paid the principal; the desk recorded ${loan.disbursement?.status}`)
    }
    const initial = loan.locks.find((l) => l.purpose === 'initial')
    if (succeeded.length > 0 && initial) {
      const invoice = await getInvoice(clients.bob, { paymentHash: initial.paymentHash }).catch(
        () => undefined,
      )
      const accepted = invoice?.htlcs.map((h) => h.acceptTime.getTime()) ?? []
      const released = invoice?.htlcs
        .filter((h) => h.state === 'CANCELED' && h.resolveTime)
        .map((h) => h.resolveTime!.getTime())
      for (const p of succeeded) {
        const attempts = (p.htlcs ?? []).map((h) => Number(BigInt(h.attempt_time_ns) / 1_000_000n))
        const first = Math.min(...attempts)
        if (accepted.length === 0 || first < Math.min(...accepted) - 999) {
          fail('b', 'the principal was sent before the lock was held')
        }
        if (released && released.length > 0 && first > Math.max(...released) + 999) {
          fail('b', 'the principal was sent after the lock was released')
        }
      }
    }

    // (d) a penalty only where the borrower was at fault.
    const liq = loan.liquidation
    if (liq && loan.state === 'LIQUIDATED') {
      const fair = (liq.debtMsat + 999n) / 1_000n
      const penaltySat = liq.keepSat - (fair < liq.collateralSat ? fair : liq.collateralSat)
      const borrowerCaused =
        liq.reason === 'ltv' ||
        (liq.reason === 'interest-default' && plan?.open.interest === 'none') ||
        (liq.reason === 'lock-deadline' && plan?.open.rollover === 'ignore')
      if (penaltySat > 0n && !borrowerCaused) {
        fail(
          'd',
          `liquidated (${liq.reason}) with a penalty of ${penaltySat} sat; the borrower ${plan?.open.rollover === 'answer' ? 'answers rollovers' : ''}${plan?.open.interest !== 'none' ? ` and pays interest (${plan?.open.interest})` : ''}: the cause was on the desk's side`,
        )
      }
    }

    // (e) what the log says moved.
    const payee = nameOf.get(decodeInvoice(loan.disbursementInvoice).payee ?? '')
    for (const e of events) {
      const msat = (e.data.amountMsat as bigint | undefined) ?? 0n
      const fee = (e.data.feeMsat as bigint | undefined) ?? 0n
      if (e.type === 'principal.disbursed') move('bob', payee, msat, fee)
      if (e.type === 'interest.paid' || e.type === 'loan.repaid') move('alice', 'bob', msat)
      if (e.type === 'lock.settled') move('alice', 'bob', (e.data.amountSat as bigint) * 1_000n)
      if (e.type === 'surplus.paid') move('bob', 'alice', msat, fee)
    }
  }

  for (const leftover of input.leftovers) breaks.push({ invariant: 'c', detail: leftover, log: [] })
  for (const name of ['alice', 'bob', 'carol'] as const) {
    const moved = input.after[name] - input.before[name]
    if (moved !== expected[name]) {
      breaks.push({
        invariant: 'e',
        detail: `${name} moved ${moved} msat; the desk's log says ${expected[name]} (off by ${moved - expected[name]})`,
        log: [],
      })
    }
  }
  return breaks
}
