import { isBaseError } from '@btcfi/core'
import type { Client } from '@btcfi/sdk'
import { isLoanError, LoanError } from '../errors/LoanError.js'
import { PROTOCOL } from '../protocol/signedRequest.js'
import { toWire } from '../protocol/wireJson.js'
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
  /** Largest request body. Default 16 KiB. */
  maxBodyBytes?: number
  /** Told about each 5xx (the answer says only "internal error"). */
  onError?: (error: unknown) => void
}

/** A fetch-style handler: mount it on node:http (`startDesk`), a serverless function or a test. */
export type DeskHandler = (request: Request) => Promise<Response>

const LOAN_PATH =
  /^\/v1\/loans\/([0-9a-f]{32})(\/events|\/interest|\/repay|\/top-up|\/rollover\/ack)?$/
const HEX32 = /^[0-9a-f]{32}$/

type Route = (borrower: string, body: unknown, url: URL) => Promise<Response>

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
 * Every request but `/v1/info` is signed with the borrower's node key (see
 * `requestSigningText`); an unsigned, badly signed, stale or replayed one is
 * refused with 401 before anything is read or changed. Errors are
 * `{error: {code, reason, message}}` with a 4xx status (5xx: "internal error").
 */
export function createDeskHandler(parameters: DeskHandlerParameters): DeskHandler {
  const { desk, client, store } = parameters
  const now = parameters.now ?? Date.now
  const maxSkewMs = parameters.maxSkewMs ?? 300_000
  const maxBodyBytes = parameters.maxBodyBytes ?? 16_384

  return async (request) => {
    try {
      const url = new URL(request.url)
      const path = `${url.pathname}${url.search}`
      const method = request.method.toUpperCase()
      if (method === 'GET' && url.pathname === '/v1/info') {
        return json(200, {
          protocol: PROTOCOL,
          deskPubkey: desk.pubkey,
          network: await client.getNetwork(),
          terms: desk.terms,
        })
      }
      const route = match(method, url.pathname)
      if (!route) {
        throw new LoanError(
          'NOT_FOUND',
          `No ${method} ${url.pathname} here (this desk speaks ${PROTOCOL} under /v1).`,
        )
      }
      const body = method === 'POST' ? await readJson(request, maxBodyBytes) : null
      const borrower = await verifySignedRequest({
        client,
        store,
        method,
        path,
        headers: request.headers,
        body,
        nowMs: now(),
        maxSkewMs,
      })
      return await route(borrower, body, url)
    } catch (error) {
      return errorResponse(error, parameters.onError)
    }
  }

  function match(method: string, pathname: string): Route | undefined {
    if (method === 'POST' && pathname === '/v1/quotes') {
      return async (borrower, body) => {
        const { principal, currency } = fields(body, { principal: 'amount', currency: 'string' })
        if (currency !== 'USD' && currency !== 'sat') {
          throw new LoanError('BAD_REQUEST', "currency must be 'USD' or 'sat'.")
        }
        return json(200, {
          quote: await desk.quote({ borrowerPubkey: borrower, principal, currency }),
        })
      }
    }
    if (method === 'POST' && pathname === '/v1/loans') {
      return async (borrower, body) => {
        const f = fields(body, {
          quoteId: 'string',
          disbursementInvoice: 'string',
          borrowerSignature: 'string',
        })
        if (!HEX32.test(f.quoteId)) {
          throw new LoanError('BAD_REQUEST', 'quoteId must be 32 hex characters.')
        }
        return json(201, await desk.open({ borrowerPubkey: borrower, ...f }))
      }
    }
    const loanPath = LOAN_PATH.exec(pathname)
    if (!loanPath) return undefined
    const loanId = loanPath[1]!
    switch (`${method} ${loanPath[2] ?? ''}`) {
      case 'GET ':
        return async (borrower) => json(200, { loan: await desk.status(loanId, borrower) })
      case 'GET /events':
        return async (borrower, _body, url) => {
          const after = url.searchParams.get('after') ?? '0'
          if (!/^\d{1,15}$/.test(after)) {
            throw new LoanError('BAD_REQUEST', 'after must be a whole number.')
          }
          return json(200, { events: await desk.events(loanId, borrower, Number(after)) })
        }
      case 'POST /interest':
        return async (borrower, body) => {
          fields(body, {})
          return json(200, { invoice: await desk.interestInvoice(loanId, borrower) })
        }
      case 'POST /repay':
        return async (borrower, body) => {
          fields(body, {})
          return json(200, { invoice: await desk.repayInvoice(loanId, borrower) })
        }
      case 'POST /top-up':
        return async (borrower, body) => {
          const { amountSat } = fields(body, { amountSat: 'amount' })
          if (amountSat < 1n) throw new LoanError('BAD_REQUEST', 'amountSat must be at least 1.')
          return json(201, { lock: await desk.topUp(loanId, borrower, amountSat) })
        }
      case 'POST /rollover/ack':
        return async (borrower, body) => {
          const { lockId } = fields(body, { lockId: 'string' })
          return json(200, { lock: await desk.ackRollover(loanId, borrower, lockId) })
        }
      default:
        return undefined
    }
  }
}

