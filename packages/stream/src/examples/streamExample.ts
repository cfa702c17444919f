import { lnd } from '@btcfi/lnd'
import { createLightningClient } from '@btcfi/sdk'
import { createStream, fileStreamStore, watchStreams } from '@btcfi/stream'

interface Node {
  restUrl: string
  macaroon: string
  cert: string
  pubkey: string
}

/** Streams 2 sat per second from `sender` to `receiver` for `seconds`, and returns both sides' totals. */
export async function streamExample(sender: Node, receiver: Node, seconds: number) {
  const payer = createLightningClient({
    backend: lnd({ url: sender.restUrl, macaroon: sender.macaroon, cert: sender.cert }),
  })
  const payee = createLightningClient({
    backend: lnd({ url: receiver.restUrl, macaroon: receiver.macaroon, cert: receiver.cert }),
  })

  // Receiver: credits each stream's signed payments and reports gaps.
  const incoming = watchStreams(payee, {
    onPayment: (p) =>
      console.log(`received seq ${p.seq}: ${p.valueMsat} msat (total ${p.totalMsat})`),
    onRejected: (reason) => console.warn(`rejected a stream payment: ${reason}`),
  })

  // Sender: 2000 msat per second, checked every second, state kept on disk.
  const stream = createStream(payer, {
    destination: receiver.pubkey,
    accrual: { msatPerSecond: 2_000n },
    sendIntervalMs: 1_000,
    secret: crypto.getRandomValues(new Uint8Array(32)),
    store: fileStreamStore('./streams'),
  })
  await stream.start()
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000))
  const sent = await stream.stop()

  // Let the last payment's settlement reach the receiver, then ask for a receipt.
  while ((incoming.streams.get(stream.id)?.receivedMsat ?? 0n) < sent.sentMsat) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const receipt = await incoming.receipt(stream.id)
  incoming.unwatch()
  return { sent, received: incoming.streams.get(stream.id), receipt }
}
