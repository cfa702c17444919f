import {
  decodeInvoice as decodeBolt11,
  type Hex,
  hasErrorCode,
  MSAT_PER_SAT,
  type Payment,
} from '@btcfi/core'
import {
  type Client,
  createInvoice,
  getInfo,
  getInvoice,
  payInvoice,
  queryRoutes,
  signMessage,
  verifyMessage,
} from '@btcfi/sdk'
import type { Stream } from '@btcfi/stream'
import type { AcceptedEscrowAgent } from '../desk/deskEscrow.js'
import type { DeskInvoice } from '../desk/deskInvoices.js'
import type { EscrowLockRequest } from '../desk/escrowLocks.js'
import type { LoanView } from '../desk/loanView.js'
import { LoanError } from '../errors/LoanError.js'
import { escrowClient } from '../escrow/escrowClient.js'
import { agreementHash } from '../loan/agreementHash.js'
import { agreementOf } from '../loan/agreementOf.js'
import type { LoanAgreement } from '../loan/LoanAgreement.js'
import type { LoanEvent, LoanState, LockRecord } from '../loan/LoanRecord.js'
import type { Quote } from '../loan/Quote.js'
import type { Currency } from '../money/constants.js'
import { parseDeskInvoiceMemo } from '../protocol/deskInvoiceMemo.js'
import { agreementSigningText } from '../protocol/signedRequest.js'
import type { LoanTerms, LockTerms } from '../terms/LoanTerms.js'
import { maxPayoutFinalCltv } from '../terms/lockCltvExpiry.js'
import { checkAgreementSigner } from './checks/checkAgreementSigner.js'
import { checkDeskInvoice } from './checks/checkDeskInvoice.js'
import { checkInitialLock } from './checks/checkInitialLock.js'
import { checkLoanAgreement } from './checks/checkLoanAgreement.js'
import { checkLockInvoice } from './checks/checkLockInvoice.js'
import { checkOpenedAgreement } from './checks/checkOpenedAgreement.js'
import { checkQuote } from './checks/checkQuote.js'
import { checkQuoteRequest } from './checks/checkQuoteRequest.js'
import { checkRolloverLock } from './checks/checkRolloverLock.js'
import { checkTopUpLock } from './checks/checkTopUpLock.js'
import { checkWaitedState } from './checks/checkWaitedState.js'
import { checkEscrowQuote, checkLockHash, depositLock } from './depositLock.js'
import { deskCaller } from './deskCaller.js'
import { type StreamInterestParameters, streamInterest } from './streamInterest.js'
import { watchLoan } from './watchLoan.js'

export interface AgentParameters {
  /** The borrower's node: it signs requests and pays. */
  client: Client
  /** The desk's base URL, e.g. `https://desk.example.com`. */
  deskUrl: string
  /** Told about things the borrower should know but that do not stop the loan (e.g. a route with intermediate hops). */
  onWarning?: (message: string) => void
  /** A fetch of your own (tests, proxies). */
  fetch?: typeof globalThis.fetch
  /** The clock for request timestamps. Default `Date.now`. */
  now?: () => number
  /** Per desk request. Default 30 000 ms. */
  timeoutMs?: number
  /**
   * Borrow under protocol v2 (docs/loans.md): an escrow agent the desk
   * accepts holds each lock's preimage, which this agent draws, so the
   * desk can seize only on evidence the escrow agent checks. `agent` picks
   * one (default: the desk's first: name one you trust); `url` is where this
   * agent reaches it (default: where the desk says it is; give your own so
   * that no desk stands between you and the agent that judges it).
   */
  escrow?: { agent?: Hex; url?: string }
}

export interface DeskInfo {
  protocol: string
  deskPubkey: Hex
  network: string
  terms: LoanTerms
  /** The escrow agents the desk accepts for v2 loans (none: v1 only). */
  escrowAgents?: AcceptedEscrowAgent[]
}

/**
 * How a collateral lock ended, as the borrower's node saw its held payment:
 * `released` (the desk canceled: the collateral is back), `settled` (the desk
 * took it: a repaid loan never ends so), or `error` (the agent stopped
 * waiting). While the lock is held the payment is IN_FLIGHT and this stays
 * pending: not a failure, and there is no time limit.
 */
