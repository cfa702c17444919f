import type { Hex } from '@btcfi/core'
import { LoanError } from '../errors/LoanError.js'
import { errorResponse, jsonResponse } from '../protocol/jsonResponse.js'
import { readJsonBody } from '../protocol/readJsonBody.js'
import type { EscrowAgent, EscrowStatus } from './createEscrowAgent.js'
import { escrowTermsOf } from './escrowAttestation.js'
import {
  type LenderAction,
  type LenderRequestBodies,
  verifyLenderRequest,
} from './lenderRequest.js'
import {
  parseAnswer,
  parseDefaultClaim,
  parseDeposit,
  parsePaymentHash,
  parseRelease,
  parseRetire,
} from './parseEscrowRequests.js'

/** The escrow protocol's name and version, as `GET /v2/escrow` says it. */
export const ESCROW_PROTOCOL = 'btcfi-escrow/2'

export interface EscrowHandlerParameters {
  agent: EscrowAgent
  /** Largest request body (bytes): a larger one is refused (413) unread. Default 16 KiB. */
  maxBodyBytes?: number
  /** Told about each 5xx (the answer says only "internal error"). */
  onError?: (error: unknown) => void
}

/** A fetch-style handler: mount it on node:http (`startEscrowAgent`), a serverless function or a test. */
export type EscrowHandler = ((request: Request) => Promise<Response>) & {
  /** The largest request body it reads (bytes); a server in front can stop reading there too. */
  readonly maxBodyBytes: number
}

const LOCK_PATH = /^\/v2\/escrow\/locks\/([^/]*)(\/retire|\/offer|\/default|\/answer|\/release)?$/

/**
 * An escrow agent's HTTP protocol (JSON, amounts as decimal strings, versioned paths):
 *
 * | method | path | body | answer |
 * |---|---|---|---|
 * | GET | /v2/escrow | | `{protocol, pubkey}` |
 * | POST | /v2/escrow/deposits | `{hold, sealed, replaces?}` | 201 `{attestation}` |
 * | GET | /v2/escrow/locks/:paymentHash | | `{status}` (never the preimage) |
 * | POST | /v2/escrow/locks/:paymentHash/retire | `{signature}` | `{retired: true}` |
 * | POST | /v2/escrow/locks/:paymentHash/offer | `{signature}` | `{status}` |
 * | POST | /v2/escrow/locks/:paymentHash/default | `{kind, dueAtMs, signature}` | `{status}` |
 * | POST | /v2/escrow/locks/:paymentHash/answer | `{proofs: [{invoice, preimage}]}` | `{status}` |
 * | POST | /v2/escrow/locks/:paymentHash/release | `{ground, signature}` | `{preimage}` |
 *
 * Anyone may deposit, read a status or answer a default. Retire, default and
 * release are the lender's: `signature` is its BIP-340 signature
 * (`signLenderRequest`) with the `lenderKey` the lock's hold names, checked
 * before anything changes (401 `UNSIGNED` or `BAD_SIGNATURE`). Every field
 * is parsed strictly (400 `BAD_REQUEST`, naming the field); a POST body must
 * be `application/json` (415) of at most `maxBodyBytes` (413, checked before
 * it is read). Errors are `{error: {code, reason, message}}` with a 4xx
 * status (5xx: "internal error"); neither an answer but a release's nor an
 * error ever holds a preimage.
 */
