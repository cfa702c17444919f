import { useState } from 'react'
import { api } from '../lib/api.js'
import { sat, short, time } from '../lib/format.js'
import type { MeterSession } from '../lib/types.js'
import { useEventSource } from '../lib/useEventSource.js'

/**
 * A desk rented by the minute: the customer's wallet streams to the merchant,
 * the merchant signs a receipt for every payment, and the service runs while
 * the stream keeps up (stop the stream: the service stops).
 */
export function MeterPage() {
  const [sessionId, setSessionId] = useState<string>()
  const [streamId, setStreamId] = useState<string>()
  const [error, setError] = useState<string>()
  const session = useEventSource<MeterSession>(
    sessionId ? `/meter/sessions/${sessionId}/events` : undefined,
    'session',
  )

  const start = async () => {
    setError(undefined)
    try {
      const offered = await api<MeterSession>('/meter/sessions', {})
      setSessionId(offered.id)
      // The customer's wallet streams to the merchant's node with the session in its records.
      const stream = await api<{ id: string }>('/wallet/streams', {
        destination: offered.destination,
        msatPerSecond: offered.msatPerSecond,
        session: offered.id,
      })
      setStreamId(stream.id)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const stop = async () => {
    if (!streamId) return
    await api(`/wallet/streams/${streamId}/stop`, {}).catch((e: Error) => setError(e.message))
    setStreamId(undefined)
  }
  const minutes = (msat: string) => Number(BigInt(msat) / 1000n)
  return (
    <section>
      <h2>Pay per minute</h2>
      <p className="muted">
        A co-working desk at 60 sat a minute, paid second by second with a payment stream from the
        customer's wallet.
      </p>
      {!sessionId && (
        <button type="button" className="primary" data-testid="meter-start" onClick={start}>
          Start the desk and stream from my wallet
        </button>
      )}
      {error && <p className="error">{error}</p>}
      {session && (
        <div className="card">
          <div className={`service ${session.status}`} data-testid="meter-status">
            {session.status === 'RUNNING'
              ? '🟢 Desk unlocked'
              : session.status === 'WAITING'
                ? '⏳ Waiting for the stream'
                : '🔴 Desk locked: the stream stopped'}
          </div>
          <dl className="stats">
            <dt>Rate</dt>
            <dd>{sat(BigInt(session.msatPerSecond) * 60n)} / minute</dd>
            <dt>Received</dt>
            <dd data-testid="meter-received" data-msat={session.receivedMsat}>
              {sat(session.receivedMsat)} in {session.payments} payments
            </dd>
            <dt>Due by the clock</dt>
            <dd>{sat(session.expectedMsat)}</dd>
            <dt>Arrears</dt>
            <dd
              data-testid="meter-arrears"
              className={BigInt(session.arrearsMsat) > 0n ? 'warn' : ''}
            >
              {sat(session.arrearsMsat)}{' '}
              <span className="muted">(the desk locks past {sat(session.allowanceMsat)})</span>
            </dd>
            <dt>Time used</dt>
            <dd>
              {minutes(session.expectedMsat) > 0
                ? `${Math.floor(minutes(session.expectedMsat) / 60)} min ${minutes(session.expectedMsat) % 60} s`
                : '–'}
            </dd>
          </dl>
          {streamId && (
            <button type="button" className="danger" data-testid="meter-stop" onClick={stop}>
              Stop the stream
            </button>
          )}
          <h3>Signed receipts</h3>
          <table className="receipts" data-testid="meter-receipts">
            <thead>
              <tr>
                <th>#</th>
                <th>Total</th>
                <th>At</th>
                <th>Merchant's signature</th>
              </tr>
            </thead>
            <tbody>
              {session.receipts.slice(0, 8).map((r) => (
                <tr key={r.seq}>
                  <td>{r.seq}</td>
                  <td>{sat(r.totalMsat)}</td>
                  <td>{time(r.atMs)}</td>
                  <td>
                    <code title={r.receipt}>{short(r.signature, 12)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
