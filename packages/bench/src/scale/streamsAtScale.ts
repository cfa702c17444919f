import { type Client, listChannels } from '@btcfi/sdk'
import { createLimiter, createStream, watchStreams } from '@btcfi/stream'

export interface StreamsAtScaleOptions {
  /** The sender's client (alice) and the receiver's (bob). */
  sender: Client
  receiver: Client
  destination: string
  streams: number
  seconds: number
  /** The limiter's cap on payments in flight, across all streams. */
  maxInFlight: number
  /** The limiter's payments started per second. */
  perSecond: number
  log: (line: string) => void
}

export interface StreamsAtScaleResult {
  streams: number
  seconds: number
  maxInFlight: number
  perSecond: number
  /** Payments that succeeded within `seconds`. */
  payments: number
  paymentsPerSecond: number
  /** How long stopping took: each stream's final send (what accrued since its last). */
  stopSeconds: number
  /** Payments including those final sends. */
  paymentsWithFinal: number
  sentMsat: string
  receivedMsat: string
  /** Streams whose receiver total equals the sender's, to the msat (and sent + unsent = accrued). */
  exactStreams: number
  /** The limiter's own peak of payments in flight. */
  limiterPeakInFlight: number
  /** The most HTLCs lnd showed pending on the sender's channels, sampled every 250 ms (a sample is a listChannels, which loads the node it measures). */
  lndPeakPendingHtlcs: number
  /** Both peaks at or under the cap. */
  capHeld: boolean
  /** Sends that failed (the stream retries them). */
  failedPayments: number
}

/**
 * `streams` streams from one node to its peer for `seconds`, behind one
 * limiter: aggregate payments/s, exactness at the receiver, and the HTLCs in
 * flight (the limiter's count and lnd's own, sampled) against the cap.
 */
export async function streamsAtScale(
  options: StreamsAtScaleOptions,
): Promise<StreamsAtScaleResult> {
  const { sender, log } = options
  const receiver = watchStreams(options.receiver)
  await new Promise((resolve) => setTimeout(resolve, 500))
  const limiter = createLimiter({ maxInFlight: options.maxInFlight, perSecond: options.perSecond })
  const secret = crypto.getRandomValues(new Uint8Array(32))
  let failedPayments = 0
  const streams = Array.from({ length: options.streams }, () =>
    createStream(sender, {
      destination: options.destination,
      accrual: { msatPerSecond: 1_000n },
      sendIntervalMs: 1_000,
      secret,
      limiter,
    }),
  )
  for (const stream of streams)
    stream.on((event) => {
      if (event.type === 'error') failedPayments++
    })
  let lndPeak = 0
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      const channels = await listChannels(sender).catch(() => [])
      const pending = channels.reduce((sum, c) => sum + c.pendingHtlcs.length, 0)
      lndPeak = Math.max(lndPeak, pending)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  })()
  const started = performance.now()
  await Promise.all(streams.map((s) => s.start()))
  log(`${options.streams} streams started; running ${options.seconds} s`)
  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000))
  const seconds = (performance.now() - started) / 1000
  const payments = streams.reduce((sum, s) => sum + s.summary().payments, 0)
  const summaries = await Promise.all(streams.map((s) => s.stop()))
  const stopSeconds = (performance.now() - started) / 1000 - seconds
  sampling = false
  await sampler
  const sent = summaries.reduce((sum, s) => sum + s.sentMsat, 0n)
  const received = () => [...receiver.streams.values()].reduce((sum, t) => sum + t.receivedMsat, 0n)
  const deadline = Date.now() + 60_000
  while (received() < sent && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 200))
  const exactStreams = summaries.filter(
    (s) =>
      receiver.streams.get(s.id)?.receivedMsat === s.sentMsat &&
      s.sentMsat + s.unsentMsat === s.accruedMsat,
  ).length
  receiver.unwatch()
  const cap = options.maxInFlight
  return {
    streams: options.streams,
    seconds,
    maxInFlight: cap,
    perSecond: options.perSecond,
    payments,
    paymentsPerSecond: payments / seconds,
    stopSeconds,
    paymentsWithFinal: summaries.reduce((sum, s) => sum + s.payments, 0),
    sentMsat: sent.toString(),
    receivedMsat: received().toString(),
    exactStreams,
    limiterPeakInFlight: limiter.peakInFlight,
    lndPeakPendingHtlcs: lndPeak,
    capHeld: limiter.peakInFlight <= cap && lndPeak <= cap,
    failedPayments,
  }
}