export function createEscrowHandler(parameters: EscrowHandlerParameters): EscrowHandler {
  const { agent } = parameters
  const maxBodyBytes = parameters.maxBodyBytes ?? 16_384

  /** Checks the lender's signature against the lock's `lenderKey` (404 if the agent holds no such lock). */
  const asLender = async <A extends LenderAction>(
    action: A,
    paymentHash: Hex,
    body: LenderRequestBodies[A],
    signature: Hex | undefined,
  ) => {
    const { hold } = await agent.status(paymentHash)
    verifyLenderRequest(action, paymentHash, body, signature, hold.lenderKey)
  }

  const handler = async (request: Request): Promise<Response> => {
    try {
      const url = new URL(request.url)
      const method = request.method.toUpperCase()
      const path = url.pathname
      if (method === 'GET' && path === '/v2/escrow') {
        return jsonResponse(200, { protocol: ESCROW_PROTOCOL, pubkey: agent.pubkey })
      }
      const lock = LOCK_PATH.exec(path)
      const route = `${method} ${lock ? `lock${lock[2] ?? ''}` : path}`
      const known = [
        'POST /v2/escrow/deposits',
        'GET lock',
        'POST lock/retire',
        'POST lock/offer',
        'POST lock/default',
        'POST lock/answer',
        'POST lock/release',
      ]
      if (!known.includes(route)) {
        throw new LoanError(
          'NOT_FOUND',
          `No ${method.slice(0, 10)} ${path.slice(0, 48)} here (this agent speaks ${ESCROW_PROTOCOL} under /v2/escrow).`,
        )
      }
      const paymentHash = lock ? parsePaymentHash(lock[1]) : undefined
      const body = method === 'POST' ? await readJsonBody(request, maxBodyBytes) : null
      switch (route) {
        case 'POST /v2/escrow/deposits':
          return jsonResponse(201, { attestation: await agent.deposit(parseDeposit(body)) })
        case 'GET lock':
          return jsonResponse(200, { status: statusWire(await agent.status(paymentHash!)) })
        case 'POST lock/retire': {
          const { signature } = parseRetire(body)
          await asLender('retire', paymentHash!, {}, signature)
          await agent.retire(paymentHash!)
          return jsonResponse(200, { retired: true })
        }
        case 'POST lock/offer': {
          const { signature } = parseRetire(body)
          await asLender('offer', paymentHash!, {}, signature)
          return jsonResponse(200, { status: statusWire(await agent.offerRollover(paymentHash!)) })
        }
        case 'POST lock/default': {
          const { claim, signature } = parseDefaultClaim(body)
          await asLender('default', paymentHash!, claim, signature)
          return jsonResponse(200, {
            status: statusWire(await agent.claimDefault(paymentHash!, claim)),
          })
        }
        case 'POST lock/answer': {
          const proofs = parseAnswer(body)
          return jsonResponse(200, {
            status: statusWire(await agent.answerDefault(paymentHash!, proofs)),
          })
        }
        default: {
          const { ground, signature } = parseRelease(body)
          await asLender('release', paymentHash!, { ground }, signature)
          return jsonResponse(200, { preimage: await agent.release(paymentHash!, ground) })
        }
      }
    } catch (error) {
      return errorResponse(error, 'the escrow agent', parameters.onError)
    }
  }
  return Object.assign(handler, { maxBodyBytes })
}

/** A status as the agent answers it: named fields only, so that no preimage can slip in. */
function statusWire(status: EscrowStatus): EscrowStatus {
  const { hold } = status
  return {
    hold: {
      loanId: hold.loanId,
      agreementHash: hold.agreementHash,
      paymentHash: hold.paymentHash,
      ...escrowTermsOf(hold),
      rolledOver: hold.rolledOver,
      ...(hold.rolloverOfferedAtHeight === undefined
        ? {}
        : { rolloverOfferedAtHeight: hold.rolloverOfferedAtHeight }),
      ...(hold.dispute
        ? {
            dispute: {
              kind: hold.dispute.kind,
              dueAtMs: hold.dispute.dueAtMs,
              claimedAtMs: hold.dispute.claimedAtMs,
              answered: hold.dispute.answered,
            },
          }
        : {}),
    },
    heldAtMs: status.heldAtMs,
    released: status.released && { atMs: status.released.atMs, ground: status.released.ground },
    windowEndsAtMs: status.windowEndsAtMs,
  }
}
