// lnd's replies, captured from lnd v0.21.3-beta on the regtest network (alice,
// bob, carol) and kept as JSON, one file a reply in replies/: the exact shapes
// the mapping reads. Test-only (not built).

import addHoldInvoice from './replies/addHoldInvoice.json' with { type: 'json' }
import addInvoice from './replies/addInvoice.json' with { type: 'json' }
import channelBalance from './replies/channelBalance.json' with { type: 'json' }
import closedChannels from './replies/closedChannels.json' with { type: 'json' }
import closeUpdates from './replies/closeUpdates.json' with { type: 'json' }
import estimateRouteFee from './replies/estimateRouteFee.json' with { type: 'json' }
import getInfo from './replies/getInfo.json' with { type: 'json' }
import getTransactions from './replies/getTransactions.json' with { type: 'json' }
import holdInvoiceAccepted from './replies/holdInvoiceAccepted.json' with { type: 'json' }
import holdInvoiceSettled from './replies/holdInvoiceSettled.json' with { type: 'json' }
import invoiceOpen from './replies/invoiceOpen.json' with { type: 'json' }
import listChannels from './replies/listChannels.json' with { type: 'json' }
import listPeers from './replies/listPeers.json' with { type: 'json' }
import openChannel from './replies/openChannel.json' with { type: 'json' }
import paymentFailed from './replies/paymentFailed.json' with { type: 'json' }
import paymentInFlight from './replies/paymentInFlight.json' with { type: 'json' }
import paymentSucceeded from './replies/paymentSucceeded.json' with { type: 'json' }
import pendingClose from './replies/pendingClose.json' with { type: 'json' }
import pendingOpen from './replies/pendingOpen.json' with { type: 'json' }
import queryRoutes from './replies/queryRoutes.json' with { type: 'json' }
import signMessage from './replies/signMessage.json' with { type: 'json' }
import verifyMessage from './replies/verifyMessage.json' with { type: 'json' }
import walletBalance from './replies/walletBalance.json' with { type: 'json' }

export {
  addHoldInvoice,
  addInvoice,
  channelBalance,
  closedChannels,
  closeUpdates,
  estimateRouteFee,
  getInfo,
  getTransactions,
  holdInvoiceAccepted,
  holdInvoiceSettled,
  invoiceOpen,
  listChannels,
  listPeers,
  openChannel,
  paymentFailed,
  paymentInFlight,
  paymentSucceeded,
  pendingClose,
  pendingOpen,
  queryRoutes,
  signMessage,
  verifyMessage,
  walletBalance,
}
