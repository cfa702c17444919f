import { type Backend, type NodeInfo, NotFoundError, type Payment } from '@btcfi/core'
import { backendOf } from '@btcfi/wire'

/**
 * A backend for the parts of a run that measure the client alone (the loan
 * book, idle heap): `getInfo` answers a fixed node at `blockHeight`, and the
 * calls a desk's liquidation makes succeed at once (`settleInvoice`; a
 * keysend of the surplus: `trackPayment` knows no payment, `sendPayment`
 * succeeds). Any other call fails (`NODE_ERROR`), so a measurement that reached lnd
 * elsewhere would show errors.
 */
export function offlineBackend(blockHeight: number): Backend {
  const info: NodeInfo = {
    pubkey: `02${'bb'.repeat(32)}`,
    alias: 'offline',
    color: '#000000',
    version: 'offline',
    commitHash: '',
    network: 'regtest',
    blockHeight,
    blockHash: '00'.repeat(32),
    bestHeaderTimestamp: new Date(0),
    syncedToChain: true,
    syncedToGraph: true,
    numActiveChannels: 0,
    numInactiveChannels: 0,
    numPendingChannels: 0,
    numPeers: 0,
    uris: [],
    features: {},
  }
  let paymentIndex = 0n
  return backendOf(
    {
      getInfo: async () => info,
      settleInvoice: async () => {},
      // biome-ignore lint/correctness/useYield: a stream that ends at once with NOT_FOUND
      trackPayment: async function* (paymentHash) {
        throw new NotFoundError(`Payment ${paymentHash}`)
      },
      sendPayment: async function* (request) {
        const payment: Payment = {
          paymentHash: request.paymentHash ?? '',
          status: 'SUCCEEDED',
          valueMsat: request.amountMsat ?? 0n,
          feeMsat: 0n,
          preimage: undefined,
          paymentRequest: request.paymentRequest,
          paymentIndex: ++paymentIndex,
          createdAt: new Date(),
          failureReason: 'NONE',
          htlcs: [],
        }
        yield payment
      },
    },
    { kind: 'offline', target: 'offline' },
  )
}
