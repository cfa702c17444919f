// A project of a user of BTCFi SDK: it imports the published packages only.
// The consumer test installs their tarballs with npm into a scratch folder,
// type-checks this file there, and runs it against the regtest network.
import { formatMsat } from '@btcfi/core'
import { lnd } from '@btcfi/lnd'
import {
  createAgent,
  defaultTerms,
  memoryLoanStore,
  scriptedOracle,
  startDesk,
} from '@btcfi/loans/node'
import { createLightningClient, type LightningClient } from '@btcfi/sdk'
import { type StreamOptions, streamKey } from '@btcfi/stream'

interface NodeConnection {
  restUrl: string
  macaroon: string
  tlsCert: string
}

const nodes = JSON.parse(process.env.BTCFI_CONSUMER_NODES ?? '{}') as Record<
  'alice' | 'bob' | 'carol',
  NodeConnection
>
const clientOf = (node: NodeConnection): LightningClient =>
  createLightningClient({
    backend: lnd({ url: node.restUrl, macaroon: node.macaroon, cert: node.tlsCert }),
  })
const alice = clientOf(nodes.alice) // a wallet
const bob = clientOf(nodes.bob) // a lender
const carol = clientOf(nodes.carol) // a shop

// 1. Pay a shop's invoice.
const invoice = await carol.createInvoice({ amountMsat: 2_000_000n, memo: 'a packed coffee' })
const payment = await alice.payInvoice({ paymentRequest: invoice.paymentRequest })

// 2. Borrow $10 against bitcoin from a desk on bob's node, then repay it.
const store = memoryLoanStore()
const desk = await startDesk({
  client: bob,
  store,
  oracle: scriptedOracle({ centsPerBtc: 10_000_000n }),
  secret: crypto.getRandomValues(new Uint8Array(32)),
  terms: defaultTerms,
})
const agent = createAgent({ client: alice, deskUrl: desk.url })
const quote = await agent.quote({ principal: 1_000n })
const { loan, lock } = await agent.open({ quote })
const active = await agent.waitForState(loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
const { payment: repayment } = await agent.repay(loan.id)
const outcome = await lock.outcome
const repaid = await agent.waitForState(loan.id, ['REPAID'], { timeoutMs: 30_000 })
await desk.close()
await store.close()

// A stream's options type-check too (the stream itself is not started here).
const options: StreamOptions = {
  destination: (await carol.getInfo()).pubkey,
  accrual: { msatPerSecond: 1_000n },
  secret: crypto.getRandomValues(new Uint8Array(32)),
}

console.log(
  JSON.stringify({
    paid: { status: payment.status, amount: formatMsat(payment.valueMsat, { unit: 'sat' }) },
    loan: {
      collateralSat: String(active.collateralSat),
      active: active.state,
      repaidMsat: String(repayment.valueMsat),
      collateral: outcome.status,
      final: repaid.state,
    },
    streamKey: streamKey(options.secret, 'consumer').length > 0,
  }),
)
