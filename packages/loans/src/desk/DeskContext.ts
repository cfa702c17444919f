import { setMaxListeners } from 'node:events'
import { derivePreimage, type Hex } from '@btcfi/core'
import type { Client } from '@btcfi/sdk'
import { LoanError } from '../errors/LoanError.js'
import type { LoanEvent, LoanRecord, NewLoanEvent } from '../loan/LoanRecord.js'
import { assertMove } from '../loan/moveLoan.js'
import type { PriceOracle, PriceSnapshot } from '../oracle/PriceOracle.js'
import type { LoanClaim, LoanStore } from '../store/LoanStore.js'
import type { LoanTerms } from '../terms/LoanTerms.js'
import type { DeskEscrow } from './deskEscrow.js'
import { keyedMutex } from './keyedMutex.js'

/** An event as a desk step writes it: the loan id and the time are added on save. */
export type EventInput = Omit<NewLoanEvent, 'loanId' | 'atMs'>

/** What every step of a desk shares: its node, store, clock, secret and watchers. */
export interface DeskContext {
  readonly client: Client
  readonly store: LoanStore
  readonly oracle: PriceOracle
  readonly terms: LoanTerms
  readonly pubkey: Hex
  readonly network: string
  /** The loan clock, ms. */
  readonly now: () => number
  readonly lockExpirySeconds: number
  readonly invoiceExpirySeconds: number
  /** Protocol v2: the escrow agents the desk accepts, and its key to them (none: v1 loans only). */
  readonly escrow: DeskEscrow | undefined
  /**
   * Runs a step alone for its key (a loan or quote id): in call order in this
   * process, and one worker at a time on a book several share (`store.claim`).
   */
  readonly exclusive: <T>(key: string, fn: () => Promise<T>) => Promise<T>
  /**
   * Runs a step in the key's turn only if the turn is free now, here and on
   * every other worker; `undefined` (nothing run) when it is not. A tick
   * uses it: one loan whose turn is held long (a payee holding a payment, a
   * worker frozen with its claim) never stalls the others.
   */
  readonly tryExclusive: <T>(key: string, fn: () => Promise<T>) => Promise<T | undefined>
  /** Live watchers by payment hash. */
  readonly watchers: Map<string, () => void>
  /** Background steps not finished yet. */
  readonly running: Set<Promise<unknown>>
  /** Aborted when the desk closes: a payment it follows stops being waited for (lnd keeps it). */
  readonly signal: AbortSignal
  closed: boolean
  /** The last price the oracle gave (what a lock deadline settles at when the oracle is down). */
  lastPrice: PriceSnapshot | undefined
  /** A preimage derived from the desk's secret (the secret itself is not reachable from here). */
  preimageOf(label: string): Hex
  report(error: unknown, context: string): void
  /** Runs a step for a loan in the background, one at a time per loan. */
  background(loanId: string, context: string, fn: () => Promise<void>): void
  /**
   * Runs a long wait in the background without the loan's turn (a payment
   * that a payee may hold for hours): once per key at a time, across the
   * workers of a shared book too (a key another holds is skipped), stopped
   * by `close`. `fn` takes the loan's turn itself to record what it saw.
   */
  detached(key: string, context: string, fn: () => Promise<void>): void
  /** Stops watchers and waits: what `close` does. */
  shutDown(): Promise<void>
  load(loanId: string): Promise<LoanRecord>
  /** Saves a changed loan with its events (persisted before anything else happens). */
  save(loan: LoanRecord, events?: readonly EventInput[]): Promise<LoanRecord>
  /** A loan of this borrower; someone else's loan looks like no loan at all. */
  ownLoan(loanId: string, borrowerPubkey: Hex): Promise<LoanRecord>
  /** The oracle's price, refused when older than the terms allow. */
  price(): Promise<PriceSnapshot>
  stopWatching(key: string): void
}

export interface DeskContextParameters {
  client: Client
  store: LoanStore
  oracle: PriceOracle
  secret: Uint8Array
  terms: LoanTerms
  pubkey: Hex
  network: string
  now: () => number
  lockExpirySeconds: number
  invoiceExpirySeconds: number
  escrow?: DeskEscrow | undefined
  onEvent?: ((event: LoanEvent) => void) | undefined
  onError?: ((error: unknown, context: string) => void) | undefined
}

