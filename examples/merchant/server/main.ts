// Runs the merchant app outside the demo, on nodes you already have.
//
// On a Polar network (regtest in Docker): the whole example, with a loan desk,
// an escrow agent in a process of its own and a local price feed, on three of its LND nodes:
//   POLAR_NETWORK="my network" pnpm start
//   (MERCHANT_NODE, CUSTOMER_NODE and LENDER_NODE name the nodes: carol, alice, bob by default;
//    the customer and the lender need a direct channel; the desk's loan book is an SQLite file
//    in a temp dir, or, with BTCFI_POSTGRES_URL=postgres://…, your PostgreSQL, kept across runs;
//    pay later runs protocol v2, its escrow agent reading the chain from ESCROW_NODE's
//    read-only macaroon (the merchant's node by default): PAY_LATER_PROTOCOL=v1 runs without it)
//
// On a real node: checkout and pay-per-minute only, priced by real exchanges:
//   LND_REST_URL=https://host:8080 LND_MACAROON_PATH=invoice.macaroon LND_CERT_PATH=tls.cert pnpm start
//   (PUBLIC_URL=https://shop.example: the app's public origin, for its Lightning Address shop@shop.example;
//    order status comes from the app's webhooks when the macaroon can also read payments, as the admin
//    macaroon or one baked with offchain:read can, else from the node's invoice watcher)
import { lndFromFiles } from '@btcfi/lnd/node'
import { createLightningClient } from '@btcfi/sdk'
import { buildWeb } from './stack/buildWeb.js'
import { startRegtestShop } from './stack/startRegtestShop.js'
import { startShop } from './stack/startShop.js'

const env = process.env
const port = Number(env.PORT ?? 8787)
const webRoot = await buildWeb(console.log)

async function onPolar(network: string) {
  const { attachPolar } = await import('@btcfi/regtest')
  const net = await attachPolar({ network })
  const connection = (name: string, macaroon: 'admin' | 'readonly' = 'admin') => {
    const node = net.node(name)
    return { restUrl: node.restUrl, macaroon: node.macaroons[macaroon], tlsCert: node.tlsCert }
  }
  const escrowNode = env.ESCROW_NODE ?? env.MERCHANT_NODE ?? 'carol'
  return startRegtestShop({
    merchant: connection(env.MERCHANT_NODE ?? 'carol'),
    customer: connection(env.CUSTOMER_NODE ?? 'alice'),
    lender: connection(env.LENDER_NODE ?? 'bob'),
    webRoot,
    port,
    ...(env.BTCFI_POSTGRES_URL
      ? { loanStore: { kind: 'postgres' as const, url: env.BTCFI_POSTGRES_URL } }
      : {}),
    ...(env.PAY_LATER_PROTOCOL === 'v1'
      ? {}
      : { escrow: { node: connection(escrowNode, 'readonly'), nodeName: escrowNode } }),
    onProgress: console.log,
  })
}

async function onNode() {
  const macaroonPath = env.LND_MACAROON_PATH
  if (!env.LND_REST_URL || !macaroonPath) {
    throw new Error('Set POLAR_NETWORK, or LND_REST_URL and LND_MACAROON_PATH (and LND_CERT_PATH).')
  }
  const merchant = createLightningClient({
    backend: lndFromFiles({
      url: env.LND_REST_URL,
      macaroonPath,
      ...(env.LND_CERT_PATH ? { certPath: env.LND_CERT_PATH } : {}),
    }),
  })
  return startShop({
    merchant,
    webRoot,
    port,
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    onProgress: console.log,
  })
}

const shop = env.POLAR_NETWORK ? await onPolar(env.POLAR_NETWORK) : await onNode()
console.log(`Open ${shop.url} (Ctrl-C stops)`)
process.on('SIGINT', () => void shop.close().then(() => process.exit(0)))