type FieldKind = 'string' | 'amount'
type Fields<S extends Record<string, FieldKind>> = {
  [K in keyof S]: S[K] extends 'amount' ? bigint : string
}

/** Exactly these fields, of these kinds (amounts as decimal strings); anything else is a 400. */
function fields<const S extends Record<string, FieldKind>>(body: unknown, schema: S): Fields<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new LoanError('BAD_REQUEST', 'The body must be a JSON object.')
  }
  const record = body as Record<string, unknown>
  // Own names only: `constructor`, `toString` or `__proto__` are not fields.
  const unknown = Object.keys(record).filter((k) => !Object.hasOwn(schema, k))
  if (unknown.length > 0) throw new LoanError('BAD_REQUEST', `Unknown field ${unknown[0]}.`)
  const out: Record<string, unknown> = {}
  for (const [key, kind] of Object.entries(schema)) {
    const value = record[key]
    if (typeof value !== 'string' || value.length === 0 || value.length > 2_000) {
      throw new LoanError(
        'BAD_REQUEST',
        `${key} is required: ${kind === 'amount' ? 'a decimal string' : 'a string'}.`,
      )
    }
    if (kind === 'amount') {
      if (!/^\d{1,30}$/.test(value)) {
        throw new LoanError('BAD_REQUEST', `${key} must be a whole decimal string.`)
      }
      out[key] = BigInt(value)
    } else out[key] = value
  }
  return out as Fields<S>
}

async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const text = await request.text()
  if (new TextEncoder().encode(text).length > maxBytes) {
    throw new LoanError('BAD_REQUEST', `The body is larger than ${maxBytes} bytes.`, {
      status: 413,
    })
  }
  if (text.trim() === '') throw new LoanError('BAD_REQUEST', 'The body must be a JSON object.')
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new LoanError('BAD_REQUEST', 'The body is not JSON.')
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(toWire(body)), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  })
}

/** A LoanError (or an SDK argument error) as it is; anything else as a bare 500. */
function errorResponse(error: unknown, onError: ((error: unknown) => void) | undefined): Response {
  if (isLoanError(error)) {
    if (error.status >= 500) onError?.(error)
    return json(error.status, {
      error: { code: error.code, reason: error.reason, message: error.shortMessage },
    })
  }
  if (
    isBaseError(error) &&
    (error.code === 'INVALID_ARGUMENT' || error.code === 'INVALID_AMOUNT')
  ) {
    return json(400, {
      error: { code: error.code, reason: 'BAD_REQUEST', message: error.shortMessage },
    })
  }
  onError?.(error)
  return json(500, {
    error: { code: 'PROTOCOL', reason: 'DESK_ERROR', message: 'Internal error of the desk.' },
  })
}
