import { decodeInvoice, randomPreimage } from '@btcfi/core'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import type { LightningClient } from '@btcfi/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agreementOf } from '../loan/agreementOf.js'
import {
  agreementSigningText,
  requestSigningText,
  SIGNATURE_HEADERS,
} from '../protocol/signedRequest.js'
import { toStoreJson } from '../store/storeJson.js'
import { clientsOf } from '../testing/clients.js'
import { type DeskFixture, deskFixture } from '../testing/deskFixture.js'
import { sampleLoan } from '../testing/sampleLoan.js'

const net = await getTestNetwork()
const { alice, bob, carol } = clientsOf(net)
const alicePubkey = net.node('alice').pubkey
const deskPubkey = net.node('bob').pubkey
const ACTIVE_ID = '22'.repeat(16)
const REPAID_ID = '11'.repeat(16)

let f: DeskFixture
beforeAll(async () => {
  // Quotes get a fresh price each (no cache), so an oracle failure shows at once.
  f = await deskFixture(bob, alice, { deskOptions: { limits: { quotePriceCacheMs: 0 } } })
  // Loans written straight into the store: no lnd state behind them, and none is needed to refuse bad input.
  for (const [id, state] of [
    [ACTIVE_ID, 'ACTIVE'],
    [REPAID_ID, 'REPAID'],
  ] as const) {
    const loan = sampleLoan({ id, state })
    loan.agreement.borrowerPubkey = alicePubkey
    await f.store.saveLoan(loan)
  }
})
afterAll(async () => {
  await f?.close()
})

interface Send {
  method?: 'GET' | 'POST' | 'DELETE'
  path: string
  body?: unknown
  /** Raw body text instead of JSON of `body`. */
  text?: string
  signer?: LightningClient | null
  /** Changes the headers or body after signing. */
  tamper?: (headers: Record<string, string>) => { headers?: Record<string, string>; text?: string }
  timestamp?: number
  /** The desk the request is signed for (default: this desk, bob). */
  desk?: string
}

async function send({
  method = 'POST',
  path,
  body,
  text,
  signer = alice,
  tamper,
  timestamp,
  desk = deskPubkey,
}: Send) {
  const bodyText = text ?? (body === undefined ? undefined : JSON.stringify(body))
  let headers: Record<string, string> = { 'content-type': 'application/json' }
  if (signer) {
    const pubkey = (await signer.getInfo()).pubkey
    const nonce = randomPreimage()
    const ts = timestamp ?? f.clock.now()
    let parsed: unknown = null
    try {
      parsed = bodyText === undefined ? null : JSON.parse(bodyText)
    } catch {}
    const message = requestSigningText({
      method,
      path,
      body: parsed,
      pubkey,
      desk,
      nonce,
      timestamp: ts,
    })
    const { signature } = await signer.signMessage({ message })
    headers = {
      ...headers,
      [SIGNATURE_HEADERS.pubkey]: pubkey,
      [SIGNATURE_HEADERS.desk]: desk,
      [SIGNATURE_HEADERS.nonce]: nonce,
      [SIGNATURE_HEADERS.timestamp]: String(ts),
      [SIGNATURE_HEADERS.signature]: signature,
    }
  }
  let finalText = bodyText
  if (tamper) {
    const changed = tamper(headers)
    headers = changed.headers ?? headers
    finalText = changed.text ?? finalText
  }
  const response = await fetch(`${f.running.url}${path}`, {
    method,
    headers,
    ...(finalText === undefined ? {} : { body: finalText }),
  })
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers,
  }
}

/** The loan book as stored: nothing may change it on a refused request. */
const book = async () =>
  toStoreJson(
    await Promise.all(
      (await f.store.listLoans()).map(async (loan) => ({
        loan,
        events: await f.store.listEvents({ loanId: loan.id }),
      })),
    ),
  )

async function refused(request: Send, status: number, reason: string) {
  const before = await book()
  const { status: got, body } = await send(request)
  expect({ got, error: body.error }).toMatchObject({ got: status, error: { reason } })
  expect((body.error as { message: string }).message).not.toMatch(/[0-9a-f]{64}/) // no hash, key or secret echoed
  expect(await book()).toBe(before)
}

