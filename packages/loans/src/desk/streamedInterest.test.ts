import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bytesToUtf8, InvalidArgumentError, type Invoice } from '@btcfi/core'
import { createClient } from '@btcfi/sdk'
import {
  encodeStreamRecords,
  STREAM_RECORD,
  type StreamRecordFields,
  streamAuthorizationText,
  streamKey,
} from '@btcfi/stream'
import { backendOf } from '@btcfi/wire'
import { afterAll, describe, expect, it } from 'vitest'
import { LoanError } from '../errors/LoanError.js'
import { interestStreamId } from '../protocol/interestStream.js'
import type { LoanStore } from '../store/LoanStore.js'
import { memoryLoanStore } from '../store/memoryLoanStore.js'
import { sqliteLoanStore } from '../store/sqliteLoanStore.js'
import { sampleLoan } from '../testing/sampleLoan.js'
import { creditStreamedInterest, STREAMED_INTEREST_CURSOR } from './streamedInterest.js'

const dir = mkdtempSync(join(tmpdir(), 'streamed-interest-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const loan = sampleLoan({ state: 'ACTIVE', disbursedAtMs: 1_700_000_000_000 })
const DESK = loan.agreement.deskPubkey
const BORROWER = loan.agreement.borrowerPubkey
const MALLORY = `03${'ee'.repeat(32)}`
const STREAM = interestStreamId(loan.id)
const borrowerKey = streamKey(new Uint8Array(32).fill(1), STREAM)
const malloryKey = streamKey(new Uint8Array(32).fill(2), STREAM)

const hexOf = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex')
/** The stream's public key (x-only hex), as its records carry it. */
const publicKeyOf = (key: Uint8Array): string =>
  JSON.parse(bytesToUtf8(encodeStreamRecords(fields(1, 1n), key)[STREAM_RECORD]!)).pubkey
/** A stand-in for lnd's signmessage: names the signer; lnd recovers it (another key for another text). */
const nodeSignature = (signer: string, text: string) => `fake:${signer}:${hexOf(text)}`

/** The desk's node: keysends pushed in by the test, replayed from a settle index like lnd. */
function deskNode() {
  const settled: Invoice[] = []
  const wakers = new Set<() => void>()
  const backend = backendOf({
    async *subscribeInvoices(request, options) {
      let next = request.settleIndex === undefined ? settled.length : Number(request.settleIndex)
      while (!options?.signal?.aborted) {
        while (next < settled.length) yield settled[next++]!
        await new Promise<void>((resolve) => {
          wakers.add(resolve)
          options?.signal?.addEventListener('abort', () => resolve(), { once: true })
        })
      }
    },
    async verifyMessage({ message, signature }) {
      const [tag, signer, digest] = signature.split(':')
      if (tag !== 'fake' || !signer || !digest) throw new InvalidArgumentError('signature', 'lnd’s')
      return { valid: true, pubkey: digest === hexOf(message) ? signer : `03${digest}` }
    },
  })
  return {
    client: createClient({ backend, reconnect: { initialDelayMs: 1, maxDelayMs: 5 } }),
    keysend(records: Record<string, Uint8Array>, amountMsat = 1_000n) {
      const settleIndex = BigInt(settled.length + 1)
      settled.push({
        paymentHash: hexOf(`payment ${settleIndex}`),
        amountPaidMsat: amountMsat,
        state: 'SETTLED',
        isKeysend: true,
        settleIndex,
        addIndex: settleIndex,
        htlcs: [{ customRecords: records }],
      } as unknown as Invoice)
      for (const wake of [...wakers]) wake()
      wakers.clear()
    },
  }
}

const fields = (seq: number, totalMsat: bigint, loanId = loan.id): StreamRecordFields => ({
  stream_id: STREAM,
  seq,
  value_msat: '1000',
  value_msat_total: totalMsat.toString(),
  ts: 1_700_000_000 + seq,
  destination: DESK,
  metadata: { loan: loanId },
})
/** A record signed with `key`, vouched for by the node `signer`. */
const payment = (
  key: Uint8Array,
  signer: string,
  seq: number,
  totalMsat: bigint,
  override: Partial<StreamRecordFields> = {},
) => {
  const record = { ...fields(seq, totalMsat), ...override }
  const text = streamAuthorizationText({
    streamId: record.stream_id,
    pubkey: publicKeyOf(key),
    destination: record.destination,
  })
  return encodeStreamRecords(record, key, { authorization: nodeSignature(signer, text) })
}

async function startCrediting(node: ReturnType<typeof deskNode>, store: LoanStore) {
  const errors: string[] = []
  const stop = await creditStreamedInterest({
    client: node.client,
    store,
    deskPubkey: DESK,
    exclusive: (_id, fn) => fn(),
    save: async (record, events) =>
      (
        await store.saveLoan(
          record,
          events.map((e) => ({ ...e, loanId: record.id, atMs: 1 })),
        )
      ).loan,
    report: (error, context) => errors.push(`${context}: ${(error as Error).message}`),
  })
  return { stop, errors }
}

/** Lets the watcher subscribe and handle what is queued. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 40))

let n = 0
const stores: [string, () => Promise<{ open: () => Promise<LoanStore> }>][] = [
  [
    'memoryLoanStore',
    async () => {
      const store = memoryLoanStore()
      return { open: async () => store }
    },
  ],
  [
    'sqliteLoanStore',
    async () => {
      const path = join(dir, `desk-${++n}.db`)
      return { open: () => sqliteLoanStore({ path }) }
    },
  ],
]

describe.each(stores)('streamed interest on %s', (_name, make) => {
  it('binds a loan’s stream to the borrower’s node key, and keeps the binding and seq across a restart', async () => {
    const node = deskNode()
    const { open } = await make()
    const store = await open()
    await store.saveLoan(loan)
    await store.setCursor(STREAMED_INTEREST_CURSOR, 0n)
    const first = await startCrediting(node, store)
    await settle()

    // Mallory comes first, with his own stream key and his own node's word for it.
    node.keysend(payment(malloryKey, MALLORY, 1, 1_000n))
    // The borrower's stream, vouched for by the borrower's node.
    const seq1 = payment(borrowerKey, BORROWER, 1, 1_000n)
    node.keysend(seq1)
    await settle()
    await first.stop()
    expect(first.errors).toEqual([
      expect.stringContaining('the stream’s key is not authorized by its owner'),
    ])
    expect((await store.getLoan(loan.id))?.interest.paidMsat).toBe(1_000n)
    await store.close()

    // The restart: a new receiver on the same store (the same file).
    const reopened = await open()
    const second = await startCrediting(node, reopened)
    await settle()
    node.keysend(payment(malloryKey, MALLORY, 2, 2_000n))
    // Even another key the borrower's node vouched for: the stream is bound to the first one.
    node.keysend(payment(malloryKey, BORROWER, 2, 2_000n))
    node.keysend(seq1) // the borrower's seq 1 record, paid again
    node.keysend(payment(borrowerKey, BORROWER, 2, 2_000n))
    await settle()
    await second.stop()
    expect(second.errors).toEqual([
      expect.stringContaining('signed by another key than the stream’s'),
      expect.stringContaining('signed by another key than the stream’s'),
      expect.stringContaining('replayed seq 1'),
    ])
    const credited = await reopened.getLoan(loan.id)
    expect(credited?.interest.paidMsat).toBe(2_000n)
    expect(
      (await reopened.listEvents({ loanId: loan.id }))
        .filter((e) => e.type === 'interest.paid')
        .map((e) => e.data.seq),
    ).toEqual([1, 2])
    expect(await reopened.getStreamTally(STREAM)).toMatchObject({
      pubkey: publicKeyOf(borrowerKey),
      authorizedBy: BORROWER,
      lastSeq: 2,
    })
    expect(await reopened.getCursor(STREAMED_INTEREST_CURSOR)).toBe(6n)
    await reopened.close()
  })

  it('credits nothing addressed to another desk, naming another loan, or for an unknown loan', async () => {
    const node = deskNode()
    const { open } = await make()
    const store = await open()
    await store.saveLoan(loan)
    await store.setCursor(STREAMED_INTEREST_CURSOR, 0n)
    const desk = await startCrediting(node, store)
    await settle()
    node.keysend(payment(borrowerKey, BORROWER, 1, 1_000n, { destination: `03${'dd'.repeat(32)}` }))
    node.keysend(
      payment(borrowerKey, BORROWER, 1, 1_000n, {
        stream_id: interestStreamId('nope'),
        metadata: { loan: 'nope' },
      }),
    )
    node.keysend(payment(borrowerKey, BORROWER, 1, 1_000n))
    // The loan's stream, now naming another loan: not credited to either.
    node.keysend(payment(borrowerKey, BORROWER, 2, 2_000n, { metadata: { loan: 'loan-2' } }))
    await settle()
    await desk.stop()
    expect(desk.errors).toEqual([
      expect.stringContaining('addressed to another node'),
      expect.stringContaining('no owner for this stream'),
      expect.stringContaining(`Stream ${STREAM} cannot pay the interest of loan loan-2`),
    ])
    expect((await store.getLoan(loan.id))?.interest.paidMsat).toBe(1_000n)
    await store.close()
  })

  it('a credit the store refuses for a moment is tried again before any later payment: none is skipped', async () => {
    const node = deskNode()
    const { open } = await make()
    const inner = await open()
    await inner.saveLoan(loan)
    await inner.setCursor(STREAMED_INTEREST_CURSOR, 0n)
    let failures = 2
    const store: LoanStore = {
      ...inner,
      saveLoan: async (record, events) => {
        if (failures-- > 0) throw new LoanError('STORE_UNAVAILABLE', 'the database restarts')
        return inner.saveLoan(record, events)
      },
    }
    const desk = await startCrediting(node, store)
    await settle()
    node.keysend(payment(borrowerKey, BORROWER, 1, 1_000n))
    node.keysend(payment(borrowerKey, BORROWER, 2, 2_000n))
    await expect
      .poll(async () => (await inner.getLoan(loan.id))?.interest.paidMsat, { timeout: 5_000 })
      .toBe(2_000n)
    await desk.stop()
    expect(desk.errors).toEqual([])
    expect(
      (await inner.listEvents({ loanId: loan.id }))
        .filter((e) => e.type === 'interest.paid')
        .map((e) => e.data.seq),
    ).toEqual([1, 2])
    await inner.close()
  })
})
