import { randomBytes } from 'node:crypto'
import type { Contender } from '../contenders/Contender.js'
import { sha256Hex } from '../contenders/sha256Hex.js'

/** Times of one hold invoice's life, in ms from its creation. */
export interface HoldLifecycle {
  /** The invoice created. */
  createdMs: number
  /** The payee saw the HTLC held (ACCEPTED). */
  acceptedMs: number
  /** The payee's settle call returned. */
  settledMs: number
  /** The payer's payment call returned, SUCCEEDED: the whole lifecycle. */
  totalMs: number
}

/** One lifecycle: create, pay, ACCEPTED seen, settle, the payer sees the payment succeed. */
export async function holdLifecycle(
  contender: Contender,
  amountMsat: bigint,
): Promise<HoldLifecycle> {
  const preimage = randomBytes(32).toString('hex')
  const hash = sha256Hex(preimage)
  const started = performance.now()
  const request = await contender.hold.create(hash, amountMsat)
  const createdMs = performance.now() - started
  const accepted = contender.hold.accepted(hash)
  const paid = contender.payInvoice(request)
  // Surfaced below; not an unhandled rejection while the HTLC is held.
  paid.catch(() => {})
  // A payment that fails before the HTLC is held (the payer's node out of
  // reach) fails the lifecycle: the invoice would wait for it forever.
  await Promise.race([
    accepted,
    paid.then(() => {
      throw new Error('the payment returned before the payee held it')
    }),
  ])
  const acceptedMs = performance.now() - started
  await contender.hold.settle(preimage)
  const settledMs = performance.now() - started
  await paid
  return { createdMs, acceptedMs, settledMs, totalMs: performance.now() - started }
}
