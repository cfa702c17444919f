import { closeChannel } from '../actions/channels/closeChannel.js'
import { getChannelBalance } from '../actions/channels/getChannelBalance.js'
import { listChannels } from '../actions/channels/listChannels.js'
import { listClosedChannels } from '../actions/channels/listClosedChannels.js'
import { listPendingChannels } from '../actions/channels/listPendingChannels.js'
import { openChannel } from '../actions/channels/openChannel.js'
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
import { signMessage } from '../actions/messages/signMessage.js'
import { verifyMessage } from '../actions/messages/verifyMessage.js'
import { getBalances } from '../actions/node/getBalances.js'
import { getInfo } from '../actions/node/getInfo.js'
import { getOnchainBalance } from '../actions/onchain/getOnchainBalance.js'
import { newAddress } from '../actions/onchain/newAddress.js'
import { sendCoins } from '../actions/onchain/sendCoins.js'
import { estimateFee } from '../actions/payments/estimateFee.js'
import { keysend } from '../actions/payments/keysend.js'
import { payInvoice } from '../actions/payments/payInvoice.js'
import { queryRoutes } from '../actions/payments/queryRoutes.js'
import { trackPayment } from '../actions/payments/trackPayment.js'
import { connectPeer } from '../actions/peers/connectPeer.js'
import { listPeers } from '../actions/peers/listPeers.js'
import { type Client, type ClientConfig, createClient } from './createClient.js'

type Rest<fn> = fn extends (client: Client, ...rest: infer rest) => infer result
  ? (...args: rest) => result
  : never

/** Every action as a method of the client: one line each. */
export function lightningActions(client: Client) {
  return {
    getInfo: (...args: Parameters<Rest<typeof getInfo>>) => getInfo(client, ...args),
    getBalances: (...args: Parameters<Rest<typeof getBalances>>) => getBalances(client, ...args),
    createInvoice: (...args: Parameters<Rest<typeof createInvoice>>) =>
      createInvoice(client, ...args),
    getInvoice: (...args: Parameters<Rest<typeof getInvoice>>) => getInvoice(client, ...args),
    listInvoices: (...args: Parameters<Rest<typeof listInvoices>>) => listInvoices(client, ...args),
    watchInvoice: (...args: Parameters<Rest<typeof watchInvoice>>) => watchInvoice(client, ...args),
    watchInvoices: (...args: Parameters<Rest<typeof watchInvoices>>) =>
      watchInvoices(client, ...args),
    waitForInvoice: (...args: Parameters<Rest<typeof waitForInvoice>>) =>
      waitForInvoice(client, ...args),
    inspectInvoice: (...args: Parameters<Rest<typeof inspectInvoice>>) =>
      inspectInvoice(client, ...args),
    payInvoice: (...args: Parameters<Rest<typeof payInvoice>>) => payInvoice(client, ...args),
    keysend: (...args: Parameters<Rest<typeof keysend>>) => keysend(client, ...args),
    trackPayment: (...args: Parameters<Rest<typeof trackPayment>>) => trackPayment(client, ...args),
    estimateFee: (...args: Parameters<Rest<typeof estimateFee>>) => estimateFee(client, ...args),
    queryRoutes: (...args: Parameters<Rest<typeof queryRoutes>>) => queryRoutes(client, ...args),
    createHoldInvoice: (...args: Parameters<Rest<typeof createHoldInvoice>>) =>
      createHoldInvoice(client, ...args),
    settleHoldInvoice: (...args: Parameters<Rest<typeof settleHoldInvoice>>) =>
      settleHoldInvoice(client, ...args),
    cancelHoldInvoice: (...args: Parameters<Rest<typeof cancelHoldInvoice>>) =>
      cancelHoldInvoice(client, ...args),
    watchHoldInvoice: (...args: Parameters<Rest<typeof watchHoldInvoice>>) =>
      watchHoldInvoice(client, ...args),
    listChannels: (...args: Parameters<Rest<typeof listChannels>>) => listChannels(client, ...args),
    listPendingChannels: (...args: Parameters<Rest<typeof listPendingChannels>>) =>
      listPendingChannels(client, ...args),
    listClosedChannels: (...args: Parameters<Rest<typeof listClosedChannels>>) =>
      listClosedChannels(client, ...args),
    openChannel: (...args: Parameters<Rest<typeof openChannel>>) => openChannel(client, ...args),
    closeChannel: (...args: Parameters<Rest<typeof closeChannel>>) => closeChannel(client, ...args),
    getChannelBalance: (...args: Parameters<Rest<typeof getChannelBalance>>) =>
      getChannelBalance(client, ...args),
    connectPeer: (...args: Parameters<Rest<typeof connectPeer>>) => connectPeer(client, ...args),
    listPeers: (...args: Parameters<Rest<typeof listPeers>>) => listPeers(client, ...args),
    newAddress: (...args: Parameters<Rest<typeof newAddress>>) => newAddress(client, ...args),
    sendCoins: (...args: Parameters<Rest<typeof sendCoins>>) => sendCoins(client, ...args),
    getOnchainBalance: (...args: Parameters<Rest<typeof getOnchainBalance>>) =>
      getOnchainBalance(client, ...args),
    signMessage: (...args: Parameters<Rest<typeof signMessage>>) => signMessage(client, ...args),
    verifyMessage: (...args: Parameters<Rest<typeof verifyMessage>>) =>
      verifyMessage(client, ...args),
  }
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
