import type { LoanBookResult } from '../loanBook/LoanBookResult.js'
import type { MachineInfo } from '../machine/machineInfo.js'
import type { HoldLifecycle } from '../measure/holdLifecycle.js'
import type { SideBySideResults } from '../measure/sideBySide.js'
import type { StreamsAtScaleResult } from '../scale/streamsAtScale.js'

/** Everything one run measured: written as JSON, rendered as the report. */
export interface BenchResults {
  startedAt: string
  command: string
  settings: Record<string, number | string>
  machine: MachineInfo
  /** `uptime` at the start and at the end of the measurements. */
  loadBefore: number[]
  loadAfter: number[]
  /** `uptime` as each part ended (older runs: absent). */
  loadAfterPart?: { sideBySide: number[]; streams?: number[] | undefined } | undefined
  sideBySide: SideBySideResults
  streams: StreamsAtScaleResult | undefined
  /** The loan book on each store (older runs: absent). */
  loanBook?: LoanBookResult[] | undefined
  heapBytesPerIdleStream: number | undefined
  startup: {
    binariesMs: number
    coldMs: number[]
    warmMs: number[]
    /** With the LNC path: its binaries check, and each LNC backend's pairing + first getInfo. */
    lnc?: { binariesMs: number; pairMs: number[] } | undefined
  }
}

export type { HoldLifecycle }
