import type { LightningClient } from '@btcfi/sdk'
import type { Orders } from '../shop/createOrders.js'
import type { Tips } from '../tips/createTips.js'

/** One payment the merchant received. */
export interface Revenue {
  atMs: number
  amountMsat: bigint
  kind: 'checkout' | 'pay-later' | 'stream' | 'tip'
  paymentHash: string
}

/**
 * The merchant's takings, from the SDK's watcher of every invoice of the
 * node: checkout invoices, pay-later principals, stream keysends and tips to
 * the shop's Lightning Address.
 */
/** What an invoice of the shop's node earned for: an order, a tip, a stream (keysend), or nothing the shop sold. */
export function revenueKindOf(orders: Orders, tips: Tips) {
  return (paymentHash: string, isKeysend: boolean): Revenue['kind'] | undefined => {
    const order = orders.orderOf(paymentHash)
    if (order) return order.method === 'pay-later' ? 'pay-later' : 'checkout'
    if (tips.isTip(paymentHash)) return 'tip'
    return isKeysend ? 'stream' : undefined
  }
}

export function createLedger({
  client,
  kindOf,
}: {
  client: LightningClient
  /** What a settled invoice was for: `undefined` for one the shop does not know (ignored). */
  kindOf: (paymentHash: string, isKeysend: boolean) => Revenue['kind'] | undefined
}) {
  const entries: Revenue[] = []
  const seen = new Set<string>()
  const unwatch = client.watchInvoices({
    onUpdate: (invoice) => {
      if (invoice.state !== 'SETTLED' || seen.has(invoice.paymentHash)) return
      const kind = kindOf(invoice.paymentHash, invoice.isKeysend)
      if (!kind) return
      seen.add(invoice.paymentHash)
      entries.push({
        atMs: invoice.settledAt?.getTime() ?? Date.now(),
        amountMsat: invoice.amountPaidMsat,
        kind,
        paymentHash: invoice.paymentHash,
      })
    },
  })
  return { entries: () => [...entries], close: unwatch }
}
