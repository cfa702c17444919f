import { expect, it } from 'vitest'
import * as sdk from './index.js'

it('exports its public API and nothing else', () => {
  expect(Object.keys(sdk).sort()).toMatchInlineSnapshot(`
    [
      "KEYSEND_RECORD",
      "cancelHoldInvoice",
      "closeChannel",
      "connectPeer",
      "createClient",
      "createHoldInvoice",
      "createInvoice",
      "createLightningClient",
      "defaultFeeLimitMsat",
      "estimateFee",
      "getBalances",
      "getChannelBalance",
      "getInfo",
      "getInvoice",
      "getOnchainBalance",
      "holdInvoiceUpdate",
      "inspectInvoice",
      "invoiceKey",
      "isFinalInvoice",
      "keysend",
      "lightningActions",
      "listChannels",
      "listClosedChannels",
      "listInvoices",
      "listPeers",
      "listPendingChannels",
      "newAddress",
      "openChannel",
      "payInvoice",
      "queryRoutes",
      "sendCoins",
      "settleHoldInvoice",
      "signMessage",
      "trackPayment",
      "verifyMessage",
      "waitForInvoice",
      "watchHoldInvoice",
      "watchInvoice",
      "watchInvoices",
    ]
  `)
})
