import { createClient } from '@btcfi/sdk'
import { createLimiter, createStream } from '@btcfi/stream'
import { heapAfterGc } from '../measure/collectGarbage.js'
import { offlineBackend } from './offlineBackend.js'

/**
 * Heap per idle stream, in bytes: `count` streams created, started and
 * paused (accrual state, signing key, timers, an in-memory store entry), on
 * one client and one limiter, measured after a full GC.
 */
export async function idleStreamHeap(count: number): Promise<number> {
  const client = createClient({ backend: offlineBackend(1_000), network: 'regtest' })
  const limiter = createLimiter()
  const secret = crypto.getRandomValues(new Uint8Array(32))
  const destination = `02${'cc'.repeat(32)}`
  const before = heapAfterGc()
  const streams = Array.from({ length: count }, () =>
    createStream(client, { destination, accrual: { msatPerSecond: 1_000n }, secret, limiter }),
  )
  for (const stream of streams) {
    await stream.start()
    await stream.pause()
  }
  const perStream = (heapAfterGc() - before) / count
  await Promise.all(streams.map((s) => s.stop()))
  return perStream
}
