// @btcfi/sdk: the typed Lightning client. Actions are standalone functions
// taking the client first; `createLightningClient` adds them all as methods.

export * from './actions/channels/closeChannel.js'
export * from './actions/channels/getChannelBalance.js'
export * from './actions/channels/listChannels.js'
export * from './actions/channels/listClosedChannels.js'
export * from './actions/channels/listPendingChannels.js'
export * from './actions/channels/openChannel.js'
export * from './actions/holdInvoices/cancelHoldInvoice.js'
export * from './actions/holdInvoices/createHoldInvoice.js'
export * from './actions/holdInvoices/settleHoldInvoice.js'
export * from './actions/holdInvoices/watchHoldInvoice.js'
export * from './actions/invoices/createInvoice.js'
export * from './actions/invoices/getInvoice.js'
export * from './actions/invoices/inspectInvoice.js'
export * from './actions/invoices/listInvoices.js'
export * from './actions/invoices/waitForInvoice.js'
export * from './actions/invoices/watchInvoice.js'
export * from './actions/invoices/watchInvoices.js'
export * from './actions/messages/signMessage.js'
export * from './actions/messages/verifyMessage.js'
export * from './actions/node/getBalances.js'
export * from './actions/node/getInfo.js'
export * from './actions/onchain/getOnchainBalance.js'
export * from './actions/onchain/newAddress.js'
export * from './actions/onchain/sendCoins.js'
export * from './actions/payments/estimateFee.js'
export { defaultFeeLimitMsat, type PaymentProgress } from './actions/payments/followPayment.js'
export * from './actions/payments/keysend.js'
export * from './actions/payments/payInvoice.js'
export * from './actions/payments/queryRoutes.js'
export * from './actions/payments/trackPayment.js'
export * from './actions/peers/connectPeer.js'
export * from './actions/peers/listPeers.js'
export { type Client, type ClientConfig, createClient } from './client/createClient.js'
export {
  createLightningClient,
  type LightningActions,
  type LightningClient,
  lightningActions,
} from './client/lightningActions.js'
export type { Unwatch, WatcherOptions } from './watchers/types.js'
