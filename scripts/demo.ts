// The BTCFi SDK demo: a real regtest Lightning network on this machine, and
// the SDK paying, holding and streaming across it, step by step.
//
//   npm run demo            run it and stop the network at the end
//   npm run demo -- --keep  keep the network up until Ctrl-C

import { formatMsat, paymentHashOf, randomPreimage } from '@btcfi/core'
import { lnd } from '@btcfi/lnd'
import { type Network, type NodeHandle, startNetwork } from '@btcfi/regtest'
import { createLightningClient, type LightningClient } from '@btcfi/sdk'
import { createStream, watchStreams } from '@btcfi/stream'

const keep = process.argv.includes('--keep')
const bold = (text: string) => `\x1b[1m${text}\x1b[0m`
const dim = (text: string) => `\x1b[2m${text}\x1b[0m`
const started = Date.now()
const clock = () => dim(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s]`)
const say = (text: string) => console.log(`${clock()} ${text}`)
const step = (title: string) => console.log(`\n${bold(title)}`)
const sat = (msat: bigint) => `${formatMsat(msat, { unit: 'sat' })} sat`

let network: Network | undefined
let stopping = false
async function stop(code: number) {
  if (stopping) return
  stopping = true
  if (network) {
    say('stopping the network…')
    await network.stop()
  }
  process.exit(code)
}
process.on('SIGINT', () => void stop(130))
process.on('SIGTERM', () => void stop(143))

function clientOf(node: NodeHandle): LightningClient {
  return createLightningClient({
    backend: lnd({ url: node.restUrl, macaroon: node.macaroons.admin, cert: node.tlsCert }),
  })
}

async function main() {
  step('1. A regtest Lightning network: btcd and three lnd nodes')
  network = await startNetwork({ onProgress: (line) => say(dim(line)) })
  const net = network
  const alice = clientOf(net.node('alice')) // a wallet
  const bob = clientOf(net.node('bob')) // a routing node, and a lender
  const carol = clientOf(net.node('carol')) // a merchant
  for (const [name, client] of Object.entries({ alice, bob, carol })) {
    const info = await client.getInfo()
    const { channels } = await client.getBalances()
    say(
      `${name.padEnd(5)} ${info.pubkey.slice(0, 16)}…  ${info.numActiveChannels} channel(s), ${sat(channels.localMsat)} to spend`,
    )
  }

  step('2. Checkout: carol (merchant) bills 25,000 sat, alice (wallet) pays through bob')
  const bill = await carol.createInvoice({
    amountMsat: 25_000_000n,
    memo: 'coffee beans',
    expirySeconds: 600,
  })
  const decoded = await alice.decodeInvoice({ paymentRequest: bill.paymentRequest })
  say(
    `invoice ${bill.paymentRequest.slice(0, 32)}…  ${sat(decoded.amountMsat ?? 0n)}, "${decoded.description}"`,
  )
  const unwatch = carol.watchInvoice({
    paymentHash: bill.paymentHash,
    onUpdate: (invoice) => say(`carol sees the invoice ${invoice.state}`),
  })
  const paid = await alice.payInvoice({
    paymentRequest: bill.paymentRequest,
    onUpdate: (payment) => say(`alice's payment ${payment.status}`),
  })
  say(
    `paid ${sat(paid.valueMsat)} + ${sat(paid.feeMsat)} routing fee to bob; alice keeps the preimage as proof`,
  )
  const again = await alice.payInvoice({ paymentRequest: bill.paymentRequest })
  say(
    `paying the same invoice again returns the same payment (#${again.paymentIndex}), nothing is sent twice`,
  )
  await new Promise((resolve) => setTimeout(resolve, 300))
  unwatch()

  step('3. Collateral lock: bob (lender) holds 100,000 sat of alice as an HTLC')
  const preimage = randomPreimage() // the lender keeps it; lnd never stores it
  const paymentHash = paymentHashOf(preimage)
  const lock = await bob.createHoldInvoice({
    paymentHash,
    amountMsat: 100_000_000n,
    cltvExpiry: 144,
    memo: 'loan collateral',
  })
  const held = alice.payInvoice({ paymentRequest: lock.paymentRequest })
  const accepted = await bob.waitForInvoice({ paymentHash, states: ['ACCEPTED'] })
  const expiry = Math.min(...accepted.htlcs.map((h) => h.expiryHeight))
  say(
    `bob sees ACCEPTED: ${sat(accepted.amountPaidMsat)} held until block ${expiry} (now ${(await bob.getInfo()).blockHeight})`,
  )
  say("alice's payment stays IN_FLIGHT while it is held: that is the lock, not a failure")
  await bob.cancelHoldInvoice({ paymentHash })
  await held.catch((error: { code?: string }) =>
    say(`bob cancels (the loan is repaid): alice's payment ends ${error.code}, funds back`),
  )
  const seized = randomPreimage()
  const lock2 = await bob.createHoldInvoice({
    paymentHash: paymentHashOf(seized),
    amountMsat: 10_000_000n,
    cltvExpiry: 144,
  })
  const held2 = alice.payInvoice({ paymentRequest: lock2.paymentRequest })
  await bob.waitForInvoice({ paymentHash: paymentHashOf(seized), states: ['ACCEPTED'] })
  await bob.settleHoldInvoice({ preimage: seized })
  say(
    `a second lock settled (a default): alice's payment ${(await held2).status}, bob keeps ${sat(10_000_000n)}`,
  )

  step('4. A payment stream: alice pays carol 1.5 sat per second for 5 seconds (pay-per-use)')
  const incoming = watchStreams(carol, {
    onPayment: (p) =>
      say(
        `carol credits stream payment #${p.seq}: ${sat(p.valueMsat)} (total ${sat(p.totalMsat)})`,
      ),
  })
  await new Promise((resolve) => setTimeout(resolve, 300))
  const stream = createStream(alice, {
    destination: net.node('carol').pubkey,
    accrual: { msatPerSecond: 1_500n },
    sendIntervalMs: 1_000,
    secret: crypto.getRandomValues(new Uint8Array(32)),
    metadata: { service: 'demo' },
  })
  await stream.start()
  await new Promise((resolve) => setTimeout(resolve, 5_000))
  const streamed = await stream.stop()
  while ((incoming.streams.get(stream.id)?.receivedMsat ?? 0n) < streamed.sentMsat) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  say(
    `accrued ${sat(streamed.accruedMsat)} exactly; sent ${sat(streamed.sentMsat)} in ${streamed.payments} keysend payments, ` +
      `${sat(streamed.unsentMsat)} below the 1-sat minimum carried`,
  )
  const { signature } = await incoming.receipt(stream.id)
  say(`carol signs a receipt with her node key: ${signature.slice(0, 24)}…`)
  incoming.unwatch()

  step('5. Balances now')
  for (const [name, client] of Object.entries({ alice, bob, carol })) {
    const { onchain, channels } = await client.getBalances()
    say(
      `${name.padEnd(5)} channels ${sat(channels.localMsat).padStart(16)}   on-chain ${formatMsat(onchain.confirmedSat * 1000n, { unit: 'btc' })} BTC`,
    )
  }

  if (keep) {
    step('The network stays up: press Ctrl-C to stop it')
    for (const node of Object.values(net.nodes)) {
      console.log(
        `  ${node.name.padEnd(5)} REST ${node.restUrl}  macaroon ${node.macaroonPaths.admin}  cert ${node.tlsCertPath}`,
      )
    }
    return
  }
  step('Done.')
  await stop(0)
}

main().catch(async (error: unknown) => {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`)
  await stop(1)
})
