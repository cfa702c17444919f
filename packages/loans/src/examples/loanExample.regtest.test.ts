import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  assertNothingLeft,
  getTestNetwork,
  type Leftover,
  releaseHeld,
} from '@btcfi/regtest/vitest'
import { expect, it } from 'vitest'
import { clientsOf, ensureOwned, ownedMsat } from '../testing/clients.js'
import { loanExample } from './loanExample.js'

const net = await getTestNetwork()
const { alice, bob } = clientsOf(net)

it('the example in docs/loans.md runs as written', async () => {
  const doc = readFileSync(new URL('../../../../docs/loans.md', import.meta.url), 'utf8')
  const source = readFileSync(new URL('loanExample.ts', import.meta.url), 'utf8')
  expect(doc).toContain(source)
  const dir = mkdtempSync(join(tmpdir(), 'loan-example-'))
  const before = await ownedMsat(alice)
  let held: Leftover[] = []
  try {
    if (before < 1_500_000_000n) await ensureOwned(alice, bob, 1_500_000_000n)
    const start = await ownedMsat(alice)
    const { active, repaid, collateral } = await loanExample({
      lender: bob,
      borrower: alice,
      storePath: join(dir, 'desk.db'),
    })
    expect(active.collateralSat).toBe(1_000_000n)
    expect(active.disbursement).toMatchObject({ status: 'SUCCEEDED', amountMsat: 500_000_000n })
    expect(repaid.state).toBe('REPAID')
    expect(collateral).toBe('released')
    // Real time passed between the principal and the repayment: a little interest, nothing else.
    const interest = start - (await ownedMsat(alice))
    expect(interest).toBeGreaterThanOrEqual(0n)
    expect(interest).toBeLessThan(100_000n)
  } finally {
    // A failure mid-loan leaves the lock held: release it before restoring.
    held = await releaseHeld()
    await ensureOwned(alice, bob, before)
    rmSync(dir, { recursive: true, force: true })
  }
  assertNothingLeft(held)
})
