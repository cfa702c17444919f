import type { Client } from '@btcfi/sdk'
import { createDeskContext, type DeskContext } from '../desk/DeskContext.js'
import type { LoanStore } from '../store/LoanStore.js'
import { defaultTerms } from '../terms/defaultTerms.js'

/**
 * A desk's context on `store` with no node behind it (`client` is empty: a
 * test mocks the SDK actions a step calls), at a fixed price of 1 cent and the
 * loan clock `now`, for unit tests of one desk step.
 */
export function offlineDeskContext(store: LoanStore, now: () => number = Date.now): DeskContext {
  return createDeskContext({
    client: {} as Client,
    store,
    oracle: { getPrice: async () => ({ centsPerBtc: 1n, atMs: now(), sources: [] }) },
    secret: new Uint8Array(32).fill(1),
    terms: defaultTerms,
    pubkey: `02${'cc'.repeat(32)}`,
    network: 'regtest',
    now,
    lockExpirySeconds: 600,
    invoiceExpirySeconds: 600,
  })
}
