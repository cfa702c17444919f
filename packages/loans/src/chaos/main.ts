// pnpm chaos [--seeds=N] [--seed=S] [--verbose]
//
// Seeded chaos runs of the loan desk on the regtest network of
// `npx btcfi-regtest up` (BTCFI_REGTEST_HOME picks which), or on one it starts
// for the run when none is up. Seeds S to
// S+N−1, one line each; exits non-zero when any seed broke an invariant,
// naming the seed and the command that replays it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { connectNetwork, serveNetwork, startNetwork } from '@btcfi/regtest'
import { clientsOf, ensureOwned, ownedMsat } from '../testing/clients.js'
import { describeAction } from './describeAction.js'
import { restoreOwned } from './restoreOwned.js'
import { type ChaosSeedResult, runChaosSeed } from './runChaosSeed.js'

/** What alice needs on her side to lock three loans' collateral twice (rollovers) and top up. */
const BORROWER_MSAT = 4_000_000_000n

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    verbose: { type: 'boolean', default: false },
  },
})
const count = Number(values.seeds)
const first = Number(values.seed)
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(first) || first < 0) {
  console.error('usage: pnpm chaos [--seeds=N] [--seed=S] [--verbose]')
  process.exit(2)
}

// The network of `btcfi-regtest up` when one runs, else one of its own for this run.
const home = resolve(process.env.BTCFI_REGTEST_HOME ?? '.regtest')
let address: { url: string; token: string }
let own: { stop(): Promise<void> } | undefined
try {
  address = JSON.parse(readFileSync(join(home, 'network.json'), 'utf8')) as typeof address
} catch {
  console.log(`chaos: no network in ${home}; starting one for this run`)
  const network = await startNetwork({
    onProgress: (line) => console.log(`  ${line}`),
    lnc: false,
  })
  const server = await serveNetwork(network)
  address = { url: server.url, token: server.token }
  own = {
    async stop() {
      await server.close()
      await network.stop()
    },
  }
}
const net = await connectNetwork(address)
const { alice, bob } = clientsOf(net)
const aliceAtStart = await ownedMsat(alice)
if (aliceAtStart < BORROWER_MSAT) await ensureOwned(alice, bob, BORROWER_MSAT)
const dir = mkdtempSync(join(tmpdir(), 'btcfi-chaos-'))

const results: ChaosSeedResult[] = []
const started = Date.now()
console.log(`chaos: seeds ${first}..${first + count - 1} on ${home}`)
try {
  for (let seed = first; seed < first + count; seed++) {
    const result = await runChaosSeed({
      net,
      seed,
      dir,
      ...(values.verbose ? { log: (line: string) => console.log(line) } : {}),
    })
    results.push(result)
    const verdict =
      result.breaks.length === 0
        ? 'ok'
        : `BREAK ${[...new Set(result.breaks.map((b) => b.invariant))].sort().join(',')}`
    console.log(
      `seed ${String(seed).padStart(4)}  loans ${result.loans}  faults ${result.faults}  ${verdict.padEnd(12)} ${result.seconds.toFixed(1).padStart(5)} s  load ${result.load.toFixed(2)}`,
    )
    if (result.breaks.length > 0 || values.verbose) {
      console.log(`  plan: ${result.plan.actions.map(describeAction).join(' · ')}`)
      for (const note of result.notes) console.log(`  note: ${note}`)
      if (values.verbose) for (const line of result.story) console.log(`  ${line}`)
    }
    for (const b of result.breaks) {
      console.log(`  (${b.invariant})${b.loanId ? ` loan ${b.loanId}` : ''}: ${b.detail}`)
      for (const line of b.log) console.log(`      ${line}`)
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
  await restoreOwned(alice, bob, aliceAtStart).catch(() => undefined)
  await own?.stop()
}

const failed = results.filter((r) => r.breaks.length > 0)
const total = (Date.now() - started) / 1_000
console.log(
  `\n${results.length} seeds, ${failed.length} with invariant breaks (${failed.reduce((n, r) => n + r.breaks.length, 0)} breaks), ${total.toFixed(0)} s (${(total / results.length).toFixed(1)} s a seed)`,
)
for (const r of failed) {
  console.log(
    `  seed ${r.seed}: ${[...new Set(r.breaks.map((b) => b.invariant))].join(',')}  replay: pnpm chaos --seed=${r.seed} --seeds=1`,
  )
}
process.exit(failed.length > 0 ? 1 : 0)
