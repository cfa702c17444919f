import {
  AbortedError,
  assertObject,
  type Hex,
  type Invoice,
  type InvoiceState,
  InvoiceStateError,
  isFinalInvoice,
  TimeoutError,
} from '@btcfi/core'
import type { Client } from '../../client/createClient.js'
import { type WatchInvoiceErrorType, watchInvoice } from './watchInvoice.js'

export interface WaitForInvoiceParameters {
  paymentHash: Hex
  /** Resolve when the invoice reaches one of these states. */
  states: readonly InvoiceState[]
  /** Give up after this long (ms). Default: wait as long as it takes. */
  timeoutMs?: number
  signal?: AbortSignal
}
export type WaitForInvoiceReturnType = Invoice
export type WaitForInvoiceErrorType = WatchInvoiceErrorType | 'INVOICE_STATE'

/**
 * Waits until an invoice reaches one of `states` (through reconnects), e.g.
 * ACCEPTED for a hold invoice. Rejects if it ends in another final state.
 *
 * @remarks Permission: `invoices:read`.
 * @example
 * const held = await waitForInvoice(client, { paymentHash, states: ['ACCEPTED'] })
 */
export async function waitForInvoice(
  client: Client,
  parameters: WaitForInvoiceParameters,
): Promise<WaitForInvoiceReturnType> {
  assertObject(parameters, 'parameters')
  return new Promise((resolve, reject) => {
    const { signal } = parameters
    const aborted = () =>
      new AbortedError(`Waiting for invoice ${parameters.paymentHash}`, { cause: signal?.reason })
    if (signal?.aborted) {
      reject(aborted())
      return
    }
    const controller = new AbortController()
    const timer =
      parameters.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () => finish(new TimeoutError(`Waiting for invoice ${parameters.paymentHash}`)),
            parameters.timeoutMs,
          )
    const onAbort = () => finish(aborted())
    const finish = (error: unknown, invoice?: Invoice) => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      controller.abort()
      if (invoice) resolve(invoice)
      else reject(error)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    watchInvoice(client, {
      paymentHash: parameters.paymentHash,
      signal: controller.signal,
      onUpdate: (invoice) => {
        if (parameters.states.includes(invoice.state)) finish(undefined, invoice)
        else if (isFinalInvoice(invoice)) {
          finish(
            new InvoiceStateError(
              `The invoice ended ${invoice.state} instead of ${parameters.states.join(' or ')}.`,
            ),
          )
        }
      },
      onFatal: (error) => finish(error),
    })
  })
}
