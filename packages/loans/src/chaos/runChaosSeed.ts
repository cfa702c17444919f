import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { clearLeftovers, markNetwork, type Network } from '@btcfi/regtest'
import { getInvoice } from '@btcfi/sdk'
import { clientsOf, ownedMsat } from '../testing/clients.js'
import type { ChaosPlan } from './ChaosAction.js'
import type { ChaosState } from './ChaosState.js'
import { chaosPlan } from './chaosPlan.js'
import { CHAOS_BASE_PRICE, CHAOS_DISPUTE_WINDOW_MS, CHAOS_ESCROW_RETRY_MS } from './chaosTerms.js'
import {
  checkChaosInvariants,
  eventLine,
  type InvariantBreak,
  lastPaymentIndex,
  type NodeName,
} from './checkChaosInvariants.js'
import { checkEscrowInvariants, type EscrowSummary } from './checkEscrowInvariants.js'
import { describeAction, isFault } from './describeAction.js'
import { restoreOwned } from './restoreOwned.js'
import { chaosAgent, runChaosAction, stopStream } from './runChaosAction.js'
import { settleChaosSeed } from './settleChaosSeed.js'
import { type DeskBook, startChaosDesk } from './startChaosDesk.js'
import { type ChaosEscrow, startChaosEscrow } from './startChaosEscrow.js'

export interface ChaosSeedResult {
  seed: number
  plan: ChaosPlan
  /** Loans the desk's book holds at the end (lost answers included). */
  loans: number
  faults: number
  breaks: InvariantBreak[]
  /** Steps skipped, slow rollovers, desk processes that died on their own. */
  notes: string[]
  seconds: number
  /** Each loan's final state and its event log, one line each (for `--verbose`). */
  story: string[]
  /** The 1-minute load average of the machine when the seed ended. */
  load: number
  /** v2: what the seed's v2 loans came to (a `v2` seed only). */
  escrow?: EscrowSummary & {
    /** Liquidations the desk's price called for and the escrow agent refused (the loan left ACTIVE). */
    refused: number
  }
}

export interface RunChaosSeedParameters {
  net: Network
  seed: number
  /** A folder for the seed's desk files (a subfolder is made and removed). */
  dir: string
  /** Progress lines (each step as it starts). */
  log?: (line: string) => void
  /** The seed's v2 plan (`chaosPlan(seed, { v2: true })`): an escrow agent beside the desk. */
  v2?: boolean
}

const NODES: readonly NodeName[] = ['alice', 'bob', 'carol']

/**
 * Runs one seed's plan on the network: a desk process on bob (SQLite, killed
 * and started again as the plan says), alice's agent, carol as a merchant;
 * with `v2`, an escrow agent process too (reading the chain from carol's
 * node), accepted by the desk, and alice borrowing under v2 with it;
 * then settles every loan, checks the invariants of docs/loans.md on the
 * desk's book, bob's payments and the three nodes' balances, and puts alice's
 * and carol's balances back as they were.
 *
 * @example
 * const result = await runChaosSeed({ net, seed: 7, dir: tmpdir() })
 * if (result.breaks.length > 0) console.log(result.breaks)
 */
