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
import type { DeskInvoice } from '../desk/deskInvoices.js'
import type { LoanView } from '../desk/loanView.js'
import { LoanError } from '../errors/LoanError.js'
import { agreementOf } from '../loan/agreementOf.js'
import type { LoanAgreement } from '../loan/LoanAgreement.js'
import type { LoanEvent, LoanState, LockRecord } from '../loan/LoanRecord.js'
import type { Quote } from '../loan/Quote.js'
import { collateralSat } from '../money/collateralSat.js'
import type { Currency } from '../money/constants.js'
import { valueMsat } from '../money/valueMsat.js'
import { canonicalJson } from '../protocol/canonicalJson.js'
import { agreementSigningText } from '../protocol/signedRequest.js'
import type { LoanTerms } from '../terms/LoanTerms.js'
import { LND_BLOCK_PADDING, lockCltvExpiry, maxPayoutFinalCltv } from '../terms/lockCltvExpiry.js'
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
}

export interface DeskInfo {
  protocol: string
  deskPubkey: Hex
  network: string
  terms: LoanTerms
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
  /** The held payment of a lock this agent paid, by payment hash. */
  lock(paymentHash: Hex): LockHandle | undefined
}

const FINAL: readonly LoanState[] = ['REPAID', 'LIQUIDATED', 'CANCELED']

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
  let ownPubkey: Promise<Hex> | undefined
  let deskInfo: Promise<DeskInfo> | undefined

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
  function payLock(lockId: string, paymentRequest: string, amountSat: bigint): LockHandle {
    const paymentHash = decodeBolt11(paymentRequest).paymentHash
    const existing = locks.get(paymentHash)
    if (existing) return existing
    const outcome: Promise<LockOutcome> = payInvoice(client, { paymentRequest }).then(
      (payment) => ({ status: 'settled', payment }),
      (error: unknown) =>
        hasErrorCode(error, 'PAYMENT_FAILED') ? { status: 'released' } : { status: 'error', error },
    )
    const handle: LockHandle = { lockId, paymentHash, amountSat, outcome }
    locks.set(paymentHash, handle)
    return handle
  }

  /** A desk invoice is the desk's, for what it says. */
  async function checkDeskInvoice(paymentRequest: string, amountMsat: bigint, what: string) {
    const info = await agent.info()
    const invoice = decodeBolt11(paymentRequest)
    if (invoice.payee !== info.deskPubkey) {
      throw new LoanError('AGREEMENT_INVALID', `The ${what} invoice is not the desk's.`)
    }
    if (invoice.amountMsat !== amountMsat) {
      throw new LoanError(
        'AGREEMENT_INVALID',
        `The ${what} invoice asks ${invoice.amountMsat} msat, not ${amountMsat}.`,
      )
    }
    return invoice
  }

  async function checkLockInvoice(
    paymentRequest: string,
    lock: { amountSat: bigint; paymentHash: Hex },
    agreement: LoanAgreement,
  ) {
    const invoice = await checkDeskInvoice(paymentRequest, lock.amountSat * MSAT_PER_SAT, 'lock')
    if (invoice.paymentHash !== lock.paymentHash) {
      throw new LoanError('AGREEMENT_INVALID', 'The lock invoice does not carry the lock hash.')
    }
    const cltv = invoice.minFinalCltvExpiry
    if (
      cltv > lockCltvExpiry(agreement.lock) ||
      cltv + LND_BLOCK_PADDING > agreement.lock.maxCltvExpiry
    ) {
      throw new LoanError(
        'AGREEMENT_INVALID',
        `The lock asks a CLTV of ${cltv} blocks, more than agreed.`,
      )
    }
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
      const { quote } = await call<{ quote: Quote }>('POST', 'v1/quotes', {
        principal,
        currency: currency ?? info.terms.currency,
      })
      return quote
    },

    async open({ quote, disbursementInvoice, accept }) {
      const info = await agent.info()
      const me = await pubkey()
      // The borrower's own checks: this desk, this borrower, and the desk's arithmetic.
      if (quote.deskPubkey !== info.deskPubkey || quote.borrowerPubkey !== me) {
        throw new LoanError('TERMS_MISMATCH', 'The quote is not from this desk for this borrower.')
      }
      const expected = collateralSat({
        principal: quote.principal,
        currency: quote.currency,
        centsPerBtc: quote.centsPerBtc,
        ltvBps: quote.terms.ltvBps,
      })
      const principalMsat = valueMsat(
        { amount: quote.principal, currency: quote.currency, centsPerBtc: quote.centsPerBtc },
        'floor',
      )
      if (quote.collateralSat !== expected || quote.principalMsat !== principalMsat) {
        throw new LoanError(
          'TERMS_MISMATCH',
          `The quote's collateral or principal does not follow from its price and LTV (expected ${expected} sat).`,
        )
      }
      if (canonicalJson(quote.terms) !== canonicalJson(info.terms)) {
        throw new LoanError(
          'TERMS_MISMATCH',
          "The quote's terms are not the desk's published terms.",
        )
      }
      if (quote.expiresAtMs < now()) {
        throw new LoanError('QUOTE_EXPIRED', 'The quote has expired: ask for a new one.')
      }
      if (accept && !accept(quote)) {
        throw new LoanError('TERMS_MISMATCH', 'The quote was not accepted.')
      }
      await warnIfNotDirect(info.deskPubkey, quote.collateralSat * MSAT_PER_SAT)
      const paymentRequest =
        disbursementInvoice ??
        (
          await createInvoice(client, {
            amountMsat: quote.principalMsat,
            memo: `btcfi loan ${quote.id} principal`,
            expirySeconds: 3_600,
            // lnd's usual 80 blocks, or less when the desk's payout window is shorter.
            cltvExpiry: Math.min(80, maxPayoutFinalCltv(quote.terms.lock)),
          })
        ).paymentRequest
      const agreement = agreementOf(quote, decodeBolt11(paymentRequest).paymentHash)
      const text = agreementSigningText(agreement)
      const { signature: borrowerSignature } = await signMessage(client, { message: text })
      const opened = await call<{
        loan: LoanView
        agreement: LoanAgreement
        deskSignature: string
        lockInvoice: string
      }>('POST', 'v1/loans', {
        quoteId: quote.id,
        disbursementInvoice: paymentRequest,
        borrowerSignature,
      })
      if (canonicalJson(opened.agreement) !== canonicalJson(agreement)) {
        throw new LoanError(
          'AGREEMENT_INVALID',
          'The desk answered with another agreement than the one signed.',
        )
      }
      const signer = await verifyMessage(client, { message: text, signature: opened.deskSignature })
      if (signer.pubkey !== info.deskPubkey) {
        throw new LoanError(
          'AGREEMENT_INVALID',
          "The desk's signature of the agreement does not verify.",
        )
      }
      const lock = opened.loan.locks[0]
      if (!lock) throw new LoanError('AGREEMENT_INVALID', 'The desk answered with no lock.')
      await checkLockInvoice(opened.lockInvoice, lock, agreement)
      return {
        loan: opened.loan,
        agreement,
        deskSignature: opened.deskSignature,
        borrowerSignature,
        lock: payLock(lock.id, opened.lockInvoice, lock.amountSat),
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
        if (states.includes(loan.state)) return loan
        if (FINAL.includes(loan.state)) {
          throw new LoanError(
            'LOAN_STATE',
            `The loan ended ${loan.state}${loan.cancelReason ? ` (${loan.cancelReason})` : ''}, not ${states.join(' or ')}.`,
          )
        }
        if (Date.now() > deadline) {
          throw new LoanError(
            'LOAN_STATE',
            `The loan is still ${loan.state} after waiting for ${states.join(' or ')}.`,
          )
        }
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
      await checkDeskInvoice(invoice.paymentRequest, invoice.amountMsat, 'interest')
      return payInvoice(client, { paymentRequest: invoice.paymentRequest })
    },

    streamInterest: (loanId, streamParameters) =>
      streamInterest({ client, status: (id) => agent.status(id), now }, loanId, streamParameters),

    async repay(loanId) {
      const { invoice } = await call<{ invoice: DeskInvoice }>(
        'POST',
        `v1/loans/${loanId}/repay`,
        {},
      )
      await checkDeskInvoice(invoice.paymentRequest, invoice.amountMsat, 'repayment')
      const payment = await payInvoice(client, { paymentRequest: invoice.paymentRequest })
      return { invoice, payment }
    },

    async topUp(loanId, amountSat) {
      const loan = await agent.status(loanId)
      const { lock } = await call<{ lock: LockRecord }>('POST', `v1/loans/${loanId}/top-up`, {
        amountSat,
      })
      if (lock.amountSat !== amountSat || !lock.paymentRequest) {
        throw new LoanError('AGREEMENT_INVALID', 'The desk answered with another top-up lock.')
      }
      await checkLockInvoice(lock.paymentRequest, lock, loan.agreement)
      return payLock(lock.id, lock.paymentRequest, lock.amountSat)
    },

    async rollover(loanId, lockId) {
      const loan = await agent.status(loanId)
      const { lock } = await call<{ lock: LockRecord }>('POST', `v1/loans/${loanId}/rollover/ack`, {
        lockId,
      })
      if (!lock.paymentRequest || lock.amountSat !== loan.collateralSat) {
        throw new LoanError(
          'AGREEMENT_INVALID',
          `The rollover lock asks ${lock.amountSat} sat; the collateral is ${loan.collateralSat}.`,
        )
      }
      await checkLockInvoice(lock.paymentRequest, lock, loan.agreement)
      return payLock(lock.id, lock.paymentRequest, lock.amountSat)
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
