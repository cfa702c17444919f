import { assertAmount, derivePreimage, type Hex, MSAT_PER_SAT, randomPreimage } from '@btcfi/core'
import { type Client, getInfo } from '@btcfi/sdk'
import { LoanError } from '../errors/LoanError.js'
import type { LoanAgreement } from '../loan/LoanAgreement.js'
import type { LoanEvent, LoanRecord, LockRecord } from '../loan/LoanRecord.js'
import type { Quote } from '../loan/Quote.js'
import { collateralSat as collateralFor } from '../money/collateralSat.js'
import type { Currency } from '../money/constants.js'
import { valueMsat } from '../money/valueMsat.js'
import type { PriceOracle, PriceSnapshot } from '../oracle/PriceOracle.js'
import type { LoanStore } from '../store/LoanStore.js'
import type { LoanTerms } from '../terms/LoanTerms.js'
import { validateTerms } from '../terms/validateTerms.js'
import { accrueLedger, arrearsMsat, creditLedger, unpaidMsat } from './accrueLedger.js'
import { ackEscrowRollover } from './ackEscrowRollover.js'
import { checkTopUp } from './checkTopUp.js'
import { createDeskContext } from './DeskContext.js'
import { type DeskLimits, defaultDeskLimits } from './DeskLimits.js'
import { type AcceptedEscrowAgent, type DeskEscrowParameters, deskEscrow } from './deskEscrow.js'
import {
  type DeskInvoice,
  issueInvoice,
  openInvoice,
  requireActive,
  toDeskInvoice,
} from './deskInvoices.js'
import { disburse } from './disburse.js'
import { type EscrowLockRequest, escrowAgreement } from './escrowLocks.js'
import { evaluate, priceOf } from './evaluate.js'
import { type LoanView, loanView } from './loanView.js'
import { newLock, withLock } from './locks.js'
import { issueLock } from './lockWatch.js'
import { openLoan } from './openLoan.js'
import { hasPendingWork } from './pendingWork.js'
import { rateLimiter } from './rateLimiter.js'
import { recoverLoan, recoverLoans } from './recover.js'
import { creditStreamedInterest } from './streamedInterest.js'

export type { DeskInvoice } from './deskInvoices.js'

/** Whether a loan's log holds an interest payment with this reference (every page of it). */
async function creditedBefore(store: LoanStore, loanId: string, reference: string) {
  for (let afterSeq = 0; ; ) {
    const page = await store.listEvents({ loanId, afterSeq, limit: 1_000 })
    if (page.some((e) => e.type === 'interest.paid' && e.data.reference === reference)) return true
    if (page.length < 1_000) return false
    afterSeq = page[page.length - 1]!.seq
  }
}

export interface DeskParameters {
  /** The desk's node. */
  client: Client
  store: LoanStore
  oracle: PriceOracle
  /**
   * At least 32 random bytes: every lock's preimage is derived from it and the
   * lock id (HMAC-SHA256), so none is stored. Never logged; keep a backup.
   */
  secret: Uint8Array
  terms: LoanTerms
  /**
   * The loan clock (ms since the epoch): interest, dues, maturity, quotes and
   * request timestamps. Default `Date.now`. Invoice expiries are lnd's and
   * always use the wall clock.
   */
  now?: () => number
  /** How often the desk re-prices its loans and checks their locks (ms); 0: only when `tick()` is called. Default 5 000. */
  tickMs?: number
  /** How far a signed request's timestamp may be from the desk's clock. Default 300 000 ms. */
  maxSkewMs?: number
  /** How long a lock invoice waits to be paid. Default 600 s. */
  lockInvoiceExpirySeconds?: number
  /** How long an interest or repayment invoice is good for. Default 600 s. */
  invoiceExpirySeconds?: number
  /**
   * Credit interest paid as a payment stream (`agent.streamInterest`) to its
   * loan, from the stream records of the node's incoming keysends. Default true.
   */
  streamedInterest?: boolean
  /**
   * Protocol v2 (docs/loans.md): the escrow agents this desk accepts. A
   * borrower who picks one draws each lock's preimage and deposits it with
   * the agent; the desk can then settle a lock only once the agent releases
   * it on evidence of its own. Without it the desk lends under v1 only.
   */
  escrow?: DeskEscrowParameters
  /** Bounds on what borrowers can make the desk do (quotes, top-ups); see `DeskLimits`. */
  limits?: Partial<DeskLimits>
  /** Each event, once saved (for logs and tests; never carries a secret). */
  onEvent?: (event: LoanEvent) => void
  /** A background step that failed (it is tried again on the next tick or restart). */
  onError?: (error: unknown, context: string) => void
}

