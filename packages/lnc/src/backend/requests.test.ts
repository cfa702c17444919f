import { describe, expect, it } from 'vitest'
import {
  toCloseChannelRequest,
  toListInvoicesRequest,
  toQueryRoutesRequest,
  toSubscribeInvoicesRequest,
} from './requests.js'

describe('gRPC requests of the calls REST puts in a URL', () => {
  it('keeps proto field names and JSON types (bools as bools, int64 as strings)', () => {
    expect(toListInvoicesRequest({ pendingOnly: true, maxInvoices: 5, reversed: false })).toEqual({
      pending_only: true,
      num_max_invoices: '5',
      reversed: false,
    })
    expect(toSubscribeInvoicesRequest({ addIndex: 3n })).toEqual({ add_index: '3' })
    expect(
      toQueryRoutesRequest({
        pubkey: `02${'AB'.repeat(32)}`,
        amountMsat: 1_000n,
        feeLimitMsat: 10n,
      }),
    ).toEqual({
      pub_key: `02${'ab'.repeat(32)}`,
      amt_msat: '1000',
      fee_limit: { fixed_msat: '10' },
    })
    expect(
      toCloseChannelRequest({
        channelPoint: { txid: 'ff'.repeat(32), outputIndex: 1 },
        force: true,
      }),
    ).toEqual({
      channel_point: { funding_txid_str: 'ff'.repeat(32), output_index: 1 },
      force: true,
    })
  })
})
