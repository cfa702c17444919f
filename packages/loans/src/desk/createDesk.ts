import {
  assertAmount,
  decodeInvoice as decodeBolt11,
  derivePreimage,
  type Hex,
  hasErrorCode,
  MSAT_PER_SAT,
  paymentHashOf,
  randomPreimage,
} from '@btcfi/core'
import {
  type Client,
  cancelHoldInvoice,
  createHoldInvoice,
  createInvoice,
  getInfo,
  getInvoice,
  type HoldInvoiceUpdate,
  keysend,
  listChannels,
  payInvoice,
  settleHoldInvoice,
  signMessage,
  verifyMessage,
  watchHoldInvoice,
  watchInvoice,
} from '@btcfi/sdk'
import { LoanError } from '../errors/LoanError.js'
import { agreementOf } from '../loan/agreementOf.js'
import type { LoanAgreement } from '../loan/LoanAgreement.js'
import {
  type DeskInvoiceRecord,
  type DeskPaymentRecord,
  finalLoanStates,
  type LiquidationRecord,
  type LoanEvent,
  type LoanRecord,
  type LockPurpose,
  type LockRecord,
  type NewLoanEvent,
} from '../loan/LoanRecord.js'
import type { Quote } from '../loan/Quote.js'
import { collateralSat as collateralFor } from '../money/collateralSat.js'
import type { Currency } from '../money/constants.js'
import { liquidationSplit } from '../money/liquidationSplit.js'
import { ltvAtLeast, ltvBps } from '../money/ltv.js'
import { valueMsat } from '../money/valueMsat.js'
import type { PriceOracle, PriceSnapshot } from '../oracle/PriceOracle.js'
import { agreementSigningText } from '../protocol/signedRequest.js'
import type { LoanStore } from '../store/LoanStore.js'
import type { LoanTerms } from '../terms/LoanTerms.js'
import { lockCltvExpiry, requiredLockBlocks, safeDeadlineHeight } from '../terms/lockCltvExpiry.js'
import { validateTerms } from '../terms/validateTerms.js'
import { accrueLedger, arrearsMsat, creditLedger } from './accrueLedger.js'
import { keyedMutex } from './keyedMutex.js'
import { heldCollateralSat, type LoanView, loanView } from './loanView.js'
import { creditStreamedInterest } from './streamedInterest.js'

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
  /** Each event, once saved (for logs and tests; never carries a secret). */
  onEvent?: (event: LoanEvent) => void
  /** A background step that failed (it is tried again on the next tick or restart). */
  onError?: (error: unknown, context: string) => void
}

export interface QuoteRequest {
  borrowerPubkey: Hex
  principal: bigint
  currency: Currency
}

export interface OpenRequest {
  borrowerPubkey: Hex
  quoteId: string
  disbursementInvoice: string
  borrowerSignature: string
}

export interface OpenedLoan {
  loan: LoanView
  agreement: LoanAgreement
  deskSignature: string
  lockInvoice: string
}

export interface DeskInvoice {
  kind: 'interest' | 'repay'
  paymentHash: Hex
  paymentRequest: string
  amountMsat: bigint
  expiresAtMs: number
}

/** The lender's desk: quotes, opens, watches and closes loans on its node. */
export interface Desk {
  readonly pubkey: Hex
  readonly terms: LoanTerms
  quote(request: QuoteRequest): Promise<Quote>
  open(request: OpenRequest): Promise<OpenedLoan>
  status(loanId: string, borrowerPubkey: Hex): Promise<LoanView>
  events(loanId: string, borrowerPubkey: Hex, afterSeq: number): Promise<LoanEvent[]>
  /** An invoice for the interest accrued and unpaid (null when less than 1 sat is due). */
  interestInvoice(loanId: string, borrowerPubkey: Hex): Promise<DeskInvoice | null>
  repayInvoice(loanId: string, borrowerPubkey: Hex): Promise<DeskInvoice>
  topUp(loanId: string, borrowerPubkey: Hex, amountSat: bigint): Promise<LockRecord>
  ackRollover(loanId: string, borrowerPubkey: Hex, lockId: string): Promise<LockRecord>
  /**
   * Credits interest received another way (e.g. a payment stream's receiver:
   * see docs/loans.md), once per `reference`.
   */
  creditInterest(loanId: string, amountMsat: bigint, reference: string): Promise<void>
  /** Re-prices every active loan, accrues interest, acts on LTV, dues, maturity and lock deadlines. */
  tick(): Promise<void>
  /** Reconciles the store with lnd after a restart (startDesk calls it). */
  recover(): Promise<void>
  getLoan(id: string): Promise<LoanRecord | undefined>
  /** Resolves when no background step is running (tests). */
  whenIdle(): Promise<void>
  /** Stops the watchers and the timer; the store stays open. */
  close(): Promise<void>
}