export interface QuoteRequest {
  borrowerPubkey: Hex
  principal: bigint
  currency: Currency
  /** v2: the escrow agent the borrower picks among the desk's (`Desk.escrowAgents`). */
  escrowAgent?: Hex
}

export interface OpenRequest {
  borrowerPubkey: Hex
  quoteId: string
  disbursementInvoice: string
  borrowerSignature: string
  /** v2: the first lock's hash, drawn by the borrower, and the escrow agent's attestation for it. */
  lock?: EscrowLockRequest
}

export interface OpenedLoan {
  loan: LoanView
  agreement: LoanAgreement
  deskSignature: string
  lockInvoice: string
}

/** The lender's desk: quotes, opens, watches and closes loans on its node. */
export interface Desk {
  readonly pubkey: Hex
  readonly terms: LoanTerms
  /** The escrow agents a v2 loan may use (empty: v1 only). */
  readonly escrowAgents: readonly AcceptedEscrowAgent[]
  quote(request: QuoteRequest): Promise<Quote>
  open(request: OpenRequest): Promise<OpenedLoan>
  status(loanId: string, borrowerPubkey: Hex): Promise<LoanView>
  events(loanId: string, borrowerPubkey: Hex, afterSeq: number): Promise<LoanEvent[]>
  /** An invoice for the interest accrued and unpaid (null when less than 1 sat is due). */
  interestInvoice(loanId: string, borrowerPubkey: Hex): Promise<DeskInvoice | null>
  repayInvoice(loanId: string, borrowerPubkey: Hex): Promise<DeskInvoice>
  topUp(loanId: string, borrowerPubkey: Hex, amountSat: bigint): Promise<LockRecord>
  /** Takes a rollover lock up; a v2 loan's borrower names its hash and attestation (`lock`). */
  ackRollover(
    loanId: string,
    borrowerPubkey: Hex,
    lockId: string,
    lock?: EscrowLockRequest,
  ): Promise<LockRecord>
  /**
   * Credits interest received another way (e.g. a payment stream's receiver:
   * see docs/loans.md), once per `reference`.
   */
  creditInterest(loanId: string, amountMsat: bigint, reference: string): Promise<void>
  /**
   * Acts on LTV, dues, maturity and lock deadlines: every loan the store's wake
   * index wakes at the oracle's price, the clock and the chain's height (see
   * `loanWake`), and every DISBURSING and LIQUIDATING one.
   */
  tick(): Promise<void>
  /**
   * Reconciles the store with lnd after a restart (startDesk calls it): each
   * loan's recovery is queued in its turn, and this resolves once all are
   * queued, so a held payment never blocks it (`whenIdle` waits for them).
   */
  recover(): Promise<void>
  getLoan(id: string): Promise<LoanRecord | undefined>
  /** Resolves when no background step is running (tests). */
  whenIdle(): Promise<void>
  /** Stops the watchers and the timer; the store stays open. */
  close(): Promise<void>
}

/**
 * Creates a loan desk on a node (the HTTP side is `createDeskHandler` and
 * `startDesk`). Its loans follow docs/loans.md: a quote, a collateral hold
 * invoice, the principal paid only once the lock is ACCEPTED with enough
 * blocks left, interest, margin calls and liquidation on the oracle's price,
 * repayment, rollovers before the lock's safe deadline.
 *
 * @example
 * const desk = await createDesk({ client, store: memoryLoanStore(), oracle, secret, terms: defaultTerms })
 */
