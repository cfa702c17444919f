import type { Client } from '@btcfi/sdk'
import { LoanError } from '../errors/LoanError.js'
import { parseEscrowLock } from '../escrow/parseEscrowRequests.js'
import { errorResponse, jsonResponse } from '../protocol/jsonResponse.js'
import { parseHex } from '../protocol/parseHex.js'
import { readJsonBody } from '../protocol/readJsonBody.js'
import { optionalField, requestFields } from '../protocol/requestFields.js'
import { PROTOCOL } from '../protocol/signedRequest.js'
import type { LoanStore } from '../store/LoanStore.js'
import type { Desk } from './createDesk.js'
import { verifySignedRequest } from './verifySignedRequest.js'

export interface DeskHandlerParameters {
  desk: Desk
  /** The desk's node: it verifies the borrowers' signatures. */
  client: Client
  store: LoanStore
  now?: () => number
  /** Default 300 000 ms. */
  maxSkewMs?: number
  /** Largest request body (bytes): a larger one is refused (413) unread. Default 16 KiB. */
  maxBodyBytes?: number
  /** Told about each 5xx (the answer says only "internal error"). */
  onError?: (error: unknown) => void
}

/** A fetch-style handler: mount it on node:http (`startDesk`), a serverless function or a test. */
export type DeskHandler = ((request: Request) => Promise<Response>) & {
  /** The largest request body it reads (bytes); a server in front can stop reading there too. */
  readonly maxBodyBytes: number
}

const LOAN_PATH =
  /^\/v1\/loans\/([0-9a-f]{32})(\/events|\/interest|\/repay|\/top-up|\/rollover\/ack)?$/

/**
 * A matched endpoint: checks the body and query (400) and returns what to do
 * once the signature and the nonce have passed.
 */
type Route = (body: unknown, url: URL) => (borrower: string) => Promise<Response>

/**
 * The desk's HTTP protocol (JSON, amounts as decimal strings, versioned paths):
 *
 * | method | path | body | answer |
 * |---|---|---|---|
 * | GET | /v1/info | | desk pubkey, terms, network |
 * | POST | /v1/quotes | `{principal, currency}` | a quote (price snapshot, collateral, expiry) |
 * | POST | /v1/loans | `{quoteId, disbursementInvoice, borrowerSignature}` | the loan, the agreement signed by the desk, the lock invoice |
 * | GET | /v1/loans/:id | | the loan's status |
 * | GET | /v1/loans/:id/events?after=N | | the loan's events after N |
 * | POST | /v1/loans/:id/interest | `{}` | an interest invoice, or `{invoice: null}` |
 * | POST | /v1/loans/:id/repay | `{}` | the repayment invoice |
 * | POST | /v1/loans/:id/top-up | `{amountSat}` | a lock invoice for more collateral |
 * | POST | /v1/loans/:id/rollover/ack | `{lockId}` | the rollover lock to pay |
 *
 * Every request but `/v1/info` is signed with the borrower's node key for
 * this desk (see `requestSigningText`); an unsigned, badly signed, stale,
 * replayed or other desk's one is refused with 401 (421 for another desk's)
 * before anything is read or changed. A POST body must be
 * `application/json` (415) of at most `maxBodyBytes` (413, checked before it
 * is read). A refused request changes nothing, not even the nonce store.
 * Errors are `{error: {code, reason, message}}` with a 4xx status (5xx:
 * "internal error").
 */
