/** A payment sent or being sent; written before the send, so that a crash finds it. */
export interface InFlightPayment {
  seq: number
  amountMsat: string
  totalMsat: string
  /** The keysend preimage: re-sending with it is the same payment (idempotent). */
  preimage: string
  ts: number
}

/** Everything a stream needs to resume after a crash. Amounts as decimal strings. */
export interface StreamState {
  id: string
  destination: string
  status: 'running' | 'paused' | 'stopped'
  /** Active (not paused) time so far, in ms. */
  activeMs: string
  sentMsat: string
  /** Sequence number of the last payment that succeeded. */
  seq: number
  inFlight: InFlightPayment | undefined
  updatedAt: number
}

/** Where streams keep their state. `save` must be atomic. */
export interface StreamStore {
  load(id: string): Promise<StreamState | undefined>
  save(state: StreamState): Promise<void>
}

/** Keeps state in memory: for tests, or streams that need not survive a restart. */
export function memoryStreamStore(): StreamStore {
  const states = new Map<string, string>()
  return {
    load: async (id) => {
      const text = states.get(id)
      return text === undefined ? undefined : (JSON.parse(text) as StreamState)
    },
    save: async (state) => {
      states.set(state.id, JSON.stringify(state))
    },
  }
}
