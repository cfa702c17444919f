import type { Network } from '@btcfi/regtest'
import type { LightningClient } from '@btcfi/sdk'
import type { Stream, StreamStore } from '@btcfi/stream'
import type { Agent } from '../agent/createAgent.js'
import type { ChaosAction } from './ChaosAction.js'
import type { ChaosDesk } from './startChaosDesk.js'

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
  agent: Agent
  loans: ChaosLoan[]
  /** What happened that is worth telling (skipped steps, slow rollovers). */
  notes: string[]
  /** Kills scheduled to happen while later steps run. */
  pending: Promise<void>[]
  log: (line: string) => void
}