describe('the desk refuses bad input with a clear 4xx and changes nothing', () => {
  it('GET /v1/info needs no signature', async () => {
    const { status, body } = await send({ method: 'GET', path: '/v1/info', signer: null })
    expect(status).toBe(200)
    expect(body).toMatchObject({
      protocol: 'btcfi-loan/1',
      deskPubkey: net.node('bob').pubkey,
      network: 'regtest',
    })
    expect((body.terms as Record<string, unknown>).ltvBps).toBe('5000')
  })

  it('identity: unsigned, malformed, forged, tampered, stale and replayed requests', async () => {
    const quote = { path: '/v1/quotes', body: { principal: '50000', currency: 'USD' } }
    await refused({ ...quote, signer: null }, 401, 'UNSIGNED')
    await refused(
      { ...quote, tamper: (h) => ({ headers: { ...h, [SIGNATURE_HEADERS.nonce]: 'xyz' } }) },
      401,
      'UNSIGNED',
    )
    // carol signs, claiming to be alice
    await refused(
      {
        ...quote,
        signer: carol,
        tamper: (h) => ({ headers: { ...h, [SIGNATURE_HEADERS.pubkey]: alicePubkey } }),
      },
      401,
      'BAD_SIGNATURE',
    )
    // alice signed $500; the body says $5,000
    await refused(
      {
        ...quote,
        tamper: () => ({ text: JSON.stringify({ principal: '500000', currency: 'USD' }) }),
      },
      401,
      'BAD_SIGNATURE',
    )
    await refused(
      {
        ...quote,
        tamper: (h) => ({ headers: { ...h, [SIGNATURE_HEADERS.signature]: 'not-a-signature' } }),
      },
      401,
      'BAD_SIGNATURE',
    )
    await refused({ ...quote, timestamp: f.clock.now() - 600_000 }, 401, 'STALE_REQUEST')
    // alice's request for another desk (carol's node): refused, whatever the header says
    const carolPubkey = net.node('carol').pubkey
    await refused({ ...quote, desk: carolPubkey }, 421, 'WRONG_DESK')
    await refused(
      {
        ...quote,
        desk: carolPubkey,
        tamper: (h) => ({ headers: { ...h, [SIGNATURE_HEADERS.desk]: deskPubkey } }),
      },
      401,
      'BAD_SIGNATURE',
    )
    // an old client without the desk header
    await refused(
      {
        ...quote,
        tamper: (h) => {
          const { [SIGNATURE_HEADERS.desk]: _, ...rest } = h
          return { headers: rest }
        },
      },
      401,
      'UNSIGNED',
    )
    // not JSON by its content type
    await refused(
      { ...quote, tamper: (h) => ({ headers: { ...h, 'content-type': 'text/plain' } }) },
      415,
      'BAD_REQUEST',
    )
    // the same signed request twice: the second is a replay
    const first = await send(quote)
    expect(first.status).toBe(200)
    const replay = await fetch(`${f.running.url}/v1/quotes`, {
      method: 'POST',
      headers: first.headers,
      body: JSON.stringify(quote.body),
    })
    expect(replay.status).toBe(401)
    expect(((await replay.json()) as { error: { reason: string } }).error.reason).toBe('REPLAYED')
  })

  it('POST /v1/quotes: body shape, amounts, currency, range', async () => {
    await refused({ path: '/v1/quotes', text: '{not json' }, 400, 'BAD_REQUEST')
    await refused({ path: '/v1/quotes', text: '' }, 400, 'BAD_REQUEST')
    await refused({ path: '/v1/quotes', body: [1] }, 400, 'BAD_REQUEST')
    await refused(
      { path: '/v1/quotes', body: { principal: 50_000, currency: 'USD' } },
      400,
      'BAD_REQUEST',
    )
    await refused(
      { path: '/v1/quotes', body: { principal: '-5', currency: 'USD' } },
      400,
      'BAD_REQUEST',
    )
    await refused(
      { path: '/v1/quotes', body: { principal: '1.5', currency: 'USD' } },
      400,
      'BAD_REQUEST',
    )
    await refused(
      { path: '/v1/quotes', body: { principal: '50000', currency: 'EUR' } },
      400,
      'BAD_REQUEST',
    )
    await refused(
      { path: '/v1/quotes', body: { principal: '50000', currency: 'USD', extra: '1' } },
      400,
      'BAD_REQUEST',
    )
    // Names every object inherits are unknown fields too.
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      await refused(
        { path: '/v1/quotes', text: `{"principal":"50000","currency":"USD","${name}":"1"}` },
        400,
        'BAD_REQUEST',
      )
    }
    await refused({ path: '/v1/quotes', body: { principal: '50000' } }, 400, 'BAD_REQUEST')
    await refused(
      { path: '/v1/quotes', body: { principal: '50000', currency: 'sat' } },
      409,
      'TERMS_MISMATCH',
    )
    await refused(
      { path: '/v1/quotes', body: { principal: '99', currency: 'USD' } },
      409,
      'TERMS_MISMATCH',
    )
    await refused(
      { path: '/v1/quotes', body: { principal: '1000001', currency: 'USD' } },
      409,
      'TERMS_MISMATCH',
    )
    await refused({ path: '/v1/quotes', text: 'x'.repeat(20_000) }, 413, 'BAD_REQUEST')
    f.oracle.fail()
    await refused(
      { path: '/v1/quotes', body: { principal: '50000', currency: 'USD' } },
      503,
      'PRICE_UNAVAILABLE',
    )
    f.oracle.set(10_000_000n)
  })

  it('POST /v1/loans: quote, invoice and agreement signature are checked before anything is written', async () => {
    const quote = await f.agent.quote({ principal: 50_000n })
    const own = await alice.createInvoice({ amountMsat: quote.principalMsat, expirySeconds: 3_600 })
    const open = (body: Record<string, string>) => ({
      path: '/v1/loans',
      body: {
        quoteId: quote.id,
        disbursementInvoice: own.paymentRequest,
        borrowerSignature: 'x',
        ...body,
      },
    })
    await refused(open({ quoteId: 'nope' }), 400, 'BAD_REQUEST')
    await refused(open({ quoteId: 'ab'.repeat(16) }), 404, 'QUOTE_UNKNOWN')
    await refused({ ...open({}), signer: carol }, 404, 'QUOTE_UNKNOWN') // alice's quote, carol asks
    await refused(open({ disbursementInvoice: 'lnbcrt1garbage' }), 400, 'DISBURSEMENT_INVOICE')
    const wrongAmount = await alice.createInvoice({
      amountMsat: quote.principalMsat + 1n,
      expirySeconds: 3_600,
    })
    await refused(
      open({ disbursementInvoice: wrongAmount.paymentRequest }),
      400,
      'DISBURSEMENT_INVOICE',
    )
    const shortLived = await alice.createInvoice({
      amountMsat: quote.principalMsat,
      expirySeconds: 60,
    })
    await refused(
      open({ disbursementInvoice: shortLived.paymentRequest }),
      400,
      'DISBURSEMENT_INVOICE',
    )
    const desksOwn = await bob.createInvoice({
      amountMsat: quote.principalMsat,
      expirySeconds: 3_600,
    })
    await refused(
      open({ disbursementInvoice: desksOwn.paymentRequest }),
      400,
      'DISBURSEMENT_INVOICE',
    )
    // a real signature, of something else than the agreement
    const { signature } = await alice.signMessage({ message: 'I agree to nothing' })
    await refused(open({ borrowerSignature: signature }), 401, 'BAD_SIGNATURE')
    await refused(open({ borrowerSignature: 'not-a-signature' }), 401, 'BAD_SIGNATURE')
    f.clock.advance(61_000)
    await refused(open({}), 409, 'QUOTE_EXPIRED')
  })

  it('loan endpoints: someone else’s loan, unknown loans, wrong states, bad fields', async () => {
    await refused(
      { method: 'GET', path: `/v1/loans/${ACTIVE_ID}`, signer: carol },
      404,
      'NOT_BORROWER',
    )
    await refused({ method: 'GET', path: `/v1/loans/${'cd'.repeat(16)}` }, 404, 'NOT_BORROWER')
    await refused({ method: 'GET', path: '/v1/loans/not-an-id' }, 404, 'NOT_FOUND')
    await refused(
      { method: 'GET', path: `/v1/loans/${ACTIVE_ID}/events?after=-1` },
      400,
      'BAD_REQUEST',
    )
    await refused(
      { method: 'GET', path: `/v1/loans/${ACTIVE_ID}/events`, signer: carol },
      404,
      'NOT_BORROWER',
    )
    await refused({ path: `/v1/loans/${REPAID_ID}/interest`, body: {} }, 409, 'LOAN_STATE')
    await refused({ path: `/v1/loans/${REPAID_ID}/repay`, body: {} }, 409, 'LOAN_STATE')
    await refused(
      { path: `/v1/loans/${ACTIVE_ID}/repay`, body: { amountMsat: '1' } },
      400,
      'BAD_REQUEST',
    )
    await refused(
      { path: `/v1/loans/${ACTIVE_ID}/repay`, body: {}, signer: carol },
      404,
      'NOT_BORROWER',
    )
    await refused(
      { path: `/v1/loans/${ACTIVE_ID}/top-up`, body: { amountSat: '0' } },
      400,
      'BAD_REQUEST',
    )
    await refused(
      { path: `/v1/loans/${ACTIVE_ID}/top-up`, body: { amountSat: 'lots' } },
      400,
      'BAD_REQUEST',
    )
    await refused(
      { path: `/v1/loans/${REPAID_ID}/top-up`, body: { amountSat: '1000' } },
      409,
      'LOAN_STATE',
    )
    await refused(
      { path: `/v1/loans/${ACTIVE_ID}/rollover/ack`, body: { lockId: 'nope' } },
      404,
      'NOT_FOUND',
    )
    await refused({ path: `/v1/loans/${ACTIVE_ID}/rollover/ack`, body: {} }, 400, 'BAD_REQUEST')
    await refused({ method: 'DELETE', path: `/v1/loans/${ACTIVE_ID}` }, 404, 'NOT_FOUND')
    await refused({ method: 'GET', path: '/v2/info', signer: null }, 404, 'NOT_FOUND')
    // and the borrower's own loan reads fine
    const { status, body } = await send({ method: 'GET', path: `/v1/loans/${ACTIVE_ID}` })
    expect(status).toBe(200)
    expect(body.loan).toMatchObject({ id: ACTIVE_ID, state: 'ACTIVE', collateralSat: '0' })
  })
  it('opening the same quote twice: the same answer for the same request, a conflict for another', async () => {
    const quote = await f.agent.quote({ principal: 50_000n })
    const own = await alice.createInvoice({ amountMsat: quote.principalMsat, expirySeconds: 3_600 })
    const agreement = agreementOf(quote, decodeInvoice(own.paymentRequest).paymentHash)
    const { signature } = await alice.signMessage({ message: agreementSigningText(agreement) })
    const body = {
      quoteId: quote.id,
      disbursementInvoice: own.paymentRequest,
      borrowerSignature: signature,
    }
    const first = await send({ path: '/v1/loans', body })
    expect(first.status).toBe(201)
    const again = await send({ path: '/v1/loans', body })
    expect(again.status).toBe(201)
    expect(again.body.lockInvoice).toBe(first.body.lockInvoice)
    const other = await alice.createInvoice({
      amountMsat: quote.principalMsat,
      expirySeconds: 3_600,
    })
    await refused(
      { path: '/v1/loans', body: { ...body, disbursementInvoice: other.paymentRequest } },
      409,
      'CONFLICT',
    )
    // nobody pays this lock: cancel it so that nothing is left open
    await bob.cancelHoldInvoice({
      paymentHash: (first.body.loan as { locks: { paymentHash: string }[] }).locks[0]!.paymentHash,
    })
  })
})