export async function runChaosSeed(parameters: RunChaosSeedParameters): Promise<ChaosSeedResult> {
  const { net, seed } = parameters
  const log = parameters.log ?? (() => {})
  const started = Date.now()
  const plan = chaosPlan(seed, { v2: parameters.v2 ?? false })
  const clients = clientsOf(net)
  const nodes = { alice: net.node('alice'), bob: net.node('bob'), carol: net.node('carol') }
  const balances = async (timeoutMs?: number) => {
    const out = {} as Record<NodeName, bigint>
    for (const name of NODES) out[name] = await ownedMsat(clients[name], timeoutMs)
    return out
  }
  const before = await balances()
  const mark = await markNetwork(net)
  const paymentIndex = await lastPaymentIndex(nodes.bob)
  const dir = mkdtempSync(join(parameters.dir, `chaos-${seed}-`))
  const escrow: ChaosEscrow | undefined = plan.v2
    ? await startChaosEscrow(nodes.carol, dir, CHAOS_BASE_PRICE)
    : undefined
  const desk = await startChaosDesk(nodes.bob, dir, CHAOS_BASE_PRICE, {
    ...(escrow && {
      escrow: {
        agents: [{ pubkey: escrow.pubkey, url: escrow.url }],
        disputeWindowMs: CHAOS_DISPUTE_WINDOW_MS,
        retryMs: CHAOS_ESCROW_RETRY_MS,
      },
    }),
  }).catch(async (error: unknown) => {
    await escrow?.close()
    throw error
  })
  const state: ChaosState = {
    net,
    clients,
    desk,
    agent: chaosAgent({ clients, desk }),
    escrow,
    agentV2: escrow && chaosAgent({ clients, desk }, true),
    loans: [],
    breaks: [],
    refused: 0,
    notes: [],
    pending: [],
    log,
  }
  const breaks: InvariantBreak[] = []
  let book: DeskBook = { loans: [], events: [] }
  try {
    for (const action of plan.actions) {
      log(`  ${((Date.now() - started) / 1_000).toFixed(1)}s ${describeAction(action)}`)
      await runChaosAction(state, action)
    }
    log(`  ${((Date.now() - started) / 1_000).toFixed(1)}s settle`)
    book = await settleChaosSeed(state)
  } catch (error) {
    breaks.push({
      invariant: 'run',
      detail: `the seed stopped: ${(error as Error).stack ?? String(error)}`,
      log: [],
    })
    book = await desk.book().catch(() => book)
  } finally {
    for (const loan of state.loans) {
      loan?.unwatch?.()
      if (loan) await stopStream(loan)
    }
    // Kills still to come (a seed stopped early) happen before anything is closed.
    await Promise.allSettled(state.pending)
    await desk.close()
  }
  for (const crash of desk.crashes) state.notes.push(`desk process ${crash} on its own`)
  breaks.push(...state.breaks)
  // (f, g): v2's own, on the escrow agent's status of every lock; then the agent stops.
  let summary: EscrowSummary | undefined
  if (escrow) {
    try {
      const checked = await checkEscrowInvariants({
        book,
        loans: state.loans,
        escrow,
        invoiceState: (paymentHash) =>
          getInvoice(clients.bob, { paymentHash }).then(
            (invoice) => invoice.state,
            () => undefined,
          ),
      })
      breaks.push(...checked.breaks)
      summary = checked.summary
    } catch (error) {
      breaks.push({
        invariant: 'run',
        detail: `the escrow agent's side could not be checked: ${(error as Error).stack ?? String(error)}`,
        log: [],
      })
    } finally {
      await escrow.close()
    }
  }

  // (c): anything still held is named, then released so that the next seed starts clean.
  const leftovers = (await clearLeftovers(net, mark, { settleTimeoutMs: 15_000 })).map(
    (l) => `${l.node}: ${l.detail}`,
  )
  const after = await balances(30_000)
  breaks.push(
    ...(await checkChaosInvariants({
      book,
      loans: state.loans,
      nodes,
      clients,
      paymentIndex,
      before,
      after,
      leftovers,
    })),
  )
  // Every seed starts from the same balances.
  for (const name of ['alice', 'carol'] as const) {
    await restoreOwned(clients[name], clients.bob, before[name]).catch((error: unknown) => {
      throw new Error(
        `could not put ${name}'s balance back to ${before[name]} msat (${after[name]} after the seed): ${(error as Error).message}`,
      )
    })
  }
  rmSync(dir, { recursive: true, force: true })
  return {
    seed,
    plan,
    loans: book.loans.length,
    faults: plan.actions.filter(isFault).length,
    breaks,
    notes: state.notes,
    seconds: (Date.now() - started) / 1_000,
    story: book.loans.flatMap((loan) => [
      `loan ${loan.id} ${loan.state}`,
      ...book.events.filter((e) => e.loanId === loan.id).map((e) => `    ${eventLine(e)}`),
    ]),
    load: loadavg()[0] ?? 0,
    ...(summary && { escrow: { ...summary, refused: state.refused } }),
  }
}
