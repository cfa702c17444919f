// The BTCFi SDK demo: a regtest Lightning network on this machine, a loan
// desk, a price feed of local exchanges, and the example merchant app on top,
// ready to click through in a browser.
//
//   npm run demo                 start everything, print the URL, Ctrl-C stops it all
//   npm run demo -- --port 9000  another port for the app (default 8787, or any free one)

import { type Network, type NodeHandle, startNetwork } from '@btcfi/regtest'
import { buildWeb } from '../examples/merchant/server/stack/buildWeb.js'
import { startRegtestShop } from '../examples/merchant/server/stack/startRegtestShop.js'

const started = Date.now()
const bold = (text: string) => `\x1b[1m${text}\x1b[0m`
const dim = (text: string) => `\x1b[2m${text}\x1b[0m`
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)}s`
const say = (text: string) => console.log(`${dim(`[${seconds().padStart(6)}]`)} ${text}`)

const portArg = process.argv.indexOf('--port')
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.PORT ?? 8787)

let network: Network | undefined
let shop: Awaited<ReturnType<typeof startRegtestShop>> | undefined
let stopping = false
async function stop(code: number) {
  if (stopping) return
  stopping = true
  say('stopping the app, the desk, the price feed and the network…')
  await shop?.close().catch(() => {})
  await network?.stop().catch(() => {})
  say('stopped: no node left running')
  process.exit(code)
}
process.on('SIGINT', () => void stop(0))
process.on('SIGTERM', () => void stop(0))

const connection = (node: NodeHandle) => ({
  restUrl: node.restUrl,
  macaroon: node.macaroons.admin,
  tlsCert: node.tlsCert,
})

async function main() {
  console.log(bold('BTCFi SDK demo: a Lightning shop on a regtest network'))
  const web = buildWeb(say)
  say('starting btcd and three lnd nodes: alice (customer), bob (loan desk), carol (merchant)')
  network = await startNetwork({ onProgress: (line) => say(dim(line)) })
  const webRoot = await web
  const shopParameters = {
    merchant: connection(network.node('carol')),
    customer: connection(network.node('alice')),
    lender: connection(network.node('bob')),
    webRoot,
    onProgress: say,
  }
  shop = await startRegtestShop({ ...shopParameters, port }).catch((error: { code?: string }) => {
    if (error.code !== 'EADDRINUSE') throw error
    say(`port ${port} is taken: using a free one`)
    return startRegtestShop({ ...shopParameters, port: 0 })
  })
  console.log(`\n${bold(`Open ${shop.url}`)}  ${dim(`(ready in ${seconds()})`)}`)
  console.log(
    dim(
      '  Checkout, Pay per minute, Pay later and Admin (move the BTC price there); the customer wallet is on the right.\n  Ctrl-C stops everything.',
    ),
  )
}

main().catch(async (error: unknown) => {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`)
  await stop(1)
})
