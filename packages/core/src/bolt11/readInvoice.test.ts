import { describe, expect, it } from 'vitest'
import { decodeInvoice } from './decodeInvoice.js'
import { readInvoice } from './readInvoice.js'
import { invalidVectors, validVectors } from './vectors.test-data.js'

describe('readInvoice', () => {
  it('reads every valid vector as decodeInvoice does, without the payee', () => {
    for (const { invoice } of validVectors) {
      const { payee: _payee, ...fields } = decodeInvoice(invoice)
      expect(readInvoice(invoice)).toEqual(fields)
    }
  })

  it('rejects what decodeInvoice rejects, but for a signature that needs the key to check', () => {
    const rejectedByBoth = invalidVectors.filter(({ title }) => !/signature/i.test(title))
    for (const { invoice } of rejectedByBoth)
      expect(() => readInvoice(invoice)).toThrow(
        expect.objectContaining({ code: 'INVOICE_INVALID' }),
      )
  })
})
