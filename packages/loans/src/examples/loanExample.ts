import { randomBytes } from 'node:crypto'
import {
  createAgent,
  defaultTerms,
  type LoanView,
  scriptedOracle,
  sqliteLoanStore,
  startDesk,
} from '@btcfi/loans/node'
import type { Client } from '@btcfi/sdk'

/**
 * A whole loan between two nodes with a direct channel: the lender's desk on
 * one, the borrower's agent on the other. $500 at $100,000 per BTC, 50% LTV:
 * 1,000,000 sat of collateral held as a hold invoice while the loan lives.
 */
export async function loanExample({
  lender,
  borrower,
  storePath,
}: {
  lender: Client
  borrower: Client
  storePath: string
}): Promise<{ active: LoanView; repaid: LoanView; collateral: string }> {
  // The lender: a desk with its own SQLite file and a secret it keeps (preimages derive from it).
  // In production the oracle is httpOracle({ sources: [coinbaseSource(), krakenSource(), bitstampSource()] }).
  const store = await sqliteLoanStore({ path: storePath })
  const desk = await startDesk({
    client: lender,
    store,
    oracle: scriptedOracle({ centsPerBtc: 10_000_000n }),
    secret: new Uint8Array(randomBytes(32)),
    terms: defaultTerms,
  })

  try {
    // The borrower: an agent that signs every request with its node key.
    const agent = createAgent({ client: borrower, deskUrl: desk.url, onWarning: console.warn })
    const quote = await agent.quote({ principal: 50_000n }) // $500.00
    // Signs the agreement, checks the desk's signature, pays the collateral lock (held, pending).
    const { loan, lock } = await agent.open({ quote })
    // The desk saw the lock ACCEPTED with enough blocks left, then paid the principal.
    const active = await agent.waitForState(loan.id, ['ACTIVE'])

    // The interest, as a payment stream to the desk's node (the desk credits it to the loan).
    // Keep the stream secret to resume the same stream after a restart.
    const interest = await agent.streamInterest(loan.id, {
      secret: new Uint8Array(randomBytes(32)),
      sendIntervalMs: 60_000,
    })
    await interest.stop() // pays what has accrued (at least 1 sat), then stops
    await agent.repay(loan.id) // principal at the current price + interest not paid yet
    const outcome = await lock.outcome // the desk canceled the lock: the collateral is back
    const repaid = await agent.waitForState(loan.id, ['REPAID'])
    return { active, repaid, collateral: outcome.status }
  } finally {
    await desk.close()
    await store.close()
  }
}
