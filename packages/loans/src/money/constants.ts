/** Basis points in one (100%): 5_000n is 50%. */
export const BPS = 10_000n

/** A year of interest: 365 days (ACT/365 fixed), in ms. */
export const YEAR_MS = 365n * 24n * 60n * 60n * 1_000n

/** What a loan's principal is counted in: US cents, or sat. */
export type Currency = 'USD' | 'sat'
