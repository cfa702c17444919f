// pnpm chaos [--seeds=N] [--seed=S] [--v2] [--verbose]
//
// Seeded chaos runs of the loan desk on the regtest network of
// `npx btcfi-regtest up` (BTCFI_REGTEST_HOME picks which), or on one it starts
// for the run when none is up. Seeds S to
// S+N−1, one line each; exits non-zero when any seed broke an invariant,
// naming the seed and the command that replays it.
//
// --v2: the seeds' v2 plans (`chaosPlan(seed, { v2: true })`): an escrow
// agent process beside the desk, loan 0 and about 60% of the others borrowed
// under protocol v2 (the rest v1, on the same desk), the agent SIGKILLed, its
// price set apart from the desk's oracle and its clock moved ahead; v2's own
// invariants (f, g) are checked with the others. A seed's v2 plan is not its
// v1 plan: replay it with --v2.
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
    v2: { type: 'boolean', default: false },
  },
})
const count = Number(values.seeds)
const first = Number(values.seed)
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(first) || first < 0) {
  console.error('usage: pnpm chaos [--seeds=N] [--seed=S] [--v2] [--verbose]')
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

/** A seed's (or the run's) v2 loans: how many, what the escrow agent released, what it refused. */
function escrowLine(e: NonNullable<ChaosSeedResult['escrow']>): string {
  const counts = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, n]) => `${k}:${n}`)
      .join(',') || '-'
  return `v2 loans ${e.loans}  released ${counts(e.releases)}  liquidated ${counts(e.liquidated)}  refused ${e.refused}`
}

const results: ChaosSeedResult[] = []
const started = Date.now()
console.log(`chaos: ${values.v2 ? 'v2 ' : ''}seeds ${first}..${first + count - 1} on ${home}`)
try {
  for (let seed = first; seed < first + count; seed++) {
    const result = await runChaosSeed({
      net,
      seed,
      dir,
      v2: values.v2,
      ...(values.verbose ? { log: (line: string) => console.log(line) } : {}),
    })
    results.push(result)
    const verdict =
      result.breaks.length === 0
        ? 'ok'
        : `BREAK ${[...new Set(result.breaks.map((b) => b.invariant))].sort().join(',')}`
    console.log(
      `seed ${String(seed).padStart(4)}  loans ${result.loans}  faults ${result.faults}  ${verdict.padEnd(12)} ${result.seconds.toFixed(1).padStart(5)} s  load ${result.load.toFixed(2)}${result.escrow ? `  ${escrowLine(result.escrow)}` : ''}`,
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
if (values.v2) {
  const sum = { loans: 0, releases: {}, liquidated: {}, refused: 0 } as NonNullable<
    ChaosSeedResult['escrow']
  >
  for (const r of results) {
    if (!r.escrow) continue
    sum.loans += r.escrow.loans
    sum.refused += r.escrow.refused
    for (const key of ['releases', 'liquidated'] as const) {
      for (const [k, n] of Object.entries(r.escrow[key])) sum[key][k] = (sum[key][k] ?? 0) + n
    }
  }
  console.log(`  ${escrowLine(sum)}`)
}
for (const r of failed) {
  console.log(
    `  seed ${r.seed}: ${[...new Set(r.breaks.map((b) => b.invariant))].join(',')}  replay: pnpm chaos${values.v2 ? ' --v2' : ''} --seed=${r.seed} --seeds=1`,
  )
}
process.exit(failed.length > 0 ? 1 : 0)