type EventInput = Omit<NewLoanEvent, 'loanId' | 'atMs'>

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
  const now = parameters.now ?? Date.now
  const lockExpirySeconds = parameters.lockInvoiceExpirySeconds ?? 600
  const invoiceExpirySeconds = parameters.invoiceExpirySeconds ?? 600
  const info = await getInfo(client)
  const pubkey = info.pubkey
  const network = await client.getNetwork()
  const exclusive = keyedMutex()
  const watchers = new Map<string, () => void>()
  const running = new Set<Promise<unknown>>()
  let closed = false
  let lastPrice: PriceSnapshot | undefined

  const report = (error: unknown, context: string) => {
    try {
      parameters.onError?.(error, context)
    } catch {
      // a reporting callback cannot break the desk
    }
  }

  /** Runs a step for a loan in the background, one at a time per loan. */
  function background(loanId: string, context: string, fn: () => Promise<void>): void {
    if (closed) return
    const task = exclusive(loanId, fn).catch((error: unknown) =>
      report(error, `${context} (${loanId})`),
    )
    running.add(task)
    task.finally(() => running.delete(task))
  }

  const preimageOf = (label: string) => derivePreimage(secret, label)

  async function load(loanId: string): Promise<LoanRecord> {
    const loan = await store.getLoan(loanId)
    if (!loan) throw new LoanError('NOT_FOUND', `No loan ${loanId}.`)
    return loan
  }

  /** Saves a changed loan with its events (persisted before anything else happens). */
  async function save(loan: LoanRecord, events: readonly EventInput[] = []): Promise<LoanRecord> {
    const atMs = now()
    const saved = await store.saveLoan(
      { ...loan, updatedAtMs: atMs },
      events.map((e) => ({ ...e, loanId: loan.id, atMs })),
    )
    for (const event of saved.events) {
      try {
        parameters.onEvent?.(event)
      } catch {
        // ignore
      }
    }
    return saved.loan
  }

  async function ownLoan(loanId: string, borrowerPubkey: Hex): Promise<LoanRecord> {
    const loan = await store.getLoan(loanId)
    // Someone else's loan looks like no loan at all.
    if (!loan || loan.agreement.borrowerPubkey !== borrowerPubkey) {
      throw new LoanError('NOT_BORROWER', `No loan ${loanId} for this borrower.`)
    }
    return loan
  }

  async function price(): Promise<PriceSnapshot> {
    const snapshot = await oracle.getPrice()
    if (now() - snapshot.atMs > terms.oracle.maxStalenessSeconds * 1_000) {
      throw new LoanError('PRICE_UNAVAILABLE', 'The oracle price is stale.')
    }
    lastPrice = snapshot
    return snapshot
  }

  const priceOf = (currency: Currency, snapshot: PriceSnapshot | undefined) =>
    currency === 'sat' ? 1n : snapshot?.centsPerBtc

  // ---------------------------------------------------------------- locks

  function newLock(loan: LoanRecord, purpose: LockPurpose, amountSat: bigint): LockRecord {
    const id = `${loan.id}:lock:${loan.nextLockNumber}`
    return {
      id,
      purpose,
      paymentHash: paymentHashOf(preimageOf(id)),
      amountSat,
      cltvExpiry: lockCltvExpiry(loan.agreement.lock),
      paymentRequest: undefined,
      state: 'PENDING',
      expiryHeight: undefined,
      createdAtMs: now(),
    }
  }

  function withLock(loan: LoanRecord, lock: LockRecord): LoanRecord {
    const exists = loan.locks.some((l) => l.id === lock.id)
    return {
      ...loan,
      locks: exists ? loan.locks.map((l) => (l.id === lock.id ? lock : l)) : [...loan.locks, lock],
      nextLockNumber: exists ? loan.nextLockNumber : loan.nextLockNumber + 1,
    }
  }

  /** Creates the hold invoice of a PENDING lock (again after a crash: the hash is derived). */
  async function issueLock(loan: LoanRecord, lock: LockRecord): Promise<LoanRecord> {
    let paymentRequest: string
    try {
      paymentRequest = (
        await createHoldInvoice(client, {
          paymentHash: lock.paymentHash,
          amountMsat: lock.amountSat * MSAT_PER_SAT,
          cltvExpiry: lock.cltvExpiry,
          expirySeconds: lockExpirySeconds,
          memo: `btcfi loan ${loan.id} collateral (${lock.purpose})`,
        })
      ).paymentRequest
    } catch (error) {
      if (!hasErrorCode(error, 'ALREADY_EXISTS')) throw error
      paymentRequest = (await getInvoice(client, { paymentHash: lock.paymentHash })).paymentRequest
    }
    const saved = await save(withLock(loan, { ...lock, state: 'OPEN', paymentRequest }))
    watchLock(saved.id, lock)
    return saved
  }

  function watchLock(loanId: string, lock: LockRecord): void {
    if (closed || watchers.has(lock.paymentHash)) return
    const unwatch = watchHoldInvoice(client, {
      paymentHash: lock.paymentHash,
      onUpdate: (update) => {
        if (update.state === 'OPEN') return
        background(loanId, `lock ${update.state}`, () => onLockUpdate(loanId, lock.id, update))
        if (update.state === 'CANCELED' || update.state === 'SETTLED') {
          stopWatching(lock.paymentHash)
        }
      },
      onError: (error) => report(error, `watching lock ${lock.id}`),
      onFatal: (error) => {
        stopWatching(lock.paymentHash)
        report(error, `watching lock ${lock.id}`)
      },
    })
    watchers.set(lock.paymentHash, unwatch)
  }

  function stopWatching(key: string): void {
    watchers.get(key)?.()
    watchers.delete(key)
  }

  /** Why an ACCEPTED lock cannot be taken, or undefined when it can. */
  async function lockProblem(
    lock: LockRecord,
    update: HoldInvoiceUpdate,
  ): Promise<string | undefined> {
    if (update.heldMsat !== lock.amountSat * MSAT_PER_SAT) {
      return `The lock holds ${update.heldMsat} msat instead of ${lock.amountSat * MSAT_PER_SAT}.`
    }
    const height = (await getInfo(client)).blockHeight
    const left = (update.lowestExpiryHeight ?? 0) - height
    const needed = requiredLockBlocks(terms.lock)
    if (left < needed) {
      return `The lock's HTLC expires in ${left} blocks; the desk needs ${needed} (lock period + safety margin + holdexpirydelta).`
    }
    return undefined
  }

  /** True when every held HTLC came over a channel with the borrower (no intermediate hop holds it too). */
  async function isDirect(loan: LoanRecord, update: HoldInvoiceUpdate): Promise<boolean> {
    const channels = await listChannels(client)
    const direct = new Set(
      channels.filter((c) => c.remotePubkey === loan.agreement.borrowerPubkey).map((c) => c.chanId),
    )
    return update.invoice.htlcs
      .filter((h) => h.state === 'ACCEPTED')
      .every((h) => direct.has(h.chanId))
  }

  async function cancelLockInvoice(lock: LockRecord): Promise<void> {
    try {
      await cancelHoldInvoice(client, { paymentHash: lock.paymentHash })
    } catch (error) {
      // Already canceled, or gone: either way it is no longer held.
      const invoice = await getInvoice(client, { paymentHash: lock.paymentHash }).catch(
        () => undefined,
      )
      if (invoice?.state === 'SETTLED' || invoice?.state === 'ACCEPTED') throw error
    }
  }

  async function onLockUpdate(
    loanId: string,
    lockId: string,
    update: HoldInvoiceUpdate,
  ): Promise<void> {
    let loan = await load(loanId)
    const lock = loan.locks.find((l) => l.id === lockId)
    if (!lock) return
    if (update.state === 'CANCELED') {
      if (lock.state === 'CANCELED' || lock.state === 'SETTLED') return
      loan = await save(withLock(loan, { ...lock, state: 'CANCELED' }), [
        {
          type: 'lock.canceled',
          data: { lockId, by: 'lnd', unexpected: lock.state === 'ACCEPTED' },
        },
      ])
      if (loan.state === 'AWAITING_LOCK' && lock.purpose === 'initial') {
        await save(
          { ...loan, state: 'CANCELED', cancelReason: 'The collateral lock was not paid in time.' },
          [{ type: 'loan.canceled', data: { reason: 'lock-expired' } }],
        )
      }
      return
    }
    if (update.state === 'SETTLED') {
      if (lock.state !== 'SETTLED') {
        await save(withLock(loan, { ...lock, state: 'SETTLED' }), [
          { type: 'lock.settled', data: { lockId, amountSat: lock.amountSat } },
        ])
      }
      return
    }
    // ACCEPTED: reported again after every restart; act only on a lock not taken yet.
    if (lock.state !== 'OPEN' && lock.state !== 'PENDING') return
    const wanted =
      (loan.state === 'AWAITING_LOCK' && lock.purpose === 'initial') ||
      (loan.state === 'ACTIVE' && lock.purpose !== 'initial')
    const problem = wanted ? await lockProblem(lock, update) : `The loan is ${loan.state}.`
    if (problem) {
      await cancelLockInvoice(lock)
      loan = await save(withLock(loan, { ...lock, state: 'CANCELED' }), [
        { type: 'lock.rejected', data: { lockId, problem } },
      ])
      if (lock.purpose === 'initial' && loan.state === 'AWAITING_LOCK') {
        await save({ ...loan, state: 'CANCELED', cancelReason: problem }, [
          { type: 'loan.canceled', data: { reason: 'lock-rejected' } },
        ])
      }
      return
    }
    const direct = await isDirect(loan, update)
    const accepted: LockRecord = {
      ...lock,
      state: 'ACCEPTED',
      expiryHeight: update.lowestExpiryHeight,
    }
    const acceptedEvent: EventInput = {
      type: 'lock.accepted',
      data: {
        lockId,
        purpose: lock.purpose,
        amountSat: lock.amountSat,
        expiryHeight: update.lowestExpiryHeight,
        direct,
      },
    }
    if (lock.purpose === 'initial') {
      const disbursement: DeskPaymentRecord = {
        paymentHash: loan.agreement.disbursementHash,
        amountMsat: loan.agreement.principalMsat,
        status: 'SENDING',
        feeMsat: 0n,
        failure: undefined,
      }
      // Written before the payment: a crash from here on is resumed by `recover`.
      loan = await save({ ...withLock(loan, accepted), state: 'DISBURSING', disbursement }, [
        acceptedEvent,
        {
          type: 'principal.sending',
          data: { paymentHash: disbursement.paymentHash, amountMsat: disbursement.amountMsat },
        },
      ])
      await disburse(loan)
      return
    }
    if (lock.purpose === 'top-up') {
      await save(withLock(loan, accepted), [
        acceptedEvent,
        { type: 'topup.locked', data: { lockId, amountSat: lock.amountSat } },
      ])
      return
    }
    // A rollover: the new lock holds the collateral; the old ones go back.
    loan = await save(withLock(loan, accepted), [acceptedEvent])
    loan = await completeRollover(loan)
  }

  /**
   * Cancels the locks an ACCEPTED rollover lock replaces (every lock held
   * before it), saving each, then logs the rollover done. Safe to repeat: after
   * a crash halfway, `recover` calls it again; without it the old lock would
   * reach its deadline and the desk would settle a rolled-over loan.
   */
  async function completeRollover(loan: LoanRecord): Promise<LoanRecord> {
    let newest = -1
    loan.locks.forEach((l, i) => {
      if (l.purpose === 'rollover' && l.state === 'ACCEPTED') newest = i
    })
    if (newest < 0) return loan
    const rollover = loan.locks[newest]!
    const replaced = loan.locks.slice(0, newest).filter((l) => l.state === 'ACCEPTED')
    if (replaced.length === 0) return loan
    for (const old of replaced) {
      await cancelLockInvoice(old)
      stopWatching(old.paymentHash)
      loan = await save(withLock(loan, { ...old, state: 'CANCELED' }), [
        { type: 'lock.canceled', data: { lockId: old.id, by: 'desk', reason: 'rollover' } },
      ])
    }
    return save(loan, [
      {
        type: 'rollover.completed',
        data: { lockId: rollover.id, expiryHeight: rollover.expiryHeight },
      },
    ])
  }

  // ---------------------------------------------------------------- disbursement

  /** Pays the principal (state DISBURSING, written before); a failure cancels the lock. */
  async function disburse(loan: LoanRecord): Promise<void> {
    const disbursement = loan.disbursement!
    let outcome: { ok: true; feeMsat: bigint } | { ok: false; failure: string }
    try {
      // Idempotent on the payment hash: after a crash, a payment lnd has (in
      // flight or done) is followed, not sent again.
      const payment = await payInvoice(client, {
        paymentRequest: loan.disbursementInvoice,
        ...(decodeBolt11(loan.disbursementInvoice).amountMsat === undefined
          ? { amountMsat: disbursement.amountMsat }
          : {}),
        timeoutSeconds: 60,
      })
      outcome = { ok: true, feeMsat: payment.feeMsat }
    } catch (error) {
      if (!hasErrorCode(error, 'PAYMENT_FAILED')) throw error
      outcome = {
        ok: false,
        failure: (error as { failureReason?: string }).failureReason ?? 'FAILED',
      }
    }
    loan = await load(loan.id)
    if (outcome.ok) {
      const at = now()
      await save(
        {
          ...loan,
          state: 'ACTIVE',
          disbursement: { ...disbursement, status: 'SUCCEEDED', feeMsat: outcome.feeMsat },
          disbursedAtMs: at,
          maturesAtMs: at + loan.agreement.termSeconds * 1_000,
          interest: { ...loan.interest, accruedToMs: at },
        },
        [
          {
            type: 'principal.disbursed',
            data: {
              paymentHash: disbursement.paymentHash,
              amountMsat: disbursement.amountMsat,
              feeMsat: outcome.feeMsat,
            },
          },
        ],
      )
      return
    }
    loan = await save(
      { ...loan, disbursement: { ...disbursement, status: 'FAILED', failure: outcome.failure } },
      [
        {
          type: 'principal.failed',
          data: { paymentHash: disbursement.paymentHash, failure: outcome.failure },
        },
      ],
    )
    loan = await releaseLocks(loan, 'disbursement-failed')
    await save(
      {
        ...loan,
        state: 'CANCELED',
        cancelReason: `The principal could not be paid (${outcome.failure}).`,
      },
      [{ type: 'loan.canceled', data: { reason: 'disbursement-failed' } }],
    )
  }

  /** Cancels every lock still held or open (the collateral goes back), saving each. */
  async function releaseLocks(loan: LoanRecord, reason: string): Promise<LoanRecord> {
    const live = loan.locks.filter(
      (l) => l.state === 'ACCEPTED' || l.state === 'OPEN' || l.state === 'PENDING',
    )
    for (const lock of live) {
      if (lock.state !== 'PENDING') await cancelLockInvoice(lock)
      stopWatching(lock.paymentHash)
      loan = await save(withLock(loan, { ...lock, state: 'CANCELED' }), [
        { type: 'lock.canceled', data: { lockId: lock.id, by: 'desk', reason } },
      ])
    }
    return loan
  }

  // ---------------------------------------------------------------- invoices (interest, repay)

  function watchDeskInvoice(loanId: string, invoice: DeskInvoiceRecord): void {
    if (closed || watchers.has(invoice.paymentHash)) return
    const unwatch = watchInvoice(client, {
      paymentHash: invoice.paymentHash,
      onUpdate: (update) => {
        if (update.state === 'SETTLED' || update.state === 'CANCELED') {
          stopWatching(invoice.paymentHash)
          background(loanId, `invoice ${update.state}`, () =>
            onInvoiceFinal(
              loanId,
              invoice.paymentHash,
              update.state === 'SETTLED',
              update.amountPaidMsat,
            ),
          )
        }
      },
      onError: (error) => report(error, `watching invoice of ${loanId}`),
      onFatal: (error) => {
        stopWatching(invoice.paymentHash)
        report(error, `watching invoice of ${loanId}`)
      },
    })
    watchers.set(invoice.paymentHash, unwatch)
  }

  async function onInvoiceFinal(
    loanId: string,
    paymentHash: Hex,
    settled: boolean,
    paidMsat: bigint,
  ): Promise<void> {
    let loan = await load(loanId)
    const invoice = loan.invoices.find((i) => i.paymentHash === paymentHash)
    if (invoice?.state !== 'OPEN') return
    const invoices = loan.invoices.map((i) =>
      i.paymentHash === paymentHash
        ? { ...i, state: settled ? ('SETTLED' as const) : ('CANCELED' as const) }
        : i,
    )
    if (!settled) {
      await save({ ...loan, invoices })
      return
    }
    if (invoice.kind === 'interest') {
      await save({ ...loan, invoices, interest: creditLedger(loan.interest, paidMsat) }, [
        { type: 'interest.paid', data: { paymentHash, amountMsat: paidMsat } },
      ])
      return
    }
    // Repaid: written first, then the collateral goes back (again after a crash: see recover).
    loan = await save({ ...loan, invoices, state: 'REPAID' }, [
      { type: 'loan.repaid', data: { paymentHash, amountMsat: paidMsat } },
    ])
    await releaseLocks(loan, 'repaid')
  }

  async function issueInvoice(
    loan: LoanRecord,
    kind: 'interest' | 'repay',
    amountMsat: bigint,
    centsPerBtc: bigint,
    data: Record<string, unknown>,
  ): Promise<DeskInvoice> {
    const added = await createInvoice(client, {
      amountMsat,
      memo: `btcfi loan ${loan.id} ${kind}`,
      expirySeconds: invoiceExpirySeconds,
    })
    const record: DeskInvoiceRecord = {
      kind,
      paymentHash: added.paymentHash,
      paymentRequest: added.paymentRequest,
      amountMsat,
      centsPerBtc,
      state: 'OPEN',
      createdAtMs: now(),
      expiresAtMs: Date.now() + invoiceExpirySeconds * 1_000,
    }
    const saved = await save({ ...loan, invoices: [...loan.invoices, record] }, [
      {
        type: kind === 'interest' ? 'interest.invoiced' : 'repay.invoiced',
        data: { paymentHash: added.paymentHash, amountMsat, ...data },
      },
    ])
    watchDeskInvoice(saved.id, record)
    return toDeskInvoice(record)
  }

  const toDeskInvoice = (i: DeskInvoiceRecord): DeskInvoice => ({
    kind: i.kind,
    paymentHash: i.paymentHash,
    paymentRequest: i.paymentRequest,
    amountMsat: i.amountMsat,
    expiresAtMs: i.expiresAtMs,
  })

  /** An OPEN invoice of this kind still good for a minute (lnd's wall clock), if any. */
  const openInvoice = (loan: LoanRecord, kind: 'interest' | 'repay') =>
    loan.invoices.find(
      (i) => i.kind === kind && i.state === 'OPEN' && i.expiresAtMs > Date.now() + 60_000,
    )

  function requireActive(loan: LoanRecord): void {
    if (loan.state !== 'ACTIVE') {
      throw new LoanError('LOAN_STATE', `The loan is ${loan.state}, not ACTIVE.`)
    }
  }

  // ---------------------------------------------------------------- liquidation

  async function liquidate(
    loan: LoanRecord,
    reason: LiquidationRecord['reason'],
    centsPerBtc: bigint,
  ): Promise<void> {
    // Open invoices first: a repayment that won the race means there is nothing to liquidate.
    for (const invoice of loan.invoices.filter((i) => i.state === 'OPEN')) {
      await client.backend.cancelInvoice(invoice.paymentHash).catch(() => undefined)
      const found = await getInvoice(client, { paymentHash: invoice.paymentHash }).catch(
        () => undefined,
      )
      stopWatching(invoice.paymentHash)
      await onInvoiceFinal(
        loan.id,
        invoice.paymentHash,
        found?.state === 'SETTLED',
        found?.amountPaidMsat ?? 0n,
      )
      loan = await load(loan.id)
      if (loan.state !== 'ACTIVE') return
    }
    const collateral = heldCollateralSat(loan)
    const split = liquidationSplit({
      collateralSat: collateral,
      principal: loan.agreement.principal,
      currency: loan.agreement.currency,
      arrearsMsat: arrearsMsat(loan.interest),
      centsPerBtc,
      penaltyBps: loan.agreement.penaltyBps,
    })
    const liquidation: LiquidationRecord = {
      reason,
      centsPerBtc,
      collateralSat: collateral,
      ...split,
      surplus:
        split.surplusSat > 0n
          ? {
              paymentHash: paymentHashOf(preimageOf(`${loan.id}:surplus`)),
              amountMsat: split.surplusSat * MSAT_PER_SAT,
              status: 'SENDING',
              feeMsat: 0n,
              failure: undefined,
            }
          : undefined,
      atMs: now(),
    }
    loan = await save({ ...loan, state: 'LIQUIDATING', liquidation }, [
      {
        type: 'liquidation.started',
        data: {
          reason,
          centsPerBtc,
          collateralSat: collateral,
          keepSat: split.keepSat,
          surplusSat: split.surplusSat,
          owedMsat: split.owedMsat,
          shortfallMsat: split.shortfallMsat,
        },
      },
    ])
    await finishLiquidation(loan)
  }

  /** Settles the held locks, pays the surplus back, marks the loan LIQUIDATED: each step saved, safe to repeat. */
  async function finishLiquidation(loan: LoanRecord): Promise<void> {
    for (const lock of loan.locks.filter((l) => l.state === 'ACCEPTED')) {
      try {
        await settleHoldInvoice(client, { preimage: preimageOf(lock.id) })
      } catch (error) {
        const invoice = await getInvoice(client, { paymentHash: lock.paymentHash }).catch(
          () => undefined,
        )
        if (invoice?.state !== 'SETTLED') throw error
      }
      stopWatching(lock.paymentHash)
      loan = await save(withLock(loan, { ...lock, state: 'SETTLED' }), [
        { type: 'lock.settled', data: { lockId: lock.id, amountSat: lock.amountSat } },
      ])
    }
    for (const lock of loan.locks.filter((l) => l.state === 'OPEN' || l.state === 'PENDING')) {
      if (lock.state === 'OPEN') await cancelLockInvoice(lock)
      stopWatching(lock.paymentHash)
      loan = await save(withLock(loan, { ...lock, state: 'CANCELED' }), [
        { type: 'lock.canceled', data: { lockId: lock.id, by: 'desk', reason: 'liquidation' } },
      ])
    }
    const liquidation = loan.liquidation!
    const surplus = liquidation.surplus
    if (surplus && surplus.status !== 'SUCCEEDED') {
      if (surplus.status === 'SENDING') {
        loan = await save(loan, [
          {
            type: 'surplus.sent',
            data: { paymentHash: surplus.paymentHash, amountMsat: surplus.amountMsat },
          },
        ])
      }
      try {
        // The same preimage every time: a retry after a crash or a failure can never pay twice.
        const payment = await keysend(client, {
          dest: loan.agreement.borrowerPubkey,
          amountMsat: surplus.amountMsat,
          preimage: preimageOf(`${loan.id}:surplus`),
          timeoutSeconds: 60,
        })
        loan = await save(
          {
            ...loan,
            liquidation: {
              ...liquidation,
              surplus: { ...surplus, status: 'SUCCEEDED', feeMsat: payment.feeMsat },
            },
          },
          [
            {
              type: 'surplus.paid',
              data: {
                paymentHash: surplus.paymentHash,
                amountMsat: surplus.amountMsat,
                feeMsat: payment.feeMsat,
              },
            },
          ],
        )
      } catch (error) {
        if (!hasErrorCode(error, 'PAYMENT_FAILED')) throw error
        const failure = (error as { failureReason?: string }).failureReason ?? 'FAILED'
        await save(
          {
            ...loan,
            liquidation: { ...liquidation, surplus: { ...surplus, status: 'FAILED', failure } },
          },
          [{ type: 'surplus.failed', data: { paymentHash: surplus.paymentHash, failure } }],
        )
        // Stays LIQUIDATING: the next tick tries again, with the same hash.
        return
      }
    }
    await save({ ...loan, state: 'LIQUIDATED' }, [
      {
        type: 'loan.liquidated',
        data: {
          reason: liquidation.reason,
          keepSat: liquidation.keepSat,
          surplusSat: liquidation.surplusSat,
        },
      },
    ])
  }

  // ---------------------------------------------------------------- evaluation

  /** One loan at one price and height: interest, dues, LTV, maturity, lock deadlines. */
  async function evaluate(
    loanId: string,
    snapshot: PriceSnapshot | undefined,
    height: number,
  ): Promise<void> {
    let loan = await load(loanId)
    if (loan.state === 'LIQUIDATING') {
      await finishLiquidation(loan)
      return
    }
    if (loan.state !== 'ACTIVE') return
    const at = now()
    const held = loan.locks.filter((l) => l.state === 'ACCEPTED')
    const deadline = Math.min(
      ...held.map((l) => safeDeadlineHeight(loan.agreement.lock, l.expiryHeight ?? 0)),
    )
    const centsPerBtc = priceOf(loan.agreement.currency, snapshot)
    if (held.length > 0 && height >= deadline) {
      // No new lock in time: settle now rather than let lnd cancel the lock.
      const fallback = centsPerBtc ?? lastPrice?.centsPerBtc ?? loan.agreement.centsPerBtc
      await liquidate(loan, 'lock-deadline', fallback)
      return
    }
    if (centsPerBtc === undefined) return
    const { interest, newDues } = accrueLedger(loan, at, centsPerBtc)
    const events: EventInput[] = newDues.map((d) => ({
      type: 'interest.due',
      data: { dueAtMs: d.atMs, amountMsat: d.amountMsat, paidMsat: interest.paidMsat },
    }))
    loan = { ...loan, interest }
    const position = {
      principal: loan.agreement.principal,
      currency: loan.agreement.currency,
      arrearsMsat: arrearsMsat(interest),
      collateralSat: heldCollateralSat(loan),
      centsPerBtc,
    }
    const oldestDue = interest.dues[0]
    const reason: LiquidationRecord['reason'] | undefined = ltvAtLeast(
      position,
      loan.agreement.liquidationLtvBps,
    )
      ? 'ltv'
      : oldestDue && oldestDue.atMs + loan.agreement.gracePeriodSeconds * 1_000 <= at
        ? 'interest-default'
        : loan.maturesAtMs !== undefined && at >= loan.maturesAtMs
          ? 'maturity'
          : undefined
    if (reason) {
      loan = await save(loan, events)
      await liquidate(loan, reason, centsPerBtc)
      return
    }
    const ltv = ltvBps(position) ?? 0n
    if (ltvAtLeast(position, loan.agreement.marginCallLtvBps)) {
      if (!loan.marginCall) {
        loan = { ...loan, marginCall: { atMs: at, ltvBps: ltv } }
        events.push({
          type: 'margin.call',
          data: { ltvBps: ltv, centsPerBtc, collateralSat: position.collateralSat },
        })
      }
    } else if (loan.marginCall) {
      loan = { ...loan, marginCall: undefined }
      events.push({ type: 'margin.cleared', data: { ltvBps: ltv, centsPerBtc } })
    }
    const rolloverAt = deadline - loan.agreement.lock.rolloverLeadBlocks
    const rolling = loan.locks.some(
      (l) => l.purpose === 'rollover' && (l.state === 'OPEN' || l.state === 'PENDING'),
    )
    if (held.length > 0 && height >= rolloverAt && !rolling) {
      const lock = newLock(loan, 'rollover', position.collateralSat)
      loan = await save(withLock(loan, lock), events)
      loan = await issueLock(loan, lock)
      await save(loan, [
        {
          type: 'rollover.requested',
          data: {
            lockId: lock.id,
            paymentHash: lock.paymentHash,
            amountSat: lock.amountSat,
            paymentRequest: loan.locks.find((l) => l.id === lock.id)?.paymentRequest,
            deadlineHeight: deadline,
          },
        },
      ])
      return
    }
    await save(loan, events)
  }

  // ---------------------------------------------------------------- the desk

  const desk: Desk = {
    pubkey,
    terms,

    async quote({ borrowerPubkey, principal, currency }) {
      assertAmount(principal, 'principal', { min: 1n })
      if (currency !== terms.currency) {
        throw new LoanError(
          'TERMS_MISMATCH',
          `This desk lends in ${terms.currency}, not ${String(currency)}.`,
        )
      }
      if (principal < terms.minPrincipal || principal > terms.maxPrincipal) {
        throw new LoanError(
          'TERMS_MISMATCH',
          `The principal must be from ${terms.minPrincipal} to ${terms.maxPrincipal} ${terms.currency === 'USD' ? 'cents' : 'sat'}.`,
        )
      }
      const snapshot = currency === 'sat' ? undefined : await price()
      const centsPerBtc = snapshot?.centsPerBtc ?? 1n
      const at = now()
      const quote: Quote = {
        id: randomPreimage().slice(0, 32),
        deskPubkey: pubkey,
        borrowerPubkey,
        principal,
        currency,
        centsPerBtc,
        priceAtMs: snapshot?.atMs ?? at,
        collateralSat: collateralFor({ principal, currency, centsPerBtc, ltvBps: terms.ltvBps }),
        principalMsat: valueMsat({ amount: principal, currency, centsPerBtc }, 'floor'),
        terms,
        createdAtMs: at,
        expiresAtMs: at + terms.quoteTtlSeconds * 1_000,
      }
      await store.saveQuote(quote)
      return quote
    },

    async open({ borrowerPubkey, quoteId, disbursementInvoice, borrowerSignature }) {
      // The loan id is the quote id: one turn per quote, so a quote opens one loan.
      return exclusive(quoteId, async () => {
        const quote = await store.getQuote(quoteId)
        if (!quote || quote.borrowerPubkey !== borrowerPubkey) {
          throw new LoanError('QUOTE_UNKNOWN', `No quote ${quoteId} for this borrower.`)
        }
        const existing = await store.getLoan(quoteId)
        if (existing) {
          // The same request again (an answer lost on the way): the same answer, nothing new.
          const lockInvoice = existing.locks[0]?.paymentRequest
          const same =
            existing.disbursementInvoice === disbursementInvoice.trim().toLowerCase() &&
            existing.borrowerSignature === borrowerSignature
          if (!same || !lockInvoice) {
            throw new LoanError('CONFLICT', `Quote ${quoteId} already opened a loan.`)
          }
          return {
            loan: loanView(existing),
            agreement: existing.agreement,
            deskSignature: existing.deskSignature,
            lockInvoice,
          }
        }
        if (now() > quote.expiresAtMs) {
          throw new LoanError('QUOTE_EXPIRED', 'The quote has expired: ask for a new one.')
        }
        let invoice: ReturnType<typeof decodeBolt11>
        try {
          invoice = decodeBolt11(disbursementInvoice)
        } catch (error) {
          throw new LoanError('DISBURSEMENT_INVOICE', 'The disbursement invoice does not decode.', {
            cause: error,
          })
        }
        if (invoice.network !== network) {
          throw new LoanError(
            'DISBURSEMENT_INVOICE',
            `The disbursement invoice is for ${invoice.network}, not ${network}.`,
          )
        }
        if (invoice.amountMsat !== undefined && invoice.amountMsat !== quote.principalMsat) {
          throw new LoanError(
            'DISBURSEMENT_INVOICE',
            `The disbursement invoice asks ${invoice.amountMsat} msat; the principal is ${quote.principalMsat} msat.`,
          )
        }
        // lnd's expiry, on the wall clock: the invoice must outlive the lock's payment.
        if (invoice.expiresAt.getTime() < Date.now() + lockExpirySeconds * 1_000 + 120_000) {
          throw new LoanError(
            'DISBURSEMENT_INVOICE',
            'The disbursement invoice expires before the lock could be paid: give one good for longer.',
          )
        }
        if (invoice.payee === pubkey) {
          throw new LoanError('DISBURSEMENT_INVOICE', "The disbursement invoice is the desk's own.")
        }
        const agreement = agreementOf(quote, invoice.paymentHash)
        const text = agreementSigningText(agreement)
        const signer = await verifyMessage(client, {
          message: text,
          signature: borrowerSignature,
        }).catch(() => undefined)
        if (signer?.pubkey !== borrowerPubkey) {
          throw new LoanError(
            'BAD_SIGNATURE',
            "The borrower's signature of the agreement does not verify.",
          )
        }
        const { signature: deskSignature } = await signMessage(client, { message: text })
        const at = now()
        const draft: LoanRecord = {
          id: quote.id,
          version: 0,
          state: 'AWAITING_LOCK',
          agreement,
          borrowerSignature,
          deskSignature,
          disbursementInvoice: invoice.paymentRequest,
          createdAtMs: at,
          disbursedAtMs: undefined,
          maturesAtMs: undefined,
          locks: [],
          nextLockNumber: 1,
          disbursement: undefined,
          invoices: [],
          interest: { carry: 0n, accruedMsat: 0n, paidMsat: 0n, accruedToMs: 0, dues: [] },
          marginCall: undefined,
          liquidation: undefined,
          cancelReason: undefined,
          updatedAtMs: at,
        }
        const lock = newLock(draft, 'initial', agreement.collateralSat)
        let loan = await save(withLock(draft, lock), [
          {
            type: 'loan.opened',
            data: {
              agreement,
              borrowerSignature,
              deskSignature,
              lockId: lock.id,
              lockHash: lock.paymentHash,
            },
          },
        ])
        loan = await issueLock(loan, lock)
        return {
          loan: loanView(loan),
          agreement,
          deskSignature,
          lockInvoice: loan.locks[0]!.paymentRequest!,
        }
      })
    },

    async status(loanId, borrowerPubkey) {
      return loanView(await ownLoan(loanId, borrowerPubkey), lastPrice)
    },

    async events(loanId, borrowerPubkey, afterSeq) {
      await ownLoan(loanId, borrowerPubkey)
      return store.listEvents({ loanId, afterSeq })
    },

    async interestInvoice(loanId, borrowerPubkey) {
      await ownLoan(loanId, borrowerPubkey)
      return exclusive(loanId, async () => {
        let loan = await load(loanId)
        requireActive(loan)
        const existing = openInvoice(loan, 'interest')
        if (existing) return toDeskInvoice(existing)
        const centsPerBtc = loan.agreement.currency === 'sat' ? 1n : (await price()).centsPerBtc
        const { interest, newDues } = accrueLedger(loan, now(), centsPerBtc)
        loan = await save(
          { ...loan, interest },
          newDues.map((d) => ({
            type: 'interest.due' as const,
            data: { dueAtMs: d.atMs, amountMsat: d.amountMsat },
          })),
        )
        const due = arrearsMsat(interest)
        if (due < MSAT_PER_SAT) return null
        return issueInvoice(loan, 'interest', due, centsPerBtc, {
          accruedToMs: interest.accruedToMs,
        })
      })
    },

    async repayInvoice(loanId, borrowerPubkey) {
      await ownLoan(loanId, borrowerPubkey)
      return exclusive(loanId, async () => {
        let loan = await load(loanId)
        requireActive(loan)
        const existing = openInvoice(loan, 'repay')
        if (existing) return toDeskInvoice(existing)
        const centsPerBtc = loan.agreement.currency === 'sat' ? 1n : (await price()).centsPerBtc
        const { interest } = accrueLedger(loan, now(), centsPerBtc)
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
        return issueInvoice(loan, 'repay', principalMsat + interestMsat, centsPerBtc, {
          principalMsat,
          interestMsat,
          centsPerBtc,
        })
      })
    },

    async topUp(loanId, borrowerPubkey, amountSat) {
      assertAmount(amountSat, 'amountSat', { min: 1n })
      await ownLoan(loanId, borrowerPubkey)
      return exclusive(loanId, async () => {
        let loan = await load(loanId)
        requireActive(loan)
        const lock = newLock(loan, 'top-up', amountSat)
        loan = await save(withLock(loan, lock), [
          {
            type: 'topup.requested',
            data: { lockId: lock.id, amountSat, paymentHash: lock.paymentHash },
          },
        ])
        loan = await issueLock(loan, lock)
        return loan.locks.find((l) => l.id === lock.id)!
      })
    },

    async ackRollover(loanId, borrowerPubkey, lockId) {
      await ownLoan(loanId, borrowerPubkey)
      return exclusive(loanId, async () => {
        const loan = await load(loanId)
        requireActive(loan)
        const lock = loan.locks.find((l) => l.id === lockId && l.purpose === 'rollover')
        if (!lock) throw new LoanError('NOT_FOUND', 'No such rollover lock on this loan.')
        if (lock.state !== 'OPEN') {
          throw new LoanError('LOAN_STATE', `The rollover lock is ${lock.state}.`)
        }
        await save(loan, [{ type: 'rollover.acked', data: { lockId } }])
        return lock
      })
    },

    async creditInterest(loanId, amountMsat, reference) {
      assertAmount(amountMsat, 'amountMsat', { min: 1n })
      await exclusive(loanId, async () => {
        const loan = await load(loanId)
        const seen = await store.listEvents({ loanId })
        if (seen.some((e) => e.type === 'interest.paid' && e.data.reference === reference)) return
        await save({ ...loan, interest: creditLedger(loan.interest, amountMsat) }, [
          { type: 'interest.paid', data: { amountMsat, reference } },
        ])
      })
    },

    async tick() {
      if (closed) return
      const loans = await store.listLoans({ states: ['ACTIVE', 'LIQUIDATING'] })
      if (loans.length === 0) return
      const snapshot = await price().catch((error: unknown) => {
        report(error, 'oracle')
        return undefined
      })
      const height = (await getInfo(client)).blockHeight
      await Promise.all(
        loans.map((loan) =>
          exclusive(loan.id, () => evaluate(loan.id, snapshot, height)).catch((error: unknown) =>
            report(error, `evaluating ${loan.id}`),
          ),
        ),
      )
    },

    async recover() {
      const loans = await store.listLoans()
      for (const record of loans) {
        const live = record.locks.some(
          (l) => l.state === 'PENDING' || l.state === 'OPEN' || l.state === 'ACCEPTED',
        )
        const openInvoices = record.invoices.some((i) => i.state === 'OPEN')
        if (finalLoanStates.includes(record.state) && !live && !openInvoices) continue
        await exclusive(record.id, async () => {
          let loan = await load(record.id)
          // A lock whose invoice was never made is made now (the same derived hash).
          for (const lock of loan.locks.filter((l) => l.state === 'PENDING')) {
            if (
              loan.state === 'AWAITING_LOCK' ||
              (loan.state === 'ACTIVE' && lock.purpose !== 'initial')
            ) {
              loan = await issueLock(loan, lock)
            } else {
              loan = await save(withLock(loan, { ...lock, state: 'CANCELED' }))
            }
          }
          if (loan.state === 'REPAID' || loan.state === 'CANCELED') {
            await releaseLocks(loan, loan.state === 'REPAID' ? 'repaid' : 'canceled')
            return
          }
          if (loan.state === 'DISBURSING') {
            await disburse(loan)
            loan = await load(loan.id)
          }
          if (loan.state === 'LIQUIDATING') {
            await finishLiquidation(loan)
            return
          }
          if (loan.state === 'ACTIVE') loan = await completeRollover(loan)
          // Watchers report each invoice's current state first: what happened while the desk was down is seen now.
          for (const lock of loan.locks.filter(
            (l) => l.state === 'OPEN' || l.state === 'ACCEPTED',
          )) {
            watchLock(loan.id, lock)
          }
          for (const invoice of loan.invoices.filter((i) => i.state === 'OPEN')) {
            watchDeskInvoice(loan.id, invoice)
          }
        }).catch((error: unknown) => report(error, `recovering ${record.id}`))
      }
    },

    getLoan: (id) => store.getLoan(id),

    async whenIdle() {
      while (running.size > 0) await Promise.allSettled([...running])
    },

    async close() {
      closed = true
      for (const key of [...watchers.keys()]) stopWatching(key)
      clearInterval(timer)
      stopStreamedInterest?.()
      await Promise.allSettled([...running])
    },
  }

  const stopStreamedInterest =
    parameters.streamedInterest === false
      ? undefined
      : await creditStreamedInterest({
          client,
          store,
          exclusive,
          save,
          report,
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
            .catch((error: unknown) => report(error, 'tick'))
            .finally(() => {
              ticking = false
            })
        }, tickMs)
      : undefined
  timer?.unref?.()
  return desk
}
