// Runs one contender on one figure at one concurrency, and profiles the client
// over the measured calls only (not the network's start):
//   node --conditions=source --import tsx packages/bench/scripts/profile.ts \
//     [contender] [figure] [in flight] [seconds] [profile.cpuprofile]
// contender: raw | sdk | lightning; figure: getInfo | createInvoice | payInvoice | keysend.
// Prints the result, then the self time per call by place and by function; the
// profile is written for Chrome's DevTools when a path is given.
import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { startNetwork } from '@btcfi/regtest'
import type { ContenderFactory } from '../src/contenders/Contender.js'
import { lightningGrpc } from '../src/contenders/lightningGrpc.js'
import { rawRest } from '../src/contenders/rawRest.js'
import { sdkLnd } from '../src/contenders/sdkLnd.js'
import { PAYMENT_MSAT } from '../src/measure/figures.js'
import { throughput } from '../src/measure/throughput.js'
import { type CpuProfile, summarizeProfile } from '../src/profile/summarizeProfile.js'

const factories: Record<string, ContenderFactory> = {
  raw: rawRest,
  sdk: sdkLnd,
  lightning: lightningGrpc,
}
const [name = 'sdk', figure = 'getInfo', inFlight = '32', seconds = '10', out] =
  process.argv.slice(2)
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
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 100 })
  await session.post('Profiler.start')
  const result = await throughput(call, {
    concurrency: Number(inFlight),
    durationMs: Number(seconds) * 1000,
    ...(figure === 'payInvoice' ? { maxCalls: invoices.length } : {}),
  })
  const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile }
  session.disconnect()
  console.log(JSON.stringify({ contender: contender.name, figure, inFlight, ...result }))
  if (out) await writeFile(out, JSON.stringify(profile))
  const summary = summarizeProfile(profile)
  const perCall = (micros: number) => `${(micros / result.calls).toFixed(1).padStart(7)} µs`
  console.log(`busy ${perCall(summary.busyMicros)} per call (${result.calls} calls)`)
  for (const [place, micros] of summary.byPlace.slice(0, 15))
    console.log(`${perCall(micros)}  ${place}`)
  console.log('by function:')
  for (const [fn, micros] of summary.byFunction.slice(0, 25))
    console.log(`${perCall(micros)}  ${fn}`)
  await Promise.all([contender.close(), reference.close()])
} finally {
  await net.stop()
}
