import type { Hex } from '@btcfi/core'

/** What the receiver knows of one stream. */
export interface StreamTally {
  streamId: string
  /** The stream's key (x-only, hex), pinned at its first credited payment. */
  pubkey: string
  /** The node key that vouched for `pubkey`, when the receiver asked for one (see `owner`). */
  authorizedBy?: Hex | undefined
  lastSeq: number
  /** The total the sender says it has sent (signed). */
  totalMsat: bigint
  /** What actually arrived with valid records. */
  receivedMsat: bigint
  /** Sequence numbers that never arrived. */
  missingSeqs: number[]
  /** Stream payments with a valid record. */
  payments: number
}

/**
 * Where a receiver keeps its streams' tallies (each stream's key and last
 * seq), so that a restart neither forgets which key a stream is bound to nor
 * credits a replayed record again. The loan desk's `LoanStore` is one.
 */
export interface StreamTallyStore {
  getStreamTally(streamId: string): Promise<StreamTally | undefined>
  /**
   * Writes `tally` if the stored one is still the one it follows: none when
   * `previousSeq` is undefined (the first payment pins the stream's key), else
   * the one with `previousSeq` as its last seq and `tally.pubkey` as its key.
   * False (and nothing written) otherwise.
   */
  saveStreamTally(tally: StreamTally, previousSeq: number | undefined): Promise<boolean>
}

/** Tallies in memory: for tests, or a receiver that need not survive a restart. */
export function memoryStreamTallyStore(): StreamTallyStore {
  const tallies = new Map<string, StreamTally>()
  const copy = (tally: StreamTally): StreamTally => ({
    ...tally,
    missingSeqs: [...tally.missingSeqs],
  })
  return {
    async getStreamTally(streamId) {
      const tally = tallies.get(streamId)
      return tally === undefined ? undefined : copy(tally)
    },
    async saveStreamTally(tally, previousSeq) {
      const stored = tallies.get(tally.streamId)
      const follows =
        previousSeq === undefined
          ? stored === undefined
          : stored !== undefined && stored.lastSeq === previousSeq && stored.pubkey === tally.pubkey
      if (follows) tallies.set(tally.streamId, copy(tally))
      return follows
    },
  }
}
