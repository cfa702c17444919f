import type { LoanEventType } from '../loan/LoanRecord.js'

/** Who the principal pays: the borrower's own node, or a merchant ("pay later"). */
export type ChaosPayee = 'alice' | 'carol'

/** How the borrower pays interest: a payment stream, invoices, or not at all (a default). */
export type ChaosInterestMode = 'stream' | 'invoice' | 'none'

/** One step of a chaos plan. Loans are named by their index in the plan (0, 1, 2). */
export type ChaosAction =
  | {
      kind: 'open'
      loan: number
      /** US cents. */
      principal: bigint
      payee: ChaosPayee
      interest: ChaosInterestMode
      /** `ignore`: the borrower does not answer rollovers (a default at the lock deadline is its own). */
      rollover: 'answer' | 'ignore'
      /** Protocol v2: the lock's preimage is the borrower's, held by the escrow agent (`--v2` plans only). */
      v2?: boolean
    }
  /** The loan clock (desk and borrower) moves on; invoice payers pay what fell due. */
  | { kind: 'advance'; hours: number }
  /** The oracle's price, US cents per BTC (v2: the escrow agent's too, unless set apart). */
  | { kind: 'price'; centsPerBtc: bigint }
  /** A second lock of `percent` % of the loan's collateral. */
  | { kind: 'topUp'; loan: number; percent: number }
  /**
   * Mines to the loan's rollover point (+ `extraBlocks`) and lets the rollover
   * happen; `through`: while the desk side is down, mines on, a block at a
   * time, to the lock's safe deadline.
   */
  | { kind: 'rollover'; loan: number; extraBlocks: number; through: boolean }
  /** Mines blocks (stopping at each loan's rollover point on the way). */
  | { kind: 'mine'; blocks: number }
  | { kind: 'repay'; loan: number }
  /** SIGKILL of the desk process `delayMs` after the next step starts; started again `downMs` later. */
  | { kind: 'killDesk'; delayMs: number; downMs: number }
  /** The desk kills itself at the write of an event (the next time it happens); started again `downMs` later. */
  | { kind: 'killDeskAt'; when: 'before' | 'after'; event: LoanEventType; downMs: number }
  /** The borrower's agent restarts: a new agent, loans watched again, streams resumed from their store. */
  | { kind: 'restartAgent' }
  /** An lnd node restarts (`crash`: SIGKILL, else SIGTERM) and comes back. */
  | { kind: 'restartNode'; node: 'alice' | 'bob'; crash: boolean }
  /** The oracle stops answering, or answers again. */
  | { kind: 'oracle'; up: boolean }
  /** v2: SIGKILL of the escrow agent process `delayMs` after the next step starts; started again `downMs` later. */
  | { kind: 'killEscrow'; delayMs: number; downMs: number }
  /**
   * v2: the escrow agent's own price, apart from the desk's oracle (`none`:
   * its sources fail), until it `follow`s the desk's price again. The `price`
   * steps move the desk's oracle, and the agent's price with it while it follows.
   */
  | { kind: 'escrowPrice'; price: bigint | 'none' | 'follow' }
  /** v2: the escrow agent's clock jumps `hours` ahead of the desk's (dispute windows pass). */
  | { kind: 'escrowClock'; hours: number }

/** A seed's plan: every step with its parameters, drawn up front. */
export interface ChaosPlan {
  seed: number
  /** A `--v2` plan: an escrow agent beside the desk, v2 loans mixed with v1 ones, and the agent's faults. */
  v2: boolean
  loans: number
  actions: ChaosAction[]
}
