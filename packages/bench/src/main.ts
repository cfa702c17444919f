// The benchmark: one regtest network, the contenders side by side on it, then
// streams and the loan book at scale and the start-up times; writes the results as
// JSON, the chart, and the generated part of docs/performance.md.
//   pnpm bench            the full run (about 40 minutes)
//   pnpm bench --quick    a short run while developing; --rounds=3 etc. override
import { availableParallelism } from 'node:os'
import { lnd } from '@btcfi/lnd'
import { createClient } from '@btcfi/sdk'
import { contenders } from './contenders/contenders.js'
import { lncPairMs, sdkLnc } from './contenders/sdkLnc.js'
import { loanBooks } from './loanBook/loanBooks.js'
import { machineInfo } from './machine/machineInfo.js'
import { machineLoad } from './machine/machineLoad.js'
import { sideBySide } from './measure/sideBySide.js'
import type { BenchResults } from './report/BenchResults.js'
import { reportPaths } from './report/reportPaths.js'
import { writeReport } from './report/writeReport.js'
import { idleStreamHeap } from './scale/idleStreamHeap.js'
import { type StreamsAtScaleResult, streamsAtScale } from './scale/streamsAtScale.js'
import { parseSettings } from './settings.js'
import { coldStart, coldStartAgain, warmStart } from './startup/startupTimes.js'

const root = new URL('../../../', import.meta.url)
const settings = parseSettings(process.argv.slice(2))
const quick = process.argv.includes('--quick')
const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`)

const startedAt = new Date().toISOString()
const loadBefore = machineLoad()
log(`settings: ${JSON.stringify(settings)}`)
// Decided before anything runs: the run's own nodes load the machine too.
const target = reportPaths({
  root,
  startedAt,
  quick,
  load: loadBefore[0] ?? 0,
  cores: availableParallelism(),
})
if (target.refused) log(`${target.refused} (measure on a quiet machine)`)

const { network, binariesMs, coldMs, binaries, lncBinariesMs } = await coldStart(
  log,
  settings.lnc === 1,
)
log(`cold start ${(coldMs / 1000).toFixed(1)} s`)
let side: BenchResults['sideBySide']
const loadAfterPart: { sideBySide: number[]; streams?: number[] } = { sideBySide: [] }
let streams: StreamsAtScaleResult | undefined
const warmMs: number[] = []
try {
  const nodes = { payer: network.node('alice'), payee: network.node('bob'), lnc: network.lnc }
  const running = []
  // The SDK over LNC runs only on a network with its LNC path (`--lnc=0` leaves it out).
  for (const factory of contenders) {
    if (factory === sdkLnc && !nodes.lnc) continue
    running.push(await factory(nodes))
  }
  side = await sideBySide(running, {
    rounds: settings.rounds,
    durationMs: {
      getInfo: settings.unarySeconds * 1000,
      createInvoice: settings.unarySeconds * 1000,
      payInvoice: settings.paymentSeconds * 1000,
      keysend: settings.paymentSeconds * 1000,
    },
    holdLifecycles: settings.holds,
    log,
  })
  loadAfterPart.sideBySide = machineLoad()
  await Promise.all(running.map((c) => c.close()))

  const backendOf = (name: string) => {
    const node = network.node(name)
    return lnd({ url: node.restUrl, macaroon: node.macaroons.admin, cert: node.tlsCert })
  }
  const senderBackend = backendOf('alice')
  const receiverBackend = backendOf('bob')
  streams = await streamsAtScale({
    sender: createClient({ backend: senderBackend, network: 'regtest' }),
    receiver: createClient({ backend: receiverBackend, network: 'regtest' }),
    destination: nodes.payee.pubkey,
    streams: settings.streams,
    seconds: settings.streamSeconds,
    maxInFlight: settings.streamCap,
    perSecond: settings.streamRate,
    log,
  })
  loadAfterPart.streams = machineLoad()
  log(`streams: ${JSON.stringify(streams)}`)
  await Promise.all([senderBackend.close(), receiverBackend.close()])

  for (let i = 0; i < settings.warmStarts; i++) {
    warmMs.push(await warmStart(network))
    log(`warm start ${(warmMs.at(-1)! / 1000).toFixed(1)} s`)
  }
} finally {
  await network.stop()
}

const loanBook = await loanBooks(settings, log)
const heapBytesPerIdleStream = await idleStreamHeap(1_000)
log(`heap per idle stream ${(heapBytesPerIdleStream / 1024).toFixed(1)} KiB`)

const cold = [coldMs]
for (let i = 0; i < settings.extraColdStarts; i++) {
  cold.push(await coldStartAgain(binaries))
  log(`cold start ${(cold.at(-1)! / 1000).toFixed(1)} s`)
}

const results: BenchResults = {
  startedAt,
  command: `pnpm bench${quick ? ' --quick' : ''}`,
  settings: { ...settings },
  machine: machineInfo(),
  loadBefore,
  loadAfter: machineLoad(),
  loadAfterPart,
  sideBySide: side,
  streams,
  loanBook,
  heapBytesPerIdleStream,
  startup: {
    binariesMs,
    coldMs: cold,
    warmMs,
    lnc: lncBinariesMs === undefined ? undefined : { binariesMs: lncBinariesMs, pairMs: lncPairMs },
  },
}
await writeReport(results, target.paths)
if (target.refused) log(`refused: ${target.refused}; the results are in ${target.paths.markdown}`)
log('results written')
