import { describe, expect, it } from 'vitest'
import { bolt12Kind } from './bolt12Kind.js'

describe('bolt12Kind', () => {
  it('names an offer, an invoice request and an invoice by their prefix', () => {
    expect(bolt12Kind('lno1pgx9getnwss8v')).toBe('offer')
    expect(bolt12Kind(' lightning:LNO1PGX9')).toBe('offer')
    expect(bolt12Kind('l+ no1pgx9')).toBe('offer')
    expect(bolt12Kind('lnr1qqsg')).toBe('invoice-request')
    expect(bolt12Kind('lni1qqsg')).toBe('invoice')
  })

  it('is undefined for anything else', () => {
    expect(bolt12Kind('lnbcrt10u1pjq')).toBeUndefined()
    expect(bolt12Kind('lnurl1dp68gurn')).toBeUndefined()
    expect(bolt12Kind('')).toBeUndefined()
    expect(bolt12Kind(42)).toBeUndefined()
  })
})
