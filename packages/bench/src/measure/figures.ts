/** The calls measured for throughput, in the order of the report. */
export const figures = ['getInfo', 'createInvoice', 'payInvoice', 'keysend'] as const
export type Figure = (typeof figures)[number]

/** Calls in flight for each throughput figure. */
export const concurrencies = [1, 8, 32, 128] as const

/** What each payment moves (1 sat). */
export const PAYMENT_MSAT = 1_000n
