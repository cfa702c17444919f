import { createDesk, defaultTerms, type LoanStore, scriptedOracle } from '@btcfi/loans'
import { createClient } from '@btcfi/sdk'
import { machineLoad } from '../machine/machineLoad.js'
import { heapAfterGc } from '../measure/collectGarbage.js'
import { offlineBackend } from '../scale/offlineBackend.js'
import { BOOK_PRICE } from './bookPrices.js'
import { fillBook } from './fillBook.js'
import { fullScanStore } from './fullScanStore.js'
import type { BookStoreKind, BookTicks, LoanBookResult } from './LoanBookResult.js'
import { openBookStore } from './openBookStore.js'
import { priceDrop } from './priceDrop.js'
import { quietTicks } from './quietTicks.js'

/** The chain's height the desks see: far below every lock's deadline. */
const HEIGHT = 1_000

export interface LoanBookOptions {
  store: BookStoreKind
  loans: number
  /** Quiet ticks per measurement of the indexed path. */
  ticks: number
  /** The size of the book at which the full scan is measured, beside the indexed tick (capped at `loans`). */
  fullScanLoans: number
  /** Quiet ticks of the full scan (0: none). */
  fullScanTicks: number
  /** `saveLoan` calls in flight while filling. */
  concurrency: number
  log: (line: string) => void
}

/**
 * The desk's tick over a book of `loans` active loans on one store: the store
 * filled through `saveLoan`; quiet ticks (no trigger crossed) of a desk on
 * the store's wake index and, at `fullScanLoans`, of the same desk on the
 * same store with the index hidden (`fullScanStore`); heap or disk per loan;
 * then a 40% price drop that liquidates 1% of the book (`priceDrop`). The
 * desks' node is `offlineBackend`: no lnd, so the figures are the desk's and
 * the store's alone.
 */
export async function loanBook(options: LoanBookOptions): Promise<LoanBookResult> {
  const { log } = options
  const label = `loan book (${options.store})`
  const heapBefore = options.store === 'memory' ? heapAfterGc() : undefined
  const book = await openBookStore(options.store, log)
  try {
    const { store } = book
    const nowMs = Date.now()
    const oracle = scriptedOracle({ centsPerBtc: BOOK_PRICE })
    let errors = 0
    // When each liquidation started (the drop's figure of decided and started).
    const liquidationsStarted: number[] = []
    const deskOn = (on: LoanStore) =>
      createDesk({
        client: createClient({ backend: offlineBackend(HEIGHT), network: 'regtest' }),
        store: on,
        oracle,
        secret: new Uint8Array(32).fill(7),
        terms: defaultTerms,
        tickMs: 0,
        // No node behind it: the desk does not watch streamed interest.
        streamedInterest: false,
        onEvent: (event) => {
          if (event.type === 'liquidation.started') liquidationsStarted.push(performance.now())
        },
        onError: (error, context) => {
          if (errors++ < 5) log(`${label}: ${context}: ${String(error)}`)
        },
      })
    const indexed = await deskOn(store)
    const scan = await deskOn(fullScanStore(store))
    const ticks: BookTicks[] = []
    const measure = async (loans: number, fullScan: boolean) => {
      await book.settle()
      ticks.push(
        await quietTicks(
          indexed,
          oracle,
          { path: 'indexed', loans, count: options.ticks, label },
          log,
        ),
      )
      if (fullScan && options.fullScanTicks > 0)
        ticks.push(
          await quietTicks(
            scan,
            oracle,
            { path: 'full scan', loans, count: options.fullScanTicks, label },
            log,
          ),
        )
    }
    const fill = (from: number, to: number) =>
      fillBook(
        store,
        { from, to },
        {
          nowMs,
          concurrency: options.concurrency,
          onProgress: (saved) =>
            log(`${label}: ${saved} loans saved (load ${machineLoad().join(', ')})`),
        },
      )

    const checkpoint = Math.min(options.fullScanLoans, options.loans)
    let fillMs = await fill(0, checkpoint)
    if (checkpoint < options.loans) {
      await measure(checkpoint, true)
      fillMs += await fill(checkpoint, options.loans)
    }
    const fillLoad = machineLoad()
    log(
      `${label}: ${options.loans} loans saved in ${(fillMs / 1000).toFixed(1)} s (load ${fillLoad.join(', ')})`,
    )
    const heapBytesPerLoan =
      heapBefore === undefined ? undefined : (heapAfterGc() - heapBefore) / options.loans
    await book.settle()
    const bytesOnDisk = await book.loanBytesOnDisk()
    const diskBytesPerLoan = bytesOnDisk === undefined ? undefined : bytesOnDisk / options.loans
    if (heapBytesPerLoan !== undefined)
      log(`${label}: heap per idle loan ${heapBytesPerLoan.toFixed(0)} B`)
    if (diskBytesPerLoan !== undefined)
      log(`${label}: on disk per loan ${diskBytesPerLoan.toFixed(0)} B`)
    await measure(options.loans, checkpoint === options.loans)
    const drop = await priceDrop(
      indexed,
      store,
      oracle,
      { loans: options.loans, height: HEIGHT, label, liquidationsStarted },
      log,
    )
    await scan.close()
    await indexed.close()
    return {
      store: options.store,
      loans: options.loans,
      fill: { ms: fillMs, concurrency: options.concurrency, load: fillLoad },
      heapBytesPerLoan,
      diskBytesPerLoan,
      ticks,
      drop,
      errors,
    }
  } finally {
    await book.close()
  }
}
