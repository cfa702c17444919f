import type { Backend } from '@btcfi/core'
import {
  type Client,
  createClient,
  createHoldInvoice,
  createInvoice,
  getInfo,
  keysend,
  payInvoice,
  settleHoldInvoice,
  watchHoldInvoice,
} from '@btcfi/sdk'
import type { Contender, ContenderNodes } from './Contender.js'

/** A backend and how to release it (a connection pool, a LNC session). */
export interface ClosableBackend {
  backend: Backend
  close(): Promise<void>
}

/**
 * The SDK's actions on any backend: over LND REST today (`sdkLnd`), over LNC
 * with a factory that returns `lnc({ ... })` backends for the two nodes.
 */
export async function sdkContender(
  name: string,
  nodes: ContenderNodes,
  backendOf: (node: ContenderNodes['payer']) => ClosableBackend | Promise<ClosableBackend>,
): Promise<Contender> {
  const payerBackend = await backendOf(nodes.payer)
  const payeeBackend = await backendOf(nodes.payee)
  const payer: Client = createClient({ backend: payerBackend.backend, network: 'regtest' })
  const payee: Client = createClient({ backend: payeeBackend.backend, network: 'regtest' })
  const dest = nodes.payee.pubkey
  return {
    name,
    async getInfo() {
      await getInfo(payer)
    },
    async createInvoice(amountMsat) {
      return (await createInvoice(payee, { amountMsat })).paymentRequest
    },
    async payInvoice(paymentRequest) {
      await payInvoice(payer, { paymentRequest, feeLimitMsat: 10_000n })
    },
    async keysend(amountMsat) {
      await keysend(payer, { dest, amountMsat, feeLimitMsat: 10_000n })
    },
    hold: {
      async create(paymentHash, amountMsat) {
        return (await createHoldInvoice(payee, { paymentHash, amountMsat })).paymentRequest
      },
      accepted: (paymentHash) =>
        new Promise<void>((resolve, reject) => {
          const unwatch = watchHoldInvoice(payee, {
            paymentHash,
            onUpdate: ({ state }) => {
              if (state === 'ACCEPTED') {
                unwatch()
                resolve()
              } else if (state === 'CANCELED') {
                unwatch()
                reject(new Error('hold invoice canceled'))
              }
            },
            onFatal: reject,
          })
        }),
      async settle(preimage) {
        await settleHoldInvoice(payee, { preimage })
      },
    },
    async close() {
      await Promise.all([payerBackend.close(), payeeBackend.close()])
    },
  }
}
