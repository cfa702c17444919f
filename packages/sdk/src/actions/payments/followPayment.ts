import {
  AbortedError,
  deadlineSignal,
  type Hex,
  hasErrorCode,
  isFinalPayment,
  type Payment,
  PaymentFailedError,
  ProtocolError,
  type RpcErrorType,
  type SendPaymentRequest,
} from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'
import { followedPayments } from '../../client/followedPayments.js'
import { runReconnecting } from '../../watchers/reconnecting.js'

/** What following a payment to its end can fail with: tracking it, and its failure. */
export type FollowPaymentErrorType = RpcErrorType<typeof rpcs.trackPayment> | 'PAYMENT_FAILED'

export interface PaymentProgress {
  /** Every update lnd reports: IN_FLIGHT (also while a hold invoice holds it), then SUCCEEDED or FAILED. */
  onUpdate?: ((payment: Payment) => void) | undefined
  /** Stops waiting (the payment itself goes on in lnd). */
  signal?: AbortSignal | undefined
}

function settle(payment: Payment): Payment {
  if (payment.status === 'FAILED') {
    throw new PaymentFailedError(payment.failureReason, { paymentHash: payment.paymentHash })
  }
  return payment
}

/**
 * Sends a payment at most once per payment hash, on lnd's own rule: lnd
 * refuses a second send of a hash it paid ("already paid") or is paying ("in
 * flight"), and the existing payment is then followed instead; only a hash
 * lnd never saw, or whose last attempt FAILED, is sent. Calls for one hash on
 * one client at the same time share a promise. A dropped stream switches to
 * tracking; nothing is ever re-sent automatically.
 *
 * lnd's answer to the send is the question "was this hash paid?", asked in
 * the same request: asking first (a trackPayment per payment) would cost a
 * request and a stream for the same answer. Without an `onUpdate` listener,
 * lnd is asked for the outcome only (`finalOnly`).
 *
 * An AMP payment (`request.amp`) has no hash before it is sent: lnd draws a
 * set id for each send and keeps the payment under it (its `paymentHash`).
 * It is sent each time it is asked for, and followed by the set id of lnd's
 * first update (asked for even without `onUpdate`); a stream dropped before
 * that update is the drop's error (see `listPayments` for what lnd has).
 */
export function sendOnce(
  client: Client,
  paymentHash: Hex | undefined,
  request: Omit<SendPaymentRequest, 'finalOnly'>,
  progress: PaymentProgress,
): Promise<Payment> {
  if (paymentHash === undefined) return sendAmp(client, request, progress)
  const followed = followedPayments(client.payments)
  const pending = followed.get(paymentHash)
  if (pending) return pending
  const payment = (async () => {
    let sent = false
    try {
      const finalOnly = progress.onUpdate === undefined
      const { signal } = progress
      for await (const update of client.backend.stream(
        rpcs.sendPayment,
        { ...request, finalOnly },
        signal ? { signal } : {},
      )) {
        sent = true
        progress.onUpdate?.(update)
        if (isFinalPayment(update)) return settle(update)
      }
    } catch (error) {
      const duplicate =
        hasErrorCode(error, 'ALREADY_PAID') || hasErrorCode(error, 'PAYMENT_IN_FLIGHT')
      const dropped = hasErrorCode(error, 'NODE_UNREACHABLE') || hasErrorCode(error, 'TIMEOUT')
      if (!duplicate && !dropped) throw error
      if (dropped && !sent && !progress.signal?.aborted) {
        // Dropped before lnd's first update (with `finalOnly`, before the
        // outcome): whether lnd took the send is asked once. A payment it
        // has is followed; none (or no answer) is the drop's error, and
        // paying again with the same hash is safe.
        const known = await lookUp(client, paymentHash, progress.signal)
        if (known === undefined) throw error
        progress.onUpdate?.(known)
        if (isFinalPayment(known)) return settle(known)
      }
    }
    if (progress.signal?.aborted) {
      throw new AbortedError(`Following payment ${paymentHash}`, { cause: progress.signal.reason })
    }
    return follow(client, paymentHash, progress)
  })()
  followed.set(paymentHash, payment)
  const forget = () => followed.delete(paymentHash)
  payment.then(forget, forget)
  return payment
}

