import { randomUUID } from 'node:crypto'
import type { LightningClient } from '@btcfi/sdk'
import { type StreamPayment, watchStreams } from '@btcfi/stream'
import { listeners } from '../http/listeners.js'
import type { MeterSession } from './MeterSession.js'

export interface MeterParameters {
  /** The merchant's node: it receives the streams and signs the receipts. */
  client: LightningClient
  /** Default 1 000 msat per second (60 sat a minute). */
  msatPerSecond?: bigint
  /** Seconds of service the stream may be behind. Default 4. */
  allowanceSeconds?: bigint
  service?: string
}

export type Meter = ReturnType<typeof createMeter>

/**
 * A metered service paid by payment streams: the merchant offers a session
 * (rate and destination), the customer's wallet streams to it with the
 * session id in its records, and the service runs while payments keep up.
 * Each payment gets a receipt signed by the merchant's node.
 */
export function createMeter({
  client,
  msatPerSecond = 1_000n,
  allowanceSeconds = 4n,
  service = 'Co-working desk',
}: MeterParameters) {
  const sessions = new Map<string, MeterSession>()
  const updates = listeners<MeterSession>()
  let destination: Promise<string> | undefined

  const receiver = watchStreams(client, {
    onPayment: (payment) => credit(payment).catch(() => {}),
  })

  async function credit(payment: StreamPayment) {
    const id = payment.metadata?.session
    const session = typeof id === 'string' ? sessions.get(id) : undefined
    if (!session) return
    if (session.streamId === undefined) {
      if (session.status === 'STOPPED') return
      session.streamId = payment.streamId
      // The first payment covers the seconds that accrued it.
      session.startedAtMs = Date.now() - Number((payment.valueMsat * 1000n) / session.msatPerSecond)
      session.status = 'RUNNING'
    }
    if (session.streamId !== payment.streamId) return
    // A payment that arrives after the service stopped is still credited and receipted.
    const signed = await receiver.receipt(payment.streamId)
    session.receipts = [
      { seq: payment.seq, totalMsat: payment.totalMsat, atMs: Date.now(), ...signed },
      ...session.receipts,
    ].slice(0, 50)
    refresh(session)
  }

  function refresh(session: MeterSession) {
    if (session.streamId) {
      const tally = receiver.streams.get(session.streamId)
      session.receivedMsat = tally?.receivedMsat ?? 0n
      session.payments = tally?.payments ?? 0
      session.missingSeqs = tally?.missingSeqs ?? []
    }
    if (session.status === 'RUNNING' && session.startedAtMs !== undefined && session.streamId) {
      const elapsedMs = BigInt(Date.now() - session.startedAtMs)
      session.expectedMsat = (session.msatPerSecond * elapsedMs) / 1000n
      session.arrearsMsat = receiver.arrears(session.streamId, session.expectedMsat)
      if (session.arrearsMsat > session.allowanceMsat) {
        session.status = 'STOPPED'
        session.stoppedAtMs = Date.now()
      }
    }
    updates.emit(session.id, session)
  }

  const timer = setInterval(() => {
    for (const session of sessions.values()) if (session.status === 'RUNNING') refresh(session)
  }, 500)

  return {
    /** Opens a session: the customer's wallet streams to `destination` with `{ session: id }` in its metadata. */
    async offer(): Promise<MeterSession> {
      destination ??= client.getInfo().then((info) => info.pubkey)
      const session: MeterSession = {
        id: randomUUID(),
        service,
        msatPerSecond,
        destination: await destination,
        allowanceMsat: msatPerSecond * allowanceSeconds,
        status: 'WAITING',
        streamId: undefined,
        startedAtMs: undefined,
        stoppedAtMs: undefined,
        expectedMsat: 0n,
        receivedMsat: 0n,
        arrearsMsat: 0n,
        payments: 0,
        missingSeqs: [],
        receipts: [],
      }
      sessions.set(session.id, session)
      return session
    },
    get: (id: string) => sessions.get(id),
    list: () => [...sessions.values()],
    subscribe: (id: string, listener: (session: MeterSession) => void) => updates.on(id, listener),
    close() {
      clearInterval(timer)
      receiver.unwatch()
    },
  }
}