export function createDeskHandler(parameters: DeskHandlerParameters): DeskHandler {
  const { desk, client, store } = parameters
  const now = parameters.now ?? Date.now
  const maxSkewMs = parameters.maxSkewMs ?? 300_000
  const maxBodyBytes = parameters.maxBodyBytes ?? 16_384

  const handler = async (request: Request): Promise<Response> => {
    try {
      const url = new URL(request.url)
      const path = `${url.pathname}${url.search}`
      const method = request.method.toUpperCase()
      if (method === 'GET' && url.pathname === '/v1/info') {
        return jsonResponse(200, {
          protocol: PROTOCOL,
          deskPubkey: desk.pubkey,
          network: await client.getNetwork(),
          terms: desk.terms,
          escrowAgents: desk.escrowAgents,
        })
      }
      const route = match(method, url.pathname)
      if (!route) {
        throw new LoanError(
          'NOT_FOUND',
          `No ${method.slice(0, 10)} ${url.pathname.slice(0, 48)} here (this desk speaks ${PROTOCOL} under /v1).`,
        )
      }
      const body = method === 'POST' ? await readJsonBody(request, maxBodyBytes) : null
      const signed = await verifySignedRequest({
        client,
        store,
        deskPubkey: desk.pubkey,
        method,
        path,
        headers: request.headers,
        body,
        nowMs: now(),
        maxSkewMs,
      })
      const run = route(body, url)
      await signed.useNonce()
      return await run(signed.pubkey)
    } catch (error) {
      return errorResponse(error, 'the desk', parameters.onError)
    }
  }
  return Object.assign(handler, { maxBodyBytes })

  function match(method: string, pathname: string): Route | undefined {
    if (method === 'POST' && pathname === '/v1/quotes') {
      return (body) => {
        const [rest, escrowAgent] = optionalField(body, 'escrowAgent')
        const { principal, currency } = requestFields(rest, {
          principal: 'amount',
          currency: 'string',
        })
        if (currency !== 'USD' && currency !== 'sat') {
          throw new LoanError('BAD_REQUEST', "currency must be 'USD' or 'sat'.")
        }
        const agent =
          escrowAgent === undefined
            ? undefined
            : parseHex(escrowAgent, 'escrowAgent', { bytes: 32 })
        return async (borrower) =>
          jsonResponse(200, {
            quote: await desk.quote({
              borrowerPubkey: borrower,
              principal,
              currency,
              ...(agent && { escrowAgent: agent }),
            }),
          })
      }
    }
    if (method === 'POST' && pathname === '/v1/loans') {
      return (body) => {
        const [rest, lockField] = optionalField(body, 'lock')
        const f = requestFields(rest, {
          quoteId: 'string',
          disbursementInvoice: 'string',
          borrowerSignature: 'string',
        })
        parseHex(f.quoteId, 'quoteId', { bytes: 16 })
        const lock = lockField === undefined ? undefined : parseEscrowLock(lockField)
        return async (borrower) =>
          jsonResponse(
            201,
            await desk.open({ borrowerPubkey: borrower, ...f, ...(lock && { lock }) }),
          )
      }
    }
    const loanPath = LOAN_PATH.exec(pathname)
    if (!loanPath) return undefined
    const loanId = loanPath[1]!
    switch (`${method} ${loanPath[2] ?? ''}`) {
      case 'GET ':
        return () => async (borrower) =>
          jsonResponse(200, { loan: await desk.status(loanId, borrower) })
      case 'GET /events':
        return (_body, url) => {
          const after = url.searchParams.get('after') ?? '0'
          if (!/^\d{1,15}$/.test(after)) {
            throw new LoanError('BAD_REQUEST', 'after must be a whole number.')
          }
          return async (borrower) =>
            jsonResponse(200, { events: await desk.events(loanId, borrower, Number(after)) })
        }
      case 'POST /interest':
        return (body) => {
          requestFields(body, {})
          return async (borrower) =>
            jsonResponse(200, { invoice: await desk.interestInvoice(loanId, borrower) })
        }
      case 'POST /repay':
        return (body) => {
          requestFields(body, {})
          return async (borrower) =>
            jsonResponse(200, { invoice: await desk.repayInvoice(loanId, borrower) })
        }
      case 'POST /top-up':
        return (body) => {
          const { amountSat } = requestFields(body, { amountSat: 'amount' })
          return async (borrower) =>
            jsonResponse(201, { lock: await desk.topUp(loanId, borrower, amountSat) })
        }
      case 'POST /rollover/ack':
        return (body) => {
          const [rest, lockField] = optionalField(body, 'lock')
          const { lockId } = requestFields(rest, { lockId: 'string' })
          const lock = lockField === undefined ? undefined : parseEscrowLock(lockField)
          return async (borrower) =>
            jsonResponse(200, { lock: await desk.ackRollover(loanId, borrower, lockId, lock) })
        }
      default:
        return undefined
    }
  }
}