export type LockOutcome =
  | { status: 'released' }
  | { status: 'settled'; payment: Payment }
  | { status: 'error'; error: unknown }

export interface LockHandle {
  lockId: string
  paymentHash: Hex
  amountSat: bigint
  /** Never rejects. */
  outcome: Promise<LockOutcome>
}

export interface OpenParameters {
  quote: Quote
  /** The invoice the principal pays (a merchant's, for "pay later"); by default one of the borrower's node. */
  disbursementInvoice?: string
  /** Refuse the quote unless this says yes (after the agent's own checks). */
  accept?: (quote: Quote) => boolean
}

export interface OpenedLoanHandle {
  loan: LoanView
  agreement: LoanAgreement
  deskSignature: string
  borrowerSignature: string
  lock: LockHandle
}

export interface WatchLoanParameters {
  onEvent?: (event: LoanEvent) => void
  onError?: (error: unknown) => void
  /** Pay a rollover lock as soon as the desk asks (default true). */
  autoRollover?: boolean
  /** Each rollover lock paid. */
  onRollover?: (lock: LockHandle) => void
  /** Default 2 000 ms. */
  intervalMs?: number
  /** Only events after this sequence number. Default 0. */
  afterSeq?: number
}

export interface SurplusCheck {
  /** What the desk said it would return, sat (0n when nothing is due). */
  expectedSat: bigint
  /** What arrived on the borrower's node, msat. */
  receivedMsat: bigint
  paymentHash: Hex | undefined
  ok: boolean
}

/** The borrower's side of the loan protocol. */
export interface Agent {
  pubkey(): Promise<Hex>
  info(): Promise<DeskInfo>
  quote(parameters: { principal: bigint; currency?: Currency }): Promise<Quote>
  open(parameters: OpenParameters): Promise<OpenedLoanHandle>
  status(loanId: string): Promise<LoanView>
  /** Polls the status until the loan is in one of `states` (or ends in another final state). */
  waitForState(
    loanId: string,
    states: readonly LoanState[],
    options?: { timeoutMs?: number; intervalMs?: number },
  ): Promise<LoanView>
  events(loanId: string, afterSeq?: number): Promise<LoanEvent[]>
  /** Pays the interest due now; null when less than 1 sat is due. */
  payInterest(loanId: string): Promise<Payment | null>
  /**
   * Pays the interest as a payment stream to the desk's node, started and
   * running until `stop()` (stop it once the loan is repaid). See `streamInterest`.
   */
  streamInterest(loanId: string, parameters: StreamInterestParameters): Promise<Stream>
  /** Pays the repayment invoice; the desk then cancels the lock (see `LockHandle.outcome`). */
  repay(loanId: string): Promise<{ invoice: DeskInvoice; payment: Payment }>
  topUp(loanId: string, amountSat: bigint): Promise<LockHandle>
  /** Pays a rollover lock the desk asked for (what `watch` does by itself). */
  rollover(loanId: string, lockId: string): Promise<LockHandle>
  watch(loanId: string, parameters?: WatchLoanParameters): () => void
  /** After a liquidation: did the surplus arrive, to the msat? */
  checkSurplus(loanId: string): Promise<SurplusCheck>
  /**
   * v2: answers a default the desk claimed at the escrow agent, with the
   * borrower's payments of the desk's invoices (interest or repayment: each
   * with its invoice and preimage), before the dispute window closes.
   * Anything that does not answer it is `ESCROW_REFUSED`.
   */
  answerDefault(loanId: string, payments: readonly Payment[]): Promise<void>
  /** The held payment of a lock this agent paid, by payment hash. */
  lock(paymentHash: Hex): LockHandle | undefined
}

/**
 * Creates a borrower's agent for one desk: quotes, opens (checks the terms,
 * signs the agreement, verifies the desk's signature, pays the collateral hold
 * invoice and keeps the held payment pending), pays interest, repays, tops up,
 * answers rollovers, and checks a liquidation's surplus. Every request is
 * signed with the node key.
 *
 * @example
 * const agent = createAgent({ client, deskUrl: 'http://127.0.0.1:8090' })
 * const quote = await agent.quote({ principal: 50_000n }) // $500
 * const { loan, lock } = await agent.open({ quote })
 * await agent.waitForState(loan.id, ['ACTIVE'])
 */
