import { describe, expect, it } from 'vitest'
import { toHttpRequest } from '../http/httpRequest.js'
import * as fx from '../testing/lndReplies.js'
import * as rpcs from './index.js'
import {
  mapAddedHoldInvoice,
  mapAddedInvoice,
  mapInvoice,
  mapInvoicePage,
  toAddHoldInvoiceBody,
  toAddInvoiceBody,
  toListInvoicesRequest,
  toSubscribeInvoicesRequest,
} from './invoice.js'

const holdHash = '4c710c1966db813e6dc02b5cc1a0a99b88336fb6ea46cbe3a873a1705b356929'
const holdPreimage = 'c4d99c78f8014402e6a44911164ed9b64fbd5efd41072cf39821ea3acc71d2a2'

describe('invoice mapping', () => {
  it('maps an AddInvoiceResponse: bytes base64 → hex, int64 → bigint', () => {
    expect(mapAddedInvoice(fx.addInvoice)).toEqual({
      paymentHash: 'ad866bd298d07083ca4a881e3133872877e30ee6dabc3ad5b7711c72b9c39408',
      paymentRequest: fx.addInvoice.payment_request,
      paymentAddr: '8b37d45c2a6c4fce6f0d4afab9194e37f48c2b7912315f8d503665f9173e4f61',
      addIndex: 1n,
    })
  })

  it('maps an AddHoldInvoiceResp with the hash the caller chose', () => {
    expect(mapAddedHoldInvoice(fx.addHoldInvoice, holdHash.toUpperCase())).toEqual({
      paymentHash: holdHash,
      paymentRequest: fx.addHoldInvoice.payment_request,
      paymentAddr: 'e97b51c0b6c284d315ce8c2be7adb836e94379c5e013762673f7ecefdb1af1fd',
      addIndex: 2n,
    })
  })

  it('maps an OPEN invoice field by field', () => {
    const invoice = mapInvoice(fx.invoiceOpen)
    expect(invoice.paymentHash).toBe(
      'ad866bd298d07083ca4a881e3133872877e30ee6dabc3ad5b7711c72b9c39408',
    )
    expect(invoice.paymentRequest).toBe(fx.invoiceOpen.payment_request)
    expect(invoice.memo).toBe('café ⚡')
    expect(invoice.valueMsat).toBe(1_000_500n)
    expect(invoice.amountPaidMsat).toBe(0n)
    expect(invoice.state).toBe('OPEN')
    // lnd returns the preimage of an ordinary invoice at once (it drew it).
    expect(invoice.preimage).toBe(
      '6a787af8cbdb5d0e285900b96ddf325c98ded00f144a90107109c5bdc498c7e4',
    )
    expect(invoice.descriptionHash).toBeUndefined()
    expect(invoice.paymentAddr).toBe(
      '8b37d45c2a6c4fce6f0d4afab9194e37f48c2b7912315f8d503665f9173e4f61',
    )
    expect(invoice.createdAt).toEqual(new Date(1_795_501_018_000))
    expect(invoice.settledAt).toBeUndefined()
    expect(invoice.expirySeconds).toBe(3600)
    expect(invoice.cltvExpiry).toBe(80)
    expect(invoice.isPrivate).toBe(false)
    expect(invoice.isKeysend).toBe(false)
    expect(invoice.isAmp).toBe(false)
    expect(invoice.addIndex).toBe(1n)
    expect(invoice.settleIndex).toBe(0n)
    expect(invoice.htlcs).toEqual([])
  })

  it('maps an ACCEPTED hold invoice: no preimage, the held HTLC', () => {
    const invoice = mapInvoice(fx.holdInvoiceAccepted)
    expect(invoice.state).toBe('ACCEPTED')
    expect(invoice.preimage).toBeUndefined()
    expect(invoice.amountPaidMsat).toBe(50_000n)
    expect(invoice.cltvExpiry).toBe(40)
    expect(invoice.expirySeconds).toBe(86_400)
    expect(invoice.htlcs).toEqual([
      {
        chanId: '553054348902400',
        htlcIndex: 2n,
        amountMsat: 50_000n,
        acceptHeight: 508,
        acceptTime: new Date(1_795_501_032_000),
        resolveTime: undefined,
        expiryHeight: 551,
        state: 'ACCEPTED',
        customRecords: { '106823': new Uint8Array([0]) },
      },
    ])
  })

  it('maps a SETTLED hold invoice: preimage, settle date and index', () => {
    const invoice = mapInvoice(fx.holdInvoiceSettled)
    expect(invoice.paymentHash).toBe(holdHash)
    expect(invoice.state).toBe('SETTLED')
    expect(invoice.preimage).toBe(holdPreimage)
    expect(invoice.settledAt).toEqual(new Date(1_795_501_034_000))
    expect(invoice.settleIndex).toBe(2n)
    expect(invoice.htlcs[0]?.state).toBe('SETTLED')
    expect(invoice.htlcs[0]?.resolveTime).toEqual(new Date(1_795_501_034_000))
  })

  it('refuses an invoice state it does not know', () => {
    expect(() => mapInvoice({ ...fx.invoiceOpen, state: 'MELTED' })).toThrow(/MELTED/)
  })

  it('maps a ListInvoiceResponse', () => {
    const page = mapInvoicePage({
      invoices: [fx.invoiceOpen, fx.holdInvoiceSettled],
      first_index_offset: '1',
      last_index_offset: '2',
    })
    expect(page.firstIndexOffset).toBe(1n)
    expect(page.lastIndexOffset).toBe(2n)
    expect(page.invoices.map((invoice) => invoice.state)).toEqual(['OPEN', 'SETTLED'])
  })

  it('builds request bodies: bytes as base64, int64 as strings, only the fields given', () => {
    expect(toAddInvoiceBody({ valueMsat: 1_000_500n })).toEqual({ value_msat: '1000500' })
    expect(
      toAddInvoiceBody({
        valueMsat: 0n,
        memo: 'm',
        descriptionHash: holdHash,
        preimage: holdPreimage,
        expirySeconds: 600,
        cltvExpiry: 40,
        isPrivate: true,
      }),
    ).toEqual({
      value_msat: '0',
      memo: 'm',
      description_hash: 'THEMGWbbgT5twCtcwaCpm4gzb7bqRsvjqHOhcFs1aSk=',
      r_preimage: 'xNmcePgBRALmpEkRFk7Ztk+9Xv1BByzzmCHqOsxx0qI=',
      expiry: '600',
      cltv_expiry: '40',
      private: true,
    })
    expect(toAddInvoiceBody({ valueMsat: 5_000n, isAmp: true })).toEqual({
      value_msat: '5000',
      is_amp: true,
    })
    expect(
      toAddHoldInvoiceBody({ paymentHash: holdHash, valueMsat: 50_000n, cltvExpiry: 40 }),
    ).toEqual({
      hash: 'THEMGWbbgT5twCtcwaCpm4gzb7bqRsvjqHOhcFs1aSk=',
      value_msat: '50000',
      cltv_expiry: '40',
    })
  })

  it('builds list and subscribe queries', () => {
    expect(
      toHttpRequest(
        rpcs.listInvoices.http,
        toListInvoicesRequest({
          pendingOnly: true,
          indexOffset: 5n,
          maxInvoices: 10,
          reversed: true,
        }),
      ).path,
    ).toBe('v1/invoices?pending_only=true&index_offset=5&num_max_invoices=10&reversed=true')
    expect(toListInvoicesRequest({})).toEqual({})
    expect(
      toHttpRequest(
        rpcs.subscribeInvoices.http,
        toSubscribeInvoicesRequest({ addIndex: 3n, settleIndex: 2n }),
      ).path,
    ).toBe('v1/invoices/subscribe?add_index=3&settle_index=2')
  })
})
