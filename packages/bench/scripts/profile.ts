// Runs one contender on one figure at one concurrency, to profile the client:
//   node --conditions=source --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof \
//     packages/bench/scripts/profile.ts [contender] [figure] [in flight] [seconds]
// contender: raw | sdk | lightning; figure: getInfo | createInvoice | payInvoice | keysend.
import { startNetwork } from '@btcfi/regtest'
import type { ContenderFactory } from '../src/contenders/Contender.js'
import { lightningGrpc } from '../src/contenders/lightningGrpc.js'
import { rawRest } from '../src/contenders/rawRest.js'
import { sdkLnd } from '../src/contenders/sdkLnd.js'
import { PAYMENT_MSAT } from '../src/measure/figures.js'
import { throughput } from '../src/measure/throughput.js'

const factories: Record<string, ContenderFactory> = {
  raw: rawRest,
  sdk: sdkLnd,
  lightning: lightningGrpc,
}
const [name = 'sdk', figure = 'getInfo', inFlight = '32', seconds = '10'] = process.argv.slice(2)
const factory = factories[name]
if (!factory) throw new Error(`contender: one of ${Object.keys(factories).join(', ')}`)
const net = await startNetwork({ onProgress: (line) => console.error(line) })
try {
  const nodes = { payer: net.node('alice'), payee: net.node('bob') }
  const contender = await factory(nodes)
  const reference = await rawRest(nodes)
  const invoices: string[] = []
  if (figure === 'payInvoice')
    for (let i = 0; i < 400 * Number(seconds); i++)
      invoices.push(await reference.createInvoice(PAYMENT_MSAT))
  const call = {
    getInfo: () => contender.getInfo(),
    createInvoice: async () => {
      await contender.createInvoice(PAYMENT_MSAT)
    },
    payInvoice: (i: number) => contender.payInvoice(invoices[i]!),
    keysend: () => contender.keysend(PAYMENT_MSAT),
  }[figure]
  if (!call) throw new Error('figure: getInfo | createInvoice | payInvoice | keysend')
  const result = await throughput(call, {
    concurrency: Number(inFlight),
    durationMs: Number(seconds) * 1000,
    ...(figure === 'payInvoice' ? { maxCalls: invoices.length } : {}),
  })
  console.log(JSON.stringify({ contender: contender.name, figure, inFlight, ...result }))
  await Promise.all([contender.close(), reference.close()])
} finally {
  await net.stop()
}
