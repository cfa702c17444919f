import { describe, expect, it } from 'vitest'
import { decodeInvoice } from './decodeInvoice.js'
import { validateInvoice } from './validateInvoice.js'
import { TIMESTAMP, validVectors } from './vectors.test-data.js'

const at = (seconds: number) => new Date((TIMESTAMP + seconds) * 1000)
const anyAmount = decodeInvoice(validVectors[0]!.invoice) // donation, expires after 3600 s
const coffee = decodeInvoice(validVectors[1]!.invoice) // 250,000,000 msat, expires after 60 s

describe('validateInvoice', () => {
  it('returns the amount to pay', () => {
    expect(validateInvoice(coffee, { network: 'mainnet', now: at(10) })).toBe(250_000_000n)
    expect(validateInvoice(anyAmount, { network: 'mainnet', now: at(10), amountMsat: 5n })).toBe(5n)
  })

  it('refuses an invoice of another chain', () => {
    expect(() => validateInvoice(coffee, { network: 'regtest', now: at(10) })).toThrow(
      expect.objectContaining({
        code: 'INVOICE_WRONG_NETWORK',
        invoiceNetwork: 'mainnet',
        nodeNetwork: 'regtest',
      }),
    )
  })

  it('refuses an expired invoice, from its expiry second on', () => {
    expect(() => validateInvoice(coffee, { network: 'mainnet', now: at(60) })).toThrow(
      expect.objectContaining({ code: 'INVOICE_EXPIRED', expiresAt: at(60) }),
    )
    expect(validateInvoice(coffee, { network: 'mainnet', now: at(59) })).toBe(250_000_000n)
  })

  it('needs an amount for an any-amount invoice and refuses a different one for a fixed invoice', () => {
    expect(() => validateInvoice(anyAmount, { network: 'mainnet', now: at(1) })).toThrow(
      expect.objectContaining({ code: 'INVOICE_AMOUNT' }),
    )
    expect(() =>
      validateInvoice(coffee, { network: 'mainnet', now: at(1), amountMsat: 1n }),
    ).toThrow(expect.objectContaining({ code: 'INVOICE_AMOUNT' }))
  })
})
