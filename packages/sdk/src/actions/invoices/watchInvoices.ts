import type { Invoice, RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'
import { startWatcher } from '../../watchers/startWatcher.js'
import type { Unwatch, WatcherOptions } from '../../watchers/types.js'

export interface WatchInvoicesParameters extends WatcherOptions {
  /** Each invoice added or settled on the node. */
  onUpdate: (invoice: Invoice) => void
  /** Replay from these indices (e.g. the last ones you stored). Default: new events only. */
  addIndex?: bigint
  settleIndex?: bigint
}
export type WatchInvoicesReturnType = Unwatch
export type WatchInvoicesErrorType = RpcErrorType<typeof rpcs.subscribeInvoices>

/**
 * Watches every invoice of the node (adds and settlements). After a reconnect
 * it resumes from the last indices it saw, so nothing is missed.
 * lnd does not report ACCEPTED or CANCELED here: use `watchInvoice` /
 * `watchHoldInvoice` for one invoice's whole life.
 *
 * @remarks Permission: `invoices:read`.
 * @example
 * const unwatch = watchInvoices(client, { onUpdate: (i) => i.state === 'SETTLED' && ship(i) })
 */
export function watchInvoices(
  client: Client,
  parameters: WatchInvoicesParameters,
): WatchInvoicesReturnType {
  let addIndex = parameters.addIndex
  let settleIndex = parameters.settleIndex
  return startWatcher(client, parameters, {
    subscribe: (signal) =>
      client.backend.stream(
        rpcs.subscribeInvoices,
        {
          ...(addIndex === undefined ? {} : { addIndex }),
          ...(settleIndex === undefined ? {} : { settleIndex }),
        },
        { signal },
      ),
    key: (invoice) => `${invoice.paymentHash}:${invoice.state}:${invoice.settleIndex}`,
    onValue: (invoice) => {
      if (addIndex === undefined || invoice.addIndex > addIndex) addIndex = invoice.addIndex
      if (
        invoice.settleIndex > 0n &&
        (settleIndex === undefined || invoice.settleIndex > settleIndex)
      ) {
        settleIndex = invoice.settleIndex
      }
      parameters.onUpdate(invoice)
    },
  })
}
