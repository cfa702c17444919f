import { MSAT_PER_SAT } from '@btcfi/core'
import type { Client } from '@btcfi/sdk'
import {
  accruedMsat,
  createStream,
  interestSchedule,
  type Limiter,
  type Stream,
  type StreamStore,
} from '@btcfi/stream'
import type { LoanView } from '../desk/loanView.js'
import { interestStreamId, LOAN_METADATA_KEY } from '../protocol/interestStream.js'
import { checkStreamable } from './checks/checkStreamable.js'

export interface StreamInterestParameters {
  /**
   * Signs the stream's records, at least 32 bytes. Keep it (with `store`) to
   * resume the same stream after a restart; never logged.
   */
  secret: Uint8Array
  /** Where the stream keeps what it sent (e.g. `fileStreamStore(dir)`). Default: in memory. */
  store?: StreamStore
  /** Shared by the streams of the borrower's node. */
  limiter?: Limiter
  /** How often the stream pays what has accrued, ms. Default 3 600 000 (hourly). */
  sendIntervalMs?: number
  /** Pay only once this much is due. Default 1 000 msat (lnd's smallest HTLC). */
  minSendMsat?: bigint
  /** How often the desk's price is read again for a USD loan, ms. Default 60 000. */
  priceRefreshMs?: number
  /** Told when the price could not be read (the last one is kept). */
  onError?: (error: unknown) => void
}

/** What `streamInterest` needs of the agent. */
export interface StreamInterestDeps {
  client: Client
  status: (loanId: string) => Promise<LoanView>
  /** The loan clock, ms. */
  now: () => number
}

/**
 * Pays a loan's interest as a payment stream to the desk's node: the interest
 * the agreement says has accrued since the disbursement (simple interest,
 * exact, converted at the desk's current price for a USD loan), less what the
 * stream already sent, every `sendIntervalMs`. Each payment's signed record
 * names the loan and the desk's node, and carries the borrower's node-key
 * signature of the stream's key (made once, on start: the client needs
 * `message:write`); the desk binds the loan's stream to that key and credits
 * it (see `DeskParameters.streamedInterest`). Keep `secret`: a stream resumed
 * with another secret has another key, which the desk refuses for this loan.
 * The time is the loan's, not the stream's: a stream started late or
 * restarted after a crash pays what it owes since the disbursement.
 */
export async function streamInterest(
  deps: StreamInterestDeps,
  loanId: string,
  parameters: StreamInterestParameters,
): Promise<Stream> {
  const view = await deps.status(loanId)
  const { agreement, maturesAtMs } = view
  const disbursedAtMs = checkStreamable(view)
  let centsPerBtc = view.price?.centsPerBtc ?? agreement.centsPerBtc
  const schedule =
    agreement.currency === 'USD'
      ? interestSchedule({
          principal: agreement.principal,
          currency: 'USD',
          aprBps: agreement.aprBps,
          priceCentsPerBtc: () => centsPerBtc,
        })
      : interestSchedule({
          principal: agreement.principal * MSAT_PER_SAT,
          currency: 'msat',
          aprBps: agreement.aprBps,
        })
  const end = maturesAtMs ?? Number.POSITIVE_INFINITY
  const stream = createStream(deps.client, {
    id: interestStreamId(loanId),
    destination: agreement.deskPubkey,
    accrual: {
      accruedMsat: () =>
        accruedMsat(schedule, BigInt(Math.max(0, Math.min(deps.now(), end) - disbursedAtMs))),
    },
    sendIntervalMs: parameters.sendIntervalMs ?? 3_600_000,
    minSendMsat: parameters.minSendMsat ?? 1_000n,
    metadata: { [LOAN_METADATA_KEY]: loanId },
    secret: parameters.secret,
    // The desk credits a loan's stream only if the borrower's node vouched for its key.
    authorize: true,
    ...(parameters.store ? { store: parameters.store } : {}),
    ...(parameters.limiter ? { limiter: parameters.limiter } : {}),
  })
  const refresh =
    agreement.currency === 'USD'
      ? setInterval(() => {
          deps.status(loanId).then(
            (latest) => {
              if (latest.price) centsPerBtc = latest.price.centsPerBtc
            },
            (error: unknown) => parameters.onError?.(error),
          )
        }, parameters.priceRefreshMs ?? 60_000)
      : undefined
  refresh?.unref?.()
  await stream.start()
  return {
    ...stream,
    async stop() {
      clearInterval(refresh)
      return stream.stop()
    },
  }
}
