import type { Backend, Invoice, Payment } from '@btcfi/core'
import { describe, expectTypeOf, it } from 'vitest'
import { payInvoice } from '../actions/payments/payInvoice.js'
import { createClient } from './createClient.js'
import { createLightningClient } from './lightningActions.js'

declare const backend: Backend

describe('client types', () => {
  it('types amounts as bigint and results as the core types', () => {
    const client = createLightningClient({ backend })
    expectTypeOf(client.createInvoice)
      .parameter(0)
      .toHaveProperty('amountMsat')
      .toEqualTypeOf<bigint>()
    expectTypeOf(client.payInvoice).returns.resolves.toEqualTypeOf<Payment>()
    expectTypeOf(client.getInvoice).returns.resolves.toEqualTypeOf<Invoice>()
    expectTypeOf(client.getBalances)
      .returns.resolves.toHaveProperty('onchain')
      .toHaveProperty('confirmedSat')
      .toEqualTypeOf<bigint>()
    expectTypeOf(client.watchInvoice).returns.toEqualTypeOf<() => void>()
  })

  it('has standalone actions that take the client first', () => {
    const client = createClient({ backend })
    expectTypeOf(payInvoice).parameter(0).toEqualTypeOf<typeof client>()
    const lightning = createLightningClient({ backend })
    // @ts-expect-error amounts are bigint, not number
    void lightning.createInvoice({ amountMsat: 1000 })
  })

  it('leaks no any', () => {
    const client = createLightningClient({ backend })
    expectTypeOf(client.keysend).parameter(0).not.toBeAny()
    expectTypeOf(client.listChannels).returns.resolves.items.not.toBeAny()
    expectTypeOf(client.inspectInvoice)
      .returns.resolves.toHaveProperty('amountMsat')
      .toEqualTypeOf<bigint | undefined>()
  })

  it('extends with new members, keeping the old ones', () => {
    const client = createClient({ backend }).extend(() => ({ hello: () => 'hi' as const }))
    expectTypeOf(client.hello).returns.toEqualTypeOf<'hi'>()
    expectTypeOf(client.backend).toEqualTypeOf<Backend>()
  })
})
