// Measures how many concurrent streams one node pair carries.
//   node --conditions=source --import tsx packages/stream/scripts/measure.ts [streams] [seconds]
// Starts its own regtest network (alice–bob–carol), streams alice → bob.
import { lnd } from '@btcfi/lnd'
import { startNetwork } from '@btcfi/regtest'
import { createLightningClient } from '@btcfi/sdk'
import { createLimiter, createStream, watchStreams } from '@btcfi/stream'

const count = Number(process.argv[2] ?? 50)
const seconds = Number(process.argv[3] ?? 20)
const net = await startNetwork({ onProgress: (line) => console.error(line) })
try {
  const client = (name: string) => {
    const node = net.node(name)
    return createLightningClient({
      backend: lnd({ url: node.restUrl, macaroon: node.macaroons.admin, cert: node.tlsCert }),
      network: 'regtest',
    })
  }
  const alice = client('alice')
  const receiver = watchStreams(client('bob'))
  await new Promise((resolve) => setTimeout(resolve, 500))
  const limiter = createLimiter({ maxInFlight: 100, perSecond: 60 })
  const secret = crypto.getRandomValues(new Uint8Array(32))
  const streams = Array.from({ length: count }, () =>
    createStream(alice, {
      destination: net.node('bob').pubkey,
      accrual: { msatPerSecond: 1_000n },
      sendIntervalMs: 1_000,
      secret,
      limiter,
    }),
  )
  const started = Date.now()
  await Promise.all(streams.map((s) => s.start()))
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  const summaries = await Promise.all(streams.map((s) => s.stop()))
  const elapsed = (Date.now() - started) / 1000
  const deadline = Date.now() + 30_000
  const sent = summaries.reduce((sum, s) => sum + s.sentMsat, 0n)
  while (Date.now() < deadline) {
    const received = [...receiver.streams.values()].reduce((sum, t) => sum + t.receivedMsat, 0n)
    if (received >= sent) break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const payments = summaries.reduce((sum, s) => sum + s.payments, 0)
  const exact = summaries.filter(
    (s) =>
      receiver.streams.get(s.id)?.receivedMsat === s.sentMsat &&
      s.sentMsat + s.unsentMsat === s.accruedMsat,
  ).length
  console.log(
    JSON.stringify({
      streams: count,
      seconds: Number(elapsed.toFixed(1)),
      payments,
      paymentsPerSecond: Number((payments / elapsed).toFixed(1)),
      sentSat: Number(sent / 1000n),
      htlcsPerSatStreamed: Number((payments / Number(sent / 1000n)).toFixed(3)),
      exactStreams: exact,
      peakInFlight: limiter.peakInFlight,
    }),
  )
  receiver.unwatch()
} finally {
  await net.stop()
}