export function createAgent(parameters: AgentParameters): Agent {
  const { client } = parameters
  const now = parameters.now ?? Date.now
  const warn = (message: string) => {
    try {
      parameters.onWarning?.(message)
    } catch {
      // ignore
    }
  }
  const call = deskCaller({
    client,
    deskUrl: parameters.deskUrl,
    fetch: parameters.fetch,
    timeoutMs: parameters.timeoutMs,
    now,
    pubkey: () => pubkey(),
  })
  const locks = new Map<Hex, LockHandle>()
  /** v2: the hash each rollover lock was acked with, and each quote opened with (the latest 100 each). */
  const rolloverHashes = new Map<string, EscrowLockRequest>()
  const ownDeposits = new Map<string, EscrowLockRequest>()
  const remember = (map: Map<string, EscrowLockRequest>, key: string, named: EscrowLockRequest) => {
    map.set(key, named)
    if (map.size > 100) map.delete(map.keys().next().value!)
  }

  /** v2: the escrow agent holds this hash for this loan, under its agreement and lender (`AGREEMENT_INVALID` otherwise). */
  async function checkHeldAtEscrow(loan: LoanView, paymentHash: Hex) {
    const escrow = loan.agreement.escrow!
    const url = (await escrowAgents()).find(
      (a) => a.pubkey.toLowerCase() === escrow.agentPubkey.toLowerCase(),
    )?.url
    if (!url)
      throw new LoanError('AGREEMENT_INVALID', "The desk does not name this loan's escrow agent.")
    const { hold } = await escrowClient({
      url,
      ...(parameters.fetch && { fetch: parameters.fetch }),
    }).status(paymentHash)
    if (
      hold.loanId !== loan.id ||
      hold.agreementHash.toLowerCase() !== agreementHash(loan.agreement) ||
      hold.lenderKey.toLowerCase() !== escrow.lenderKey.toLowerCase()
    ) {
      throw new LoanError('AGREEMENT_INVALID', 'The escrow agent holds this lock for another loan.')
    }
  }
  let ownPubkey: Promise<Hex> | undefined
  let deskInfo: Promise<DeskInfo> | undefined

  /** The escrow agents this agent speaks to: the one the borrower pinned, else the desk's list. */
  async function escrowAgents(): Promise<AcceptedEscrowAgent[]> {
    const own = parameters.escrow
    if (own?.agent && own.url) return [{ pubkey: own.agent, url: own.url }]
    return (await agent.info()).escrowAgents ?? []
  }

  /** v2: the escrow agent to borrow under (asked for, or the desk's first); none for v1. */
  async function pickedAgent(): Promise<Hex | undefined> {
    if (!parameters.escrow) return undefined
    const agents = (await agent.info()).escrowAgents ?? []
    const wanted = parameters.escrow.agent?.toLowerCase()
    const picked = wanted ? agents.find((a) => a.pubkey.toLowerCase() === wanted) : agents[0]
    if (!picked) {
      throw new LoanError('TERMS_MISMATCH', 'The desk accepts no such escrow agent (protocol v2).')
    }
    return picked.pubkey
  }

  const pubkey = () => {
    ownPubkey ??= getInfo(client).then(
      (info) => info.pubkey,
      (error: unknown) => {
        ownPubkey = undefined
        throw error
      },
    )
    return ownPubkey
  }

  /** Pays a lock's hold invoice and keeps the held payment: pending while the desk holds it. */
  /** The invoices this agent made for a quote's principal (the latest 100 quotes). */
  const ownInvoices = new Map<string, string>()
  function rememberInvoice(quoteId: string, paymentRequest: string) {
    ownInvoices.set(quoteId, paymentRequest)
    if (ownInvoices.size > 100) ownInvoices.delete(ownInvoices.keys().next().value!)
  }

  /**
   * Pays a lock and keeps the payment pending. Its HTLCs may lock no longer
   * than the agreement's CLTV budget (`lock.maxCltvExpiry`): route hints in a
   * lock invoice cannot tie the borrower's funds up beyond what was signed.
   */
  function payLock(
    lockId: string,
    paymentRequest: string,
    amountSat: bigint,
    lockTerms: LockTerms,
  ): LockHandle {
    const paymentHash = decodeBolt11(paymentRequest).paymentHash
    const existing = locks.get(paymentHash)
    if (existing) return existing
    const outcome: Promise<LockOutcome> = payInvoice(client, {
      paymentRequest,
      cltvLimit: lockTerms.maxCltvExpiry,
    }).then(
      (payment) => ({ status: 'settled', payment }),
      (error: unknown) =>
        hasErrorCode(error, 'PAYMENT_FAILED') ? { status: 'released' } : { status: 'error', error },
    )
    const handle: LockHandle = { lockId, paymentHash, amountSat, outcome }
    locks.set(paymentHash, handle)
    return handle
  }

  /** A desk invoice (interest, repayment) is the desk's, for what it says. */
  async function checkInvoiceOfDesk(
    loanId: string,
    invoice: DeskInvoice,
    what: 'interest' | 'repayment',
  ) {
    const info = await agent.info()
    const decoded = decodeBolt11(invoice.paymentRequest)
    checkDeskInvoice(decoded, { deskPubkey: info.deskPubkey, amountMsat: invoice.amountMsat, what })
    // Its description makes the paid invoice a proof of payment (a v2 default's answer).
    const memo = parseDeskInvoiceMemo(decoded.description)
    if (memo?.loanId !== loanId || memo.kind !== (what === 'interest' ? 'interest' : 'repay')) {
      throw new LoanError(
        'AGREEMENT_INVALID',
        `The ${what} invoice does not say it is this loan's: its payment would prove nothing.`,
      )
    }
  }

  /** A lock's hold invoice follows the agreement's lock terms (see `checkLockInvoice`). */
  async function checkLockPayment(
    paymentRequest: string,
    lock: { amountSat: bigint; paymentHash: Hex },
    lockTerms: LockTerms,
  ) {
    const info = await agent.info()
    // Invoices expire on lnd's wall clock, not on the loan clock.
    checkLockInvoice(decodeBolt11(paymentRequest), lock, {
      deskPubkey: info.deskPubkey,
      lockTerms,
      nowMs: Date.now(),
    })
  }

  /**
   * The loan's status, its agreement the one this borrower signed: the
   * desk cannot widen the lock terms, the rate or the parties in a status.
   */
  async function signedStatus(loanId: string): Promise<LoanView> {
    const [info, me, loan] = await Promise.all([agent.info(), pubkey(), agent.status(loanId)])
    checkLoanAgreement(loan, { loanId, deskPubkey: info.deskPubkey, borrowerPubkey: me })
    const signer = await verifyMessage(client, {
      message: agreementSigningText(loan.agreement),
      signature: loan.borrowerSignature,
    })
    checkAgreementSigner(signer.pubkey, me, 'borrower')
    return loan
  }

  async function warnIfNotDirect(deskPubkey: Hex, amountMsat: bigint) {
    try {
      const [route] = await queryRoutes(client, { pubkey: deskPubkey, amountMsat })
      if (route && route.hops.length > 1) {
        warn(
          `The route to the desk has ${route.hops.length - 1} intermediate hop(s): they hold the collateral HTLC too, and each adds its CLTV delta to the lock budget. A direct channel is expected.`,
        )
      }
    } catch (error) {
      warn(
        `No route to the desk for the collateral was found (${(error as Error).message.split('\n')[0]}).`,
      )
    }
  }

  const agent: Agent = {
    pubkey,

    info() {
      deskInfo ??= call<DeskInfo>('GET', 'v1/info').catch((error: unknown) => {
        deskInfo = undefined
        throw error
      })
      return deskInfo
    },

    async quote({ principal, currency }) {
      const info = await agent.info()
      const escrowAgent = await pickedAgent()
      const request = { principal, currency: currency ?? info.terms.currency }
      const { quote } = await call<{ quote: Quote }>('POST', 'v1/quotes', {
        ...request,
        ...(escrowAgent && { escrowAgent }),
      })
      checkQuoteRequest(quote, request)
      if (escrowAgent) checkEscrowQuote(quote, escrowAgent)
      return quote
    },

    async open({ quote, disbursementInvoice, accept }) {
      const info = await agent.info()
      const me = await pubkey()
      // The borrower's own checks: this desk, this borrower, sound terms, and the desk's arithmetic.
      checkQuote(quote, {
        deskPubkey: info.deskPubkey,
        borrowerPubkey: me,
        terms: info.terms,
        nowMs: now(),
        accept,
      })
      await warnIfNotDirect(info.deskPubkey, quote.collateralSat * MSAT_PER_SAT)
      // A quote opened again (its answer lost) names the same invoice: the desk
      // answers the same request the same way, and another one with a conflict.
      const paymentRequest =
        disbursementInvoice ??
        ownInvoices.get(quote.id) ??
        (
          await createInvoice(client, {
            amountMsat: quote.principalMsat,
            memo: `btcfi loan ${quote.id} principal`,
            expirySeconds: 3_600,
            // lnd's usual 80 blocks, or less when the desk's payout window is shorter.
            cltvExpiry: Math.min(80, maxPayoutFinalCltv(quote.terms.lock)),
          })
        ).paymentRequest
      if (!disbursementInvoice) rememberInvoice(quote.id, paymentRequest)
      const agreement = agreementOf(quote, decodeBolt11(paymentRequest).paymentHash)
      const text = agreementSigningText(agreement)
      const { signature: borrowerSignature } = await signMessage(client, { message: text })
      // v2: the first lock's preimage goes to the escrow agent before the loan opens.
      // Opened again (an answer lost): the same lock, which the agent holds already.
      const named = agreement.escrow
        ? (ownDeposits.get(quote.id) ??
          (await depositLock({
            client,
            agents: await escrowAgents(),
            agreement,
            collateralSat: agreement.collateralSat,
            ...(parameters.fetch && { fetch: parameters.fetch }),
          })))
        : undefined
      if (named) remember(ownDeposits, quote.id, named)
      const opened = await call<{
        loan: LoanView
        agreement: LoanAgreement
        deskSignature: string
        lockInvoice: string
      }>('POST', 'v1/loans', {
        quoteId: quote.id,
        disbursementInvoice: paymentRequest,
        borrowerSignature,
        ...(named && { lock: named }),
      })
      checkOpenedAgreement(opened, agreement)
      const signer = await verifyMessage(client, { message: text, signature: opened.deskSignature })
      checkAgreementSigner(signer.pubkey, info.deskPubkey, 'desk')
      const lock = checkInitialLock(opened.loan, agreement)
      await checkLockPayment(opened.lockInvoice, lock, agreement.lock)
      if (named) checkLockHash(opened.lockInvoice, named.paymentHash)
      return {
        loan: opened.loan,
        agreement,
        deskSignature: opened.deskSignature,
        borrowerSignature,
        lock: payLock(lock.id, opened.lockInvoice, lock.amountSat, agreement.lock),
      }
    },

    async status(loanId) {
      return (await call<{ loan: LoanView }>('GET', `v1/loans/${loanId}`)).loan
    },

    async waitForState(loanId, states, options = {}) {
      // Wall clock: a test's loan clock may stand still.
      const deadline = Date.now() + (options.timeoutMs ?? 60_000)
      for (;;) {
        const loan = await agent.status(loanId)
        if (checkWaitedState(loan, states, Date.now() > deadline)) return loan
        await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250))
      }
    },

    async events(loanId, afterSeq = 0) {
      return (
        await call<{ events: LoanEvent[] }>('GET', `v1/loans/${loanId}/events?after=${afterSeq}`)
      ).events
    },

    async payInterest(loanId) {
      const { invoice } = await call<{ invoice: DeskInvoice | null }>(
        'POST',
        `v1/loans/${loanId}/interest`,
        {},
      )
      if (!invoice) return null
      await checkInvoiceOfDesk(loanId, invoice, 'interest')
      return payInvoice(client, { paymentRequest: invoice.paymentRequest })
    },

    streamInterest: (loanId, streamParameters) =>
      // The rate and the desk's node come from the agreement: the one this borrower signed.
      streamInterest({ client, status: signedStatus, now }, loanId, streamParameters),

    async repay(loanId) {
      const { invoice } = await call<{ invoice: DeskInvoice }>(
        'POST',
        `v1/loans/${loanId}/repay`,
        {},
      )
      await checkInvoiceOfDesk(loanId, invoice, 'repayment')
      const payment = await payInvoice(client, { paymentRequest: invoice.paymentRequest })
      return { invoice, payment }
    },

    async topUp(loanId, amountSat) {
      const loan = await signedStatus(loanId)
      const { lock } = await call<{ lock: LockRecord }>('POST', `v1/loans/${loanId}/top-up`, {
        amountSat,
      })
      const paymentRequest = checkTopUpLock(lock, amountSat)
      await checkLockPayment(paymentRequest, lock, loan.agreement.lock)
      return payLock(lock.id, paymentRequest, lock.amountSat, loan.agreement.lock)
    },

    async rollover(loanId, lockId) {
      const loan = await signedStatus(loanId)
      const asked = loan.locks.find((l) => l.id === lockId)
      if (loan.agreement.escrow && asked?.state === 'OPEN' && !rolloverHashes.has(lockId)) {
        // Acked before this agent (re)started: its hash is one the agent holds for this loan.
        const paymentRequest = checkRolloverLock(asked, {
          lockId,
          collateralSat: loan.collateralSat,
        })
        await checkHeldAtEscrow(loan, asked.paymentHash)
        await checkLockPayment(paymentRequest, asked, loan.agreement.lock)
        return payLock(asked.id, paymentRequest, asked.amountSat, loan.agreement.lock)
      }
      // v2: a new preimage for the new lock, deposited with the agent before the ack.
      const held = loan.locks.find((l) => l.state === 'ACCEPTED')
      // Acked again (an answer lost): the same hash, which the agent holds already.
      const named = loan.agreement.escrow
        ? (rolloverHashes.get(lockId) ??
          (await depositLock({
            client,
            agents: await escrowAgents(),
            agreement: loan.agreement,
            collateralSat: loan.collateralSat,
            ...(held && { replaces: held.paymentHash }),
            ...(parameters.fetch && { fetch: parameters.fetch }),
          })))
        : undefined
      if (named) remember(rolloverHashes, lockId, named)
      const { lock } = await call<{ lock: LockRecord }>('POST', `v1/loans/${loanId}/rollover/ack`, {
        lockId,
        ...(named && { lock: named }),
      })
      const paymentRequest = checkRolloverLock(lock, { lockId, collateralSat: loan.collateralSat })
      await checkLockPayment(paymentRequest, lock, loan.agreement.lock)
      if (named) checkLockHash(paymentRequest, named.paymentHash)
      return payLock(lock.id, paymentRequest, lock.amountSat, loan.agreement.lock)
    },

    async answerDefault(loanId, payments) {
      const loan = await signedStatus(loanId)
      const escrow = loan.agreement.escrow
      const url = (await escrowAgents()).find(
        (a) => a.pubkey.toLowerCase() === escrow?.agentPubkey.toLowerCase(),
      )?.url
      if (!escrow || !url) throw new LoanError('LOAN_STATE', 'This loan has no escrow agent.')
      const proofs = payments.flatMap((p) =>
        p.paymentRequest && p.preimage ? [{ invoice: p.paymentRequest, preimage: p.preimage }] : [],
      )
      const client = escrowClient({ url, ...(parameters.fetch && { fetch: parameters.fetch }) })
      for (const lock of loan.locks.filter((l) => l.state === 'ACCEPTED')) {
        const status = await client.status(lock.paymentHash)
        if (status.hold.dispute && !status.hold.dispute.answered) {
          await client.answerDefault(lock.paymentHash, proofs)
        }
      }
    },

    watch: (loanId, options) => watchLoan(agent, loanId, options),

    async checkSurplus(loanId) {
      const loan = await agent.status(loanId)
      const expectedSat = loan.liquidation?.surplusSat ?? 0n
      const paymentHash = loan.liquidation?.surplusPaymentHash
      if (!paymentHash || expectedSat === 0n) {
        return { expectedSat, receivedMsat: 0n, paymentHash, ok: expectedSat === 0n }
      }
      const invoice = await getInvoice(client, { paymentHash }).catch((error: unknown) => {
        if (hasErrorCode(error, 'NOT_FOUND')) return undefined
        throw error
      })
      const receivedMsat = invoice?.state === 'SETTLED' ? invoice.amountPaidMsat : 0n
      return {
        expectedSat,
        receivedMsat,
        paymentHash,
        ok: receivedMsat === expectedSat * MSAT_PER_SAT,
      }
    },

    lock: (paymentHash) => locks.get(paymentHash),
  }
  return agent
}
