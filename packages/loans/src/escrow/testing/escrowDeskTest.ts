import type { LightningClient } from '@btcfi/sdk'
import { expect } from 'vitest'
import { lenderSecretOf } from '../../desk/deskEscrow.js'
import type { LoanView } from '../../desk/loanView.js'
import { ownedMsat } from '../../testing/clients.js'
import type { DeskFixture } from '../../testing/deskFixture.js'
import { escrowClient } from '../escrowClient.js'
import type { SpawnedEscrowAgent } from './spawnEscrowAgent.js'

/** What the v2 regtest tests share: bob lends through `f`, alice borrows, `escrow` holds the preimages. */
export function escrowDeskTest(
  net: { mine(blocks: number): Promise<unknown> },
  nodes: { alice: LightningClient; bob: LightningClient },
  fixture: () => DeskFixture,
  escrow: () => SpawnedEscrowAgent,
) {
  const { alice, bob } = nodes
  return {
    /** The locks the desk holds now. */
    held: (loan: LoanView) => loan.locks.filter((l) => l.state === 'ACCEPTED'),
    balances: async () => ({ alice: await ownedMsat(alice), bob: await ownedMsat(bob) }),
    /** The lender's own line to the agent, with the key the desk derives: what a hostile desk could ask. */
    lender: () =>
      escrowClient({ url: escrow().url, lenderSecret: lenderSecretOf(fixture().secret) }),
    async mineTo(height: number) {
      const now = (await bob.getInfo()).blockHeight
      if (height > now) await net.mine(height - now)
    },
    /** The desk's price and the agent's own, moved together. */
    setPrices(centsPerBtc: bigint) {
      fixture().oracle.set(centsPerBtc)
      escrow().setPrice(centsPerBtc)
    },
    /** A $200 loan liquidated: alice keeps the principal less what she paid and the desk kept; bob the reverse, to the msat. */
    expectLiquidated(
      before: { alice: bigint; bob: bigint },
      after: { alice: bigint; bob: bigint },
      loan: LoanView,
      paidMsat = 0n,
    ) {
      const keepMsat = loan.liquidation!.keepSat * 1_000n
      expect(after.alice - before.alice).toBe(200_000_000n - paidMsat - keepMsat)
      expect(after.bob - before.bob).toBe(-200_000_000n + paidMsat + keepMsat)
    },
  }
}
