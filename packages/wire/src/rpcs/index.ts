// Every RPC entry of the SDK, by name: pass one to `Backend.call` or
// `Backend.stream`. Import the `rpcs` namespace; a bundler keeps only
// the entries a page uses.

export {
  channelBalance,
  closeChannel,
  closedChannels,
  exportAllChannelBackups,
  exportChannelBackup,
  listChannels,
  openChannel,
  pendingChannels,
  restoreChannelBackups,
  subscribeChannelBackups,
  verifyChanBackup,
} from './channel.js'
export { getInfo, signMessage, verifyMessage } from './info.js'
export {
  addHoldInvoice,
  addInvoice,
  cancelInvoice,
  listInvoices,
  lookupInvoice,
  settleInvoice,
  subscribeInvoices,
  subscribeSingleInvoice,
} from './invoice.js'
export { getTransactions, newAddress, sendCoins, walletBalance } from './onchain.js'
export {
  estimateRouteFee,
  forwardingHistory,
  listPayments,
  queryRoutes,
  sendPayment,
  trackPayment,
} from './payment.js'
export { connectPeer, listPeers } from './peer.js'
