import { randomBytes } from 'node:crypto'
import type { NodeHandle } from '@btcfi/regtest'
import {
  type AuthenticatedLnd,
  authenticatedLndGrpc,
  createHodlInvoice,
  createInvoice,
  getWalletInfo,
  payViaPaymentDetails,
  payViaPaymentRequest,
  settleHodlInvoice,
  subscribeToInvoice,
} from 'lightning'
import type { ContenderFactory } from './Contender.js'
import { sha256Hex } from './sha256Hex.js'

/** The `lightning` package (gRPC), as its README shows it. */
export const lightningGrpc: ContenderFactory = async ({ payer, payee }) => {
  const from = grpcOf(payer)
  const to = grpcOf(payee)
  return {
    name: 'lightning (gRPC)',
    async getInfo() {
      await getWalletInfo({ lnd: from })
    },
    async createInvoice(amountMsat) {
      return (await createInvoice({ lnd: to, mtokens: amountMsat.toString() })).request
    },
    async payInvoice(request) {
      await payViaPaymentRequest({ lnd: from, request, max_fee_mtokens: '10000' })
    },
    async keysend(amountMsat) {
      const preimage = randomBytes(32).toString('hex')
      await payViaPaymentDetails({
        lnd: from,
        destination: payee.pubkey,
        mtokens: amountMsat.toString(),
        id: sha256Hex(preimage),
        messages: [{ type: '5482373484', value: preimage }],
        max_fee_mtokens: '10000',
      })
    },
    hold: {
      async create(id, amountMsat) {
        return (await createHodlInvoice({ lnd: to, id, mtokens: amountMsat.toString() })).request
      },
      accepted: (id) =>
        new Promise<void>((resolve, reject) => {
          const sub = subscribeToInvoice({ lnd: to, id })
          sub.on('invoice_updated', (invoice: { is_held?: boolean; is_canceled?: boolean }) => {
            if (invoice.is_held) {
              sub.removeAllListeners()
              resolve()
            } else if (invoice.is_canceled) {
              sub.removeAllListeners()
              reject(new Error('hold invoice canceled'))
            }
          })
          sub.on('error', (error: unknown) => {
            sub.removeAllListeners()
            reject(error instanceof Error ? error : new Error(JSON.stringify(error)))
          })
        }),
      async settle(secret) {
        await settleHodlInvoice({ lnd: to, secret })
      },
    },
    async close() {},
  }
}

function grpcOf(node: NodeHandle): AuthenticatedLnd {
  return authenticatedLndGrpc({
    cert: Buffer.from(node.tlsCert).toString('base64'),
    macaroon: Buffer.from(node.macaroons.admin, 'hex').toString('base64'),
    socket: node.grpcHost,
  }).lnd
}
