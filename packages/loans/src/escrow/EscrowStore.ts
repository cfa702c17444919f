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
  /**
   * Writes a new lock only if the store holds none for its hash, atomically:
   * false (nothing written) when one is there. Of two deposits of one hash
   * racing, one is kept, and the agent attests only what it kept.
   */
  insert(record: EscrowRecord): Promise<boolean>
  /** Writes the record of a lock the store holds (its hold, dispute or release changed). */
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
    async insert(record) {
      const key = record.hold.paymentHash.toLowerCase()
      if (records.has(key)) return false
      records.set(key, copy(record))
      return true
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
