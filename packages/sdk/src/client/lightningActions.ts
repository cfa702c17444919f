import { exportChannelBackups } from '../actions/backups/exportChannelBackups.js'
import { restoreChannelBackups } from '../actions/backups/restoreChannelBackups.js'
import { verifyChannelBackup } from '../actions/backups/verifyChannelBackup.js'
import { watchChannelBackups } from '../actions/backups/watchChannelBackups.js'
import { closeChannel } from '../actions/channels/closeChannel.js'
import { getChannelBalance } from '../actions/channels/getChannelBalance.js'
import { listChannels } from '../actions/channels/listChannels.js'
import { listClosedChannels } from '../actions/channels/listClosedChannels.js'
import { listPendingChannels } from '../actions/channels/listPendingChannels.js'
import { openChannel } from '../actions/channels/openChannel.js'
import { listHistory } from '../actions/history/listHistory.js'
import { cancelHoldInvoice } from '../actions/holdInvoices/cancelHoldInvoice.js'
import { createHoldInvoice } from '../actions/holdInvoices/createHoldInvoice.js'
import { settleHoldInvoice } from '../actions/holdInvoices/settleHoldInvoice.js'
import { watchHoldInvoice } from '../actions/holdInvoices/watchHoldInvoice.js'
import { createInvoice } from '../actions/invoices/createInvoice.js'
import { getInvoice } from '../actions/invoices/getInvoice.js'
import { inspectInvoice } from '../actions/invoices/inspectInvoice.js'
import { listInvoices } from '../actions/invoices/listInvoices.js'
import { waitForInvoice } from '../actions/invoices/waitForInvoice.js'
import { watchInvoice } from '../actions/invoices/watchInvoice.js'
import { watchInvoices } from '../actions/invoices/watchInvoices.js'
import { payLightningAddress } from '../actions/lnurl/payLightningAddress.js'
import { payLnurl } from '../actions/lnurl/payLnurl.js'
import { withdrawLnurl } from '../actions/lnurl/withdrawLnurl.js'
import { signMessage } from '../actions/messages/signMessage.js'
import { verifyMessage } from '../actions/messages/verifyMessage.js'
import { getBalances } from '../actions/node/getBalances.js'
import { getInfo } from '../actions/node/getInfo.js'
import { getOnchainBalance } from '../actions/onchain/getOnchainBalance.js'
import { listTransactions } from '../actions/onchain/listTransactions.js'
import { newAddress } from '../actions/onchain/newAddress.js'
import { sendCoins } from '../actions/onchain/sendCoins.js'
import { estimateFee } from '../actions/payments/estimateFee.js'
import { keysend } from '../actions/payments/keysend.js'
import { listForwards } from '../actions/payments/listForwards.js'
import { listPayments } from '../actions/payments/listPayments.js'
import { payInvoice } from '../actions/payments/payInvoice.js'
import { queryRoutes } from '../actions/payments/queryRoutes.js'
import { trackPayment } from '../actions/payments/trackPayment.js'
import { connectPeer } from '../actions/peers/connectPeer.js'
import { listPeers } from '../actions/peers/listPeers.js'
import { type Client, type ClientConfig, createClient } from './createClient.js'

type Rest<fn> = fn extends (client: Client, ...rest: infer rest) => infer result
  ? (...args: rest) => result
  : never

/** Every action of the client, by the name of its method. */
const actions = {
  getInfo,
  getBalances,
  createInvoice,
  getInvoice,
  listInvoices,
  watchInvoice,
  watchInvoices,
  waitForInvoice,
  inspectInvoice,
  payInvoice,
  keysend,
  payLnurl,
  payLightningAddress,
  withdrawLnurl,
  trackPayment,
  listPayments,
  listForwards,
  listHistory,
  exportChannelBackups,
  verifyChannelBackup,
  restoreChannelBackups,
  watchChannelBackups,
  estimateFee,
  queryRoutes,
  createHoldInvoice,
  settleHoldInvoice,
  cancelHoldInvoice,
  watchHoldInvoice,
  listChannels,
  listPendingChannels,
  listClosedChannels,
  openChannel,
  closeChannel,
  getChannelBalance,
  connectPeer,
  listPeers,
  newAddress,
  sendCoins,
  getOnchainBalance,
  listTransactions,
  signMessage,
  verifyMessage,
}

type Actions = typeof actions

/** Every action as a method of the client. */
export function lightningActions(client: Client): { [K in keyof Actions]: Rest<Actions[K]> } {
  const methods: Record<string, unknown> = {}
  for (const [name, action] of Object.entries(actions))
    methods[name] = (...args: unknown[]) =>
      (action as (...a: unknown[]) => unknown)(client, ...args)
  return methods as { [K in keyof Actions]: Rest<Actions[K]> }
}

export type LightningActions = ReturnType<typeof lightningActions>
export type LightningClient = Client & LightningActions

/**
 * A client with every action as a method.
 *
 * @example
 * import { createLightningClient } from '@btcfi/sdk'
 * import { lnd } from '@btcfi/lnd'
 *
 * const client = createLightningClient({ backend: lnd({ url, macaroon, cert }) })
 * const { paymentRequest } = await client.createInvoice({ amountMsat: 10_000n, memo: 'tea' })
 */
export function createLightningClient(config: ClientConfig): LightningClient {
  return createClient(config).extend(lightningActions)
}
