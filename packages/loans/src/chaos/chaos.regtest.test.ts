import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientsOf, keepBalances } from '../testing/clients.js'
import { describeAction } from './describeAction.js'
import { runChaosSeed } from './runChaosSeed.js'

// Three seeds of `pnpm chaos` through the same runner: loans opened, rolled
// over, topped up, repaid and liquidated while the desk is SIGKILLed, the
// agent and the nodes restart and the oracle stops; then every invariant of
// docs/loans.md is checked on the desk's book, bob's payments and the nodes'
// balances, to the msat.

const net = await getTestNetwork()
const { alice, bob, carol } = clientsOf(net)
const dir = mkdtempSync(join(tmpdir(), 'loans-chaos-'))
// Three loans' collateral, twice during a rollover, and top-ups.
const shared = keepBalances(bob, { borrower: alice, others: [carol] }, 4_000_000_000n)
beforeAll(() => shared.prepare())
afterAll(async () => {
  await shared.restore()
  rmSync(dir, { recursive: true, force: true })
})

describe('chaos seeds (replay one with `pnpm chaos --seed=S --seeds=1`)', () => {
  // 3: the oracle down through a rollover window; 9: a price crash and a liquidation;
  // 14: desk kills at the lock's settle and acceptance, an agent restart, a repayment.
  it.each([3, 9, 14])('seed %i breaks no invariant', async (seed) => {
    const result = await runChaosSeed({ net, seed, dir })
    const report = [
      `plan: ${result.plan.actions.map(describeAction).join(' · ')}`,
      ...result.notes.map((n) => `note: ${n}`),
      ...result.breaks.map((b) => `(${b.invariant}) ${b.detail}\n    ${b.log.join('\n    ')}`),
    ].join('\n')
    expect(result.breaks, report).toEqual([])
    expect(result.loans).toBeGreaterThan(0)
  })
})
