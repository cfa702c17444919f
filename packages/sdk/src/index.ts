// @btcfi/sdk: the typed Lightning client. Actions are standalone functions
// taking the client first; `createLightningClient` adds them all as methods.

export {
  type ExportChannelBackupsErrorType,
  type ExportChannelBackupsReturnType,
  exportChannelBackups,
} from './actions/backups/exportChannelBackups.js'
export {
  type RestoreChannelBackupsErrorType,
  type RestoreChannelBackupsParameters,
  type RestoreChannelBackupsReturnType,
  restoreChannelBackups,
} from './actions/backups/restoreChannelBackups.js'
export {
  type VerifyChannelBackupErrorType,
  type VerifyChannelBackupParameters,
  type VerifyChannelBackupReturnType,
  verifyChannelBackup,
} from './actions/backups/verifyChannelBackup.js'
export {
  type WatchChannelBackupsErrorType,
  type WatchChannelBackupsParameters,
  type WatchChannelBackupsReturnType,
  watchChannelBackups,
} from './actions/backups/watchChannelBackups.js'
export {
  type CloseChannelErrorType,
  type CloseChannelParameters,
  type CloseChannelReturnType,
  closeChannel,
} from './actions/channels/closeChannel.js'
export {
  type GetChannelBalanceErrorType,
  type GetChannelBalanceReturnType,
  getChannelBalance,
} from './actions/channels/getChannelBalance.js'
export {
  type ListChannelsErrorType,
  type ListChannelsReturnType,
  listChannels,
} from './actions/channels/listChannels.js'
export {
  type ListClosedChannelsErrorType,
  type ListClosedChannelsReturnType,
  listClosedChannels,
} from './actions/channels/listClosedChannels.js'
export {
  type ListPendingChannelsErrorType,
  type ListPendingChannelsReturnType,
  listPendingChannels,
} from './actions/channels/listPendingChannels.js'
export {
  type OpenChannelErrorType,
  type OpenChannelParameters,
  type OpenChannelReturnType,
  openChannel,
} from './actions/channels/openChannel.js'
export {
  type HistoryEntry,
  type HistoryKind,
  type ListHistoryErrorType,
  type ListHistoryParameters,
  type ListHistoryReturnType,
  listHistory,
} from './actions/history/listHistory.js'
export {
  type CancelHoldInvoiceErrorType,
  type CancelHoldInvoiceParameters,
  cancelHoldInvoice,
} from './actions/holdInvoices/cancelHoldInvoice.js'
export {
  type CreateHoldInvoiceErrorType,
  type CreateHoldInvoiceParameters,
  type CreateHoldInvoiceReturnType,
  createHoldInvoice,
} from './actions/holdInvoices/createHoldInvoice.js'
export {
  type SettleHoldInvoiceErrorType,
  type SettleHoldInvoiceParameters,
  settleHoldInvoice,
} from './actions/holdInvoices/settleHoldInvoice.js'
export {
  type HoldInvoiceUpdate,
  holdInvoiceUpdate,
  type WatchHoldInvoiceErrorType,
  type WatchHoldInvoiceParameters,
  type WatchHoldInvoiceReturnType,
  watchHoldInvoice,
} from './actions/holdInvoices/watchHoldInvoice.js'
export {
  type CreateInvoiceErrorType,
  type CreateInvoiceParameters,
  type CreateInvoiceReturnType,
  createInvoice,
} from './actions/invoices/createInvoice.js'
export {
  type GetInvoiceErrorType,
  type GetInvoiceParameters,
  type GetInvoiceReturnType,
  getInvoice,
} from './actions/invoices/getInvoice.js'
export {
  type InspectInvoiceErrorType,
  type InspectInvoiceParameters,
  type InspectInvoiceReturnType,
  inspectInvoice,
} from './actions/invoices/inspectInvoice.js'
export {
  type ListInvoicesErrorType,
  type ListInvoicesParameters,
  type ListInvoicesReturnType,
  listInvoices,
} from './actions/invoices/listInvoices.js'
export {
  type WaitForInvoiceErrorType,
  type WaitForInvoiceParameters,
  type WaitForInvoiceReturnType,
  waitForInvoice,
} from './actions/invoices/waitForInvoice.js'
export {
  type WatchInvoiceErrorType,
  type WatchInvoiceParameters,
  type WatchInvoiceReturnType,
  watchInvoice,
} from './actions/invoices/watchInvoice.js'
export {
  type WatchInvoicesErrorType,
  type WatchInvoicesParameters,
  type WatchInvoicesReturnType,
  watchInvoices,
} from './actions/invoices/watchInvoices.js'
export {
  type CreateL402FetchErrorType,
  type CreateL402FetchParameters,
  type CreateL402FetchReturnType,
  createL402Fetch,
  type L402Fetch,
  type L402FetchErrorType,
  type L402PaymentEvent,
} from './actions/l402/createL402Fetch.js'
export {
  type L402Token,
  type L402TokenStore,
  memoryL402TokenStore,
} from './actions/l402/memoryL402TokenStore.js'
export {
  type L402Challenge,
  MAX_L402_CHALLENGE_LENGTH,
  parseL402Challenge,
} from './actions/l402/parseL402Challenge.js'
export {
  type FetchLnurlErrorType,
  type FetchLnurlParameters,
  type FetchLnurlReturnType,
  fetchLnurl,
  type LnurlPayRequest,
  type LnurlRequest,
  type LnurlWithdrawRequest,
  MAX_LNURL_REQUEST_BYTES,
} from './actions/lnurl/fetchLnurl.js'
export type { LnurlFetchOptions } from './actions/lnurl/getLnurlJson.js'
export {
  type PayLightningAddressErrorType,
  type PayLightningAddressParameters,
  type PayLightningAddressReturnType,
  payLightningAddress,
} from './actions/lnurl/payLightningAddress.js'
export {
  type LnurlPaidAction,
  type PayLnurlErrorType,
  type PayLnurlParameters,
  type PayLnurlReturnType,
  payLnurl,
} from './actions/lnurl/payLnurl.js'
export {
  type WithdrawLnurlErrorType,
  type WithdrawLnurlParameters,
  type WithdrawLnurlReturnType,
  withdrawLnurl,
} from './actions/lnurl/withdrawLnurl.js'
export {
  type SignMessageErrorType,
  type SignMessageParameters,
  type SignMessageReturnType,
  signMessage,
} from './actions/messages/signMessage.js'
export {
  type VerifyMessageErrorType,
  type VerifyMessageParameters,
  type VerifyMessageReturnType,
  verifyMessage,
} from './actions/messages/verifyMessage.js'
export {
  type GetBalancesErrorType,
  type GetBalancesReturnType,
  getBalances,
} from './actions/node/getBalances.js'
export {
  type GetInfoErrorType,
  type GetInfoReturnType,
  getInfo,
} from './actions/node/getInfo.js'
export {
  type GetOnchainBalanceErrorType,
  type GetOnchainBalanceReturnType,
  getOnchainBalance,
} from './actions/onchain/getOnchainBalance.js'
export {
  type ListTransactionsErrorType,
  type ListTransactionsParameters,
  type ListTransactionsReturnType,
  listTransactions,
} from './actions/onchain/listTransactions.js'
export {
  type NewAddressErrorType,
  type NewAddressParameters,
  type NewAddressReturnType,
  newAddress,
} from './actions/onchain/newAddress.js'
export {
  type SendCoinsErrorType,
  type SendCoinsParameters,
  type SendCoinsReturnType,
  sendCoins,
} from './actions/onchain/sendCoins.js'
export {
  type EstimateFeeErrorType,
  type EstimateFeeParameters,
  type EstimateFeeReturnType,
  estimateFee,
} from './actions/payments/estimateFee.js'
export {
  defaultFeeLimitMsat,
  type FollowPaymentErrorType,
  type PaymentProgress,
} from './actions/payments/followPayment.js'
export {
  KEYSEND_RECORD,
  type KeysendErrorType,
  type KeysendParameters,
  type KeysendReturnType,
  keysend,
} from './actions/payments/keysend.js'
export {
  type ListForwardsErrorType,
  type ListForwardsParameters,
  type ListForwardsReturnType,
  listForwards,
} from './actions/payments/listForwards.js'
export {
  type ListPaymentsErrorType,
  type ListPaymentsParameters,
  type ListPaymentsReturnType,
  listPayments,
} from './actions/payments/listPayments.js'
export {
  type PayInvoiceErrorType,
  type PayInvoiceParameters,
  type PayInvoiceReturnType,
  payInvoice,
} from './actions/payments/payInvoice.js'
export {
  type QueryRoutesErrorType,
  type QueryRoutesParameters,
  type QueryRoutesReturnType,
  queryRoutes,
} from './actions/payments/queryRoutes.js'
export {
  type TrackPaymentErrorType,
  type TrackPaymentParameters,
  type TrackPaymentReturnType,
  trackPayment,
} from './actions/payments/trackPayment.js'
export {
  type ConnectPeerErrorType,
  type ConnectPeerParameters,
  connectPeer,
} from './actions/peers/connectPeer.js'
export {
  type ListPeersErrorType,
  type ListPeersReturnType,
  listPeers,
} from './actions/peers/listPeers.js'
export { type Client, type ClientConfig, createClient } from './client/createClient.js'
export {
  createLightningClient,
  type LightningActions,
  type LightningClient,
  lightningActions,
} from './client/lightningActions.js'
export {
  type CreateLnurlHandlerParameters,
  type CreateWithdrawLinkParameters,
  createLnurlHandler,
  type LnurlHandler,
  type LnurlInvoiceEvent,
  type LnurlPayName,
  type LnurlServerAction,
  type LnurlWithdrawEvent,
  type LnurlWithdrawLink,
} from './lnurl/createLnurlHandler.js'
export type { Unwatch, WatcherOptions } from './watchers/types.js'