/** An AMP send (see `sendOnce`): followed by the set id lnd reports first. */
async function sendAmp(
  client: Client,
  request: Omit<SendPaymentRequest, 'finalOnly'>,
  progress: PaymentProgress,
): Promise<Payment> {
  let setId: Hex | undefined
  try {
    const { signal } = progress
    for await (const update of client.backend.stream(
      rpcs.sendPayment,
      { ...request, finalOnly: false },
      signal ? { signal } : {},
    )) {
      setId = update.paymentHash
      progress.onUpdate?.(update)
      if (isFinalPayment(update)) return settle(update)
    }
  } catch (error) {
    const dropped = hasErrorCode(error, 'NODE_UNREACHABLE') || hasErrorCode(error, 'TIMEOUT')
    if (!dropped || setId === undefined) throw error
  }
  if (progress.signal?.aborted) {
    throw new AbortedError(`Following payment ${setId}`, { cause: progress.signal.reason })
  }
  if (setId === undefined) throw new ProtocolError('lnd ended an AMP payment without an update.')
  return follow(client, setId, progress)
}

/** How long the look-up after a drop waits for lnd's answer. */
const LOOK_UP_MS = 30_000

/**
 * lnd's current state of a payment: its first trackPayment message (lnd
 * sends the current state at once), or undefined when lnd has none or does
 * not answer within LOOK_UP_MS.
 */
async function lookUp(
  client: Client,
  paymentHash: Hex,
  signal: AbortSignal | undefined,
): Promise<Payment | undefined> {
  const deadline = deadlineSignal(LOOK_UP_MS, signal)
  try {
    for await (const payment of client.backend.stream(rpcs.trackPayment, paymentHash, {
      signal: deadline.signal,
    }))
      return payment
  } catch {
    // NOT_FOUND (never sent), or the node still out of reach: the caller keeps the drop's error.
  } finally {
    deadline.clear()
  }
  return undefined
}

/**
 * Follows a payment lnd already has until it is final, through reconnects.
 * A held payment (hold invoice) stays IN_FLIGHT: this waits, it does not time out.
 */
export async function follow(
  client: Client,
  paymentHash: Hex,
  progress: PaymentProgress,
): Promise<Payment> {
  let final: Payment | undefined
  await runReconnecting<Payment>({
    subscribe: (signal) => client.backend.stream(rpcs.trackPayment, paymentHash, { signal }),
    key: (p) =>
      `${p.status}:${p.htlcs.length}:${p.htlcs.filter((h) => h.status !== 'IN_FLIGHT').length}`,
    isFinal: isFinalPayment,
    onValue: (update) => {
      progress.onUpdate?.(update)
      if (isFinalPayment(update)) final = update
    },
    fatal: ['NOT_FOUND'],
    pollIntervalMs: client.pollIntervalMs,
    initialDelayMs: client.reconnect.initialDelayMs,
    maxDelayMs: client.reconnect.maxDelayMs,
    signal: progress.signal ?? new AbortController().signal,
  })
  if (!final) {
    // Stopped by its signal (the reason as the cause), or by lnd ending the stream for good.
    throw progress.signal?.aborted
      ? new AbortedError(`Following payment ${paymentHash}`, { cause: progress.signal.reason })
      : new ProtocolError(`lnd stopped reporting payment ${paymentHash} before it was final.`)
  }
  return settle(final)
}

/** A fee limit for a payment: 1% of the amount, at least 10 sat. */
export function defaultFeeLimitMsat(amountMsat: bigint): bigint {
  const percent = amountMsat / 100n
  return percent > 10_000n ? percent : 10_000n
}
