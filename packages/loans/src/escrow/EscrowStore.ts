import type { Hex } from '@btcfi/core'
import type { EscrowHold } from './decideRelease.js'

/** A lock's preimage as an escrow agent keeps it, with what it knows of the loan. */
export interface EscrowRecord {
  hold: EscrowHold
  /** The lock's preimage: a secret, never logged, given only on a release. */
  preimage: Hex
  heldAtMs: number
  /** When the agent gave the preimage to the desk, and on what ground. */
  released?: { atMs: number; ground: string }
}

/**
 * Where an escrow agent keeps the preimages it holds, durably: a preimage it
 * loses can no longer be released, and the lender can then seize nothing.
 * Keyed by the lock's payment hash.
 */
export interface EscrowStore {
  get(paymentHash: Hex): Promise<EscrowRecord | undefined>
  /** Writes the record (a new one, or the same lock's again). */
  put(record: EscrowRecord): Promise<void>
  /** The records of a loan, oldest first. */
  ofLoan(loanId: string): Promise<EscrowRecord[]>
}

/** An `EscrowStore` on a database (`sqliteEscrowStore`, `postgresEscrowStore`), closed when done. */
export interface DurableEscrowStore extends EscrowStore {
  /** Lets go of the database (a pool handed in stays open). */
  close(): Promise<void>
}

/** An `EscrowStore` in memory, for tests. */
export function memoryEscrowStore(): EscrowStore {
  const records = new Map<string, EscrowRecord>()
  const copy = (record: EscrowRecord): EscrowRecord => structuredClone(record)
  return {
    async get(paymentHash) {
      const record = records.get(paymentHash.toLowerCase())
      return record && copy(record)
    },
    async put(record) {
      records.set(record.hold.paymentHash.toLowerCase(), copy(record))
    },
    async ofLoan(loanId) {
      return [...records.values()]
        .filter((r) => r.hold.loanId === loanId)
        .sort((a, b) => a.heldAtMs - b.heldAtMs)
        .map(copy)
    },
  }
}