export function createDeskContext(p: DeskContextParameters): DeskContext {
  const { client, store, oracle, secret, terms, now } = p
  const turns = keyedMutex()
  /**
   * A turn: this process's for the key (in call order), then, on a store
   * shared by several workers, the store's claim on it, waited for while
   * another worker holds it.
   */
  const exclusive = <T>(key: string, fn: () => Promise<T>): Promise<T> =>
    turns(key, async () => {
      const claim = await waitForClaim(key)
      try {
        return await fn()
      } finally {
        await claim?.release()
      }
    })
  const tryExclusive = async <T>(key: string, fn: () => Promise<T>): Promise<T | undefined> => {
    if (turns.busy(key)) return undefined
    return turns(key, async () => {
      const claim = store.claim ? await store.claim(key) : undefined
      if (store.claim && !claim) return undefined
      try {
        return await fn()
      } finally {
        await claim?.release()
      }
    })
  }
  async function waitForClaim(key: string): Promise<LoanClaim | undefined> {
    if (!store.claim) return undefined
    for (let delayMs = 5; ; delayMs = Math.min(delayMs * 2, 200)) {
      const claim = await store.claim(key)
      if (claim) return claim
      if (ctx.closed) throw new LoanError('DESK_ERROR', 'The desk is closing.')
      await new Promise((resolve) => setTimeout(resolve, delayMs))
    }
  }
  const stop = new AbortController()
  // Every payment the desk follows listens for its close: many at once is normal.
  setMaxListeners(0, stop.signal)
  const detached = new Set<string>()
  const track = (task: Promise<unknown>) => {
    ctx.running.add(task)
    task.finally(() => ctx.running.delete(task))
  }
  const ctx: DeskContext = {
    client,
    store,
    oracle,
    terms,
    pubkey: p.pubkey,
    network: p.network,
    now,
    lockExpirySeconds: p.lockExpirySeconds,
    invoiceExpirySeconds: p.invoiceExpirySeconds,
    escrow: p.escrow,
    exclusive,
    tryExclusive,
    watchers: new Map(),
    running: new Set(),
    signal: stop.signal,
    closed: false,
    lastPrice: undefined,

    preimageOf: (label) => derivePreimage(secret, label),

    report(error, context) {
      try {
        p.onError?.(error, context)
      } catch {
        // a reporting callback cannot break the desk
      }
    },

    background(loanId, context, fn) {
      if (ctx.closed) return
      track(
        exclusive(loanId, fn).catch((error: unknown) =>
          ctx.report(error, `${context} (${loanId})`),
        ),
      )
    },

    detached(key, context, fn) {
      if (ctx.closed || detached.has(key)) return
      detached.add(key)
      track(
        (async () => {
          // Another worker on the book doing it already: left to it (a tick asks again).
          const claim = store.claim ? await store.claim(key) : undefined
          if (store.claim && !claim) return
          try {
            await fn()
          } finally {
            await claim?.release()
          }
        })()
          .catch((error: unknown) => {
            if (!ctx.closed) ctx.report(error, `${context} (${key})`)
          })
          .finally(() => detached.delete(key)),
      )
    },

    async shutDown() {
      ctx.closed = true
      stop.abort()
      for (const key of [...ctx.watchers.keys()]) ctx.stopWatching(key)
      await Promise.allSettled([...ctx.running])
    },

    async load(loanId) {
      const loan = await store.getLoan(loanId)
      if (!loan) throw new LoanError('NOT_FOUND', `No loan ${loanId}.`)
      return loan
    },

    async save(loan, events = []) {
      // The one gate of every state change: a move not in the diagram is refused.
      assertMove(loan.id, (await store.getLoan(loan.id))?.state, loan.state)
      const atMs = now()
      const saved = await store.saveLoan(
        { ...loan, updatedAtMs: atMs },
        events.map((e) => ({ ...e, loanId: loan.id, atMs })),
      )
      for (const event of saved.events) {
        try {
          p.onEvent?.(event)
        } catch {
          // a listener cannot break the desk
        }
      }
      return saved.loan
    },

    async ownLoan(loanId, borrowerPubkey) {
      const loan = await store.getLoan(loanId)
      if (!loan || loan.agreement.borrowerPubkey !== borrowerPubkey) {
        throw new LoanError('NOT_BORROWER', `No loan ${loanId} for this borrower.`)
      }
      return loan
    },

    async price() {
      const snapshot = await oracle.getPrice()
      if (now() - snapshot.atMs > terms.oracle.maxStalenessSeconds * 1_000) {
        throw new LoanError('PRICE_UNAVAILABLE', 'The oracle price is stale.')
      }
      ctx.lastPrice = snapshot
      return snapshot
    },

    stopWatching(key) {
      ctx.watchers.get(key)?.()
      ctx.watchers.delete(key)
    },
  }
  return ctx
}
