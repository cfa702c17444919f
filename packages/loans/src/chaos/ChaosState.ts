import type { Network } from '@btcfi/regtest'
import type { LightningClient } from '@btcfi/sdk'
import type { Stream, StreamStore } from '@btcfi/stream'
import type { Agent } from '../agent/createAgent.js'
import type { ChaosAction } from './ChaosAction.js'
import type { InvariantBreak } from './checkChaosInvariants.js'
import type { ChaosDesk } from './startChaosDesk.js'
import type { ChaosEscrow } from './startChaosEscrow.js'

/** A loan of the plan as the runner follows it. */
export interface ChaosLoan {
  index: number
  open: Extract<ChaosAction, { kind: 'open' }>
  /** The desk's loan id, once the desk answered the open. */
  id: string | undefined
  /** The lowest expiry height of its held locks, as last seen. */
  heldExpiry: number | undefined
  /** Kept across agent restarts: the stream resumes where it was. */
  streamSecret: Uint8Array
  streamStore: StreamStore
  stream: Stream | undefined
  unwatch: (() => void) | undefined
}

/** Everything a chaos seed runs on. */
export interface ChaosState {
  net: Network
  clients: Record<'alice' | 'bob' | 'carol', LightningClient>
  desk: ChaosDesk
  /** The borrower's agent (v1 loans, and every call that is the same for both protocols). */
  agent: Agent
  /** v2: the escrow agent beside the desk (none in a v1 plan). */
  escrow: ChaosEscrow | undefined
  /** v2: the borrower's agent made with `escrow: {}`: it quotes, opens and watches the v2 loans. */
  agentV2: Agent | undefined
  loans: ChaosLoan[]
  /** Invariants found broken while the plan runs (a liquidation the escrow agent did not see). */
  breaks: InvariantBreak[]
  /** v2: liquidations the desk's price called for and the escrow agent refused, the loan left ACTIVE. */
  refused: number
  /** What happened that is worth telling (skipped steps, slow rollovers). */
  notes: string[]
  /** Kills scheduled to happen while later steps run. */
  pending: Promise<void>[]
  log: (line: string) => void
}