export async function createDesk(parameters: DeskParameters): Promise<Desk> {
  const { client, store, oracle, secret } = parameters
  const terms = validateTerms(parameters.terms)
  // Fails early on a short secret (derivePreimage asserts ≥ 32 bytes); the value is not kept.
  derivePreimage(secret, 'desk:check')
  const ctx = createDeskContext({
    client,
    store,
    oracle,
    secret,
    terms,
    pubkey: (await getInfo(client)).pubkey,
    network: await client.getNetwork(),
    now: parameters.now ?? Date.now,
    lockExpirySeconds: parameters.lockInvoiceExpirySeconds ?? 600,
    invoiceExpirySeconds: parameters.invoiceExpirySeconds ?? 600,
    escrow: parameters.escrow && deskEscrow(parameters.escrow, secret),
    onEvent: parameters.onEvent,
    onError: parameters.onError,
  })

  const limits: DeskLimits = { ...defaultDeskLimits, ...parameters.limits }
  const perBorrower = rateLimiter({
    limit: limits.quotesPerBorrowerPerMinute,
    windowMs: 60_000,
    now: ctx.now,
  })
  const overall = rateLimiter({ limit: limits.quotesPerMinute, windowMs: 60_000, now: ctx.now })
  // One oracle call serves every quote asked within `quotePriceCacheMs`.
  let quotePrice: { promise: Promise<PriceSnapshot>; atMs: number } | undefined
  const priceForQuote = () => {
    if (!quotePrice || Date.now() - quotePrice.atMs > limits.quotePriceCacheMs) {
      const promise = ctx.price()
      quotePrice = { promise, atMs: Date.now() }
      promise.catch(() => {
        if (quotePrice?.promise === promise) quotePrice = undefined
      })
    }
    return quotePrice.promise
  }

  /** Loans whose left work is queued for their turn (one at a time each). */
  const takingUp = new Set<string>()
  const desk: Desk = {
    pubkey: ctx.pubkey,
    terms: ctx.terms,
    escrowAgents: ctx.escrow?.agents ?? [],

    async quote({ borrowerPubkey, principal, currency, escrowAgent }) {
      assertAmount(principal, 'principal', { min: 1n })
      if (currency !== ctx.terms.currency) {
        throw new LoanError(
          'TERMS_MISMATCH',
          `This desk lends in ${ctx.terms.currency}, not ${String(currency)}.`,
        )
      }
      if (principal < ctx.terms.minPrincipal || principal > ctx.terms.maxPrincipal) {
        throw new LoanError(
          'TERMS_MISMATCH',
          `The principal must be from ${ctx.terms.minPrincipal} to ${ctx.terms.maxPrincipal} ${ctx.terms.currency === 'USD' ? 'cents' : 'sat'}.`,
        )
      }
      const escrow = escrowAgent === undefined ? undefined : escrowAgreement(ctx, escrowAgent)
      if (!overall.take('all') || !perBorrower.take(borrowerPubkey)) {
        throw new LoanError('RATE_LIMITED', 'Too many quotes: ask again in a minute.')
      }
      const snapshot = currency === 'sat' ? undefined : await priceForQuote()
      const centsPerBtc = snapshot?.centsPerBtc ?? 1n
      const at = ctx.now()
      const quote: Quote = {
        id: randomPreimage().slice(0, 32),
        deskPubkey: ctx.pubkey,
        borrowerPubkey,
        principal,
        currency,
        centsPerBtc,
        priceAtMs: snapshot?.atMs ?? at,
        collateralSat: collateralFor({
          principal,
          currency,
          centsPerBtc,
          ltvBps: ctx.terms.ltvBps,
        }),
        principalMsat: valueMsat({ amount: principal, currency, centsPerBtc }, 'floor'),
        terms: ctx.terms,
        createdAtMs: at,
        expiresAtMs: at + ctx.terms.quoteTtlSeconds * 1_000,
        ...(escrow && { escrow }),
      }
      await ctx.store.saveQuote(quote)
      return quote
    },

    open: (request) => openLoan(ctx, request),

    async status(loanId, borrowerPubkey) {
      const loan = await ctx.ownLoan(loanId, borrowerPubkey)
      // The interest accrued up to now (the store holds it up to the last event).
      const centsPerBtc = priceOf(loan.agreement.currency, ctx.lastPrice)
      const current =
        loan.state === 'ACTIVE' && centsPerBtc !== undefined
          ? { ...loan, interest: accrueLedger(loan, ctx.now(), centsPerBtc).interest }
          : loan
      return loanView(current, ctx.lastPrice)
    },

    async events(loanId, borrowerPubkey, afterSeq) {
      await ctx.ownLoan(loanId, borrowerPubkey)
      return ctx.store.listEvents({ loanId, afterSeq })
    },

    async interestInvoice(loanId, borrowerPubkey) {
      await ctx.ownLoan(loanId, borrowerPubkey)
      return ctx.exclusive(loanId, async () => {
        let loan = await ctx.load(loanId)
        requireActive(loan)
        const existing = openInvoice(loan, 'interest')
        if (existing) return toDeskInvoice(existing)
        const centsPerBtc = loan.agreement.currency === 'sat' ? 1n : (await ctx.price()).centsPerBtc
        const { interest, newDues } = accrueLedger(loan, ctx.now(), centsPerBtc)
        loan = await ctx.save(
          { ...loan, interest },
          newDues.map((d) => ({
            type: 'interest.due' as const,
            data: { dueAtMs: d.atMs, amountMsat: d.amountMsat },
          })),
        )
        const due = arrearsMsat(interest)
        if (due < MSAT_PER_SAT) return null
        return issueInvoice(ctx, loan, 'interest', due, centsPerBtc, {
          accruedToMs: interest.accruedToMs,
        })
      })
    },

    async repayInvoice(loanId, borrowerPubkey) {
      await ctx.ownLoan(loanId, borrowerPubkey)
      return ctx.exclusive(loanId, async () => {
        let loan = await ctx.load(loanId)
        requireActive(loan)
        const existing = openInvoice(loan, 'repay')
        if (existing) return toDeskInvoice(existing)
        const centsPerBtc = loan.agreement.currency === 'sat' ? 1n : (await ctx.price()).centsPerBtc
        const { interest } = accrueLedger(loan, ctx.now(), centsPerBtc)
        loan = { ...loan, interest }
        const principalMsat = valueMsat(
          {
            amount: loan.agreement.principal,
            currency: loan.agreement.currency,
            centsPerBtc,
          },
          'ceil',
        )
        const interestMsat = arrearsMsat(interest)
        const feeMsat = unpaidMsat(loan) - interestMsat
        return issueInvoice(
          ctx,
          loan,
          'repay',
          principalMsat + interestMsat + feeMsat,
          centsPerBtc,
          { principalMsat, interestMsat, feeMsat, centsPerBtc },
        )
      })
    },

    async topUp(loanId, borrowerPubkey, amountSat) {
      assertAmount(amountSat, 'amountSat', { min: 1n })
      await ctx.ownLoan(loanId, borrowerPubkey)
      return ctx.exclusive(loanId, async () => {
        let loan = await ctx.load(loanId)
        requireActive(loan)
        if (loan.agreement.escrow) {
          // The agent judges a release on one lock's collateral: v2 loans take none added.
          throw new LoanError(
            'LOAN_STATE',
            'A v2 loan takes no top-up: repay part of it, or all, to lower its LTV.',
          )
        }
        // The same request again (its answer lost, the desk restarted): the same lock.
        const open = loan.locks.find(
          (l) =>
            l.purpose === 'top-up' &&
            l.amountSat === amountSat &&
            (l.state === 'OPEN' || l.state === 'PENDING'),
        )
        if (open?.state === 'OPEN') return open
        if (open) {
          loan = await issueLock(ctx, loan, open)
          return loan.locks.find((l) => l.id === open.id)!
        }
        checkTopUp(loan, amountSat, limits.topUpsPerLoan)
        const lock = newLock(ctx, loan, 'top-up', amountSat)
        loan = await ctx.save(withLock(loan, lock), [
          {
            type: 'topup.requested',
            data: { lockId: lock.id, amountSat, paymentHash: lock.paymentHash },
          },
        ])
        loan = await issueLock(ctx, loan, lock)
        return loan.locks.find((l) => l.id === lock.id)!
      })
    },

    async ackRollover(loanId, borrowerPubkey, lockId, named) {
      await ctx.ownLoan(loanId, borrowerPubkey)
      return ctx.exclusive(loanId, async () => {
        const loan = await ctx.load(loanId)
        requireActive(loan)
        const lock = loan.locks.find((l) => l.id === lockId && l.purpose === 'rollover')
        if (!lock) throw new LoanError('NOT_FOUND', 'No such rollover lock on this loan.')
        if (loan.agreement.escrow) return ackEscrowRollover(ctx, loan, lock, named)
        if (lock.state !== 'OPEN') {
          throw new LoanError('LOAN_STATE', `The rollover lock is ${lock.state}.`)
        }
        await ctx.save(loan, [{ type: 'rollover.acked', data: { lockId } }])
        return lock
      })
    },

    async creditInterest(loanId, amountMsat, reference) {
      assertAmount(amountMsat, 'amountMsat', { min: 1n })
      await ctx.exclusive(loanId, async () => {
        const loan = await ctx.load(loanId)
        if (await creditedBefore(ctx.store, loanId, reference)) return
        await ctx.save({ ...loan, interest: creditLedger(loan.interest, amountMsat) }, [
          { type: 'interest.paid', data: { amountMsat, reference } },
        ])
      })
    },

    async tick() {
      if (ctx.closed) return
      const { store } = ctx
      const indexed = store.listWaking && store.hasLoans
      // A store without a wake index is read whole (every open loan, each tick).
      const open = indexed
        ? await store.listLoans({ states: ['DISBURSING'] })
        : await store.listLoans({ states: ['DISBURSING', 'ACTIVE', 'LIQUIDATING'] })
      // A principal whose follow stopped (a node call failed) is followed again; one in flight is left alone.
      for (const loan of open) if (loan.state === 'DISBURSING') disburse(ctx, loan)
      const valued = indexed
        ? await store.hasLoans!(['ACTIVE', 'LIQUIDATING'])
        : open.some((l) => l.state !== 'DISBURSING')
      // Without a loan to value, only the work left on loans in other states is read.
      if (!valued && !indexed) return
      const snapshot = valued
        ? await ctx.price().catch((error: unknown) => {
            ctx.report(error, 'oracle')
            return undefined
          })
        : undefined
      const height = valued ? (await getInfo(ctx.client)).blockHeight : 0
      const loans = indexed
        ? await store.listWaking!({
            ...(snapshot && { centsPerBtc: snapshot.centsPerBtc }),
            nowMs: ctx.now(),
            height,
          })
        : open
      // Work another worker left (or this one has not watched yet): taken up in the loan's turn.
      for (const loan of loans) {
        if (loan.state === 'DISBURSING' || takingUp.has(loan.id)) continue
        if (!hasPendingWork(loan, ctx.watchers)) continue
        takingUp.add(loan.id)
        ctx.background(loan.id, 'taking up', () =>
          recoverLoan(ctx, loan.id).finally(() => takingUp.delete(loan.id)),
        )
      }
      await Promise.all(
        loans
          .filter((l) => l.state === 'ACTIVE' || l.state === 'LIQUIDATING')
          .map((loan) =>
            evaluate(ctx, loan.id, snapshot, height, loan).catch((error: unknown) =>
              ctx.report(error, `evaluating ${loan.id}`),
            ),
          ),
      )
    },

    recover: () => recoverLoans(ctx),

    getLoan: (id) => ctx.store.getLoan(id),

    async whenIdle() {
      while (ctx.running.size > 0) await Promise.allSettled([...ctx.running])
    },

    async close() {
      clearInterval(timer)
      await stopStreamedInterest?.()
      // A payment still in flight (a payee holding the principal) is no
      // longer waited for: lnd keeps it, and `recover` follows it again.
      await ctx.shutDown()
    },
  }
  const stopStreamedInterest =
    parameters.streamedInterest === false
      ? undefined
      : await creditStreamedInterest({
          client,
          store,
          deskPubkey: ctx.pubkey,
          exclusive: ctx.exclusive,
          save: ctx.save,
          report: ctx.report,
          signal: ctx.signal,
        })

  const tickMs = parameters.tickMs ?? 5_000
  let ticking = false
  const timer =
    tickMs > 0
      ? setInterval(() => {
          if (ticking) return
          ticking = true
          desk
            .tick()
            .catch((error: unknown) => ctx.report(error, 'tick'))
            .finally(() => {
              ticking = false
            })
        }, tickMs)
      : undefined
  timer?.unref?.()
  return desk
}
