import { ConfigurationError, type Hex, paymentHashOf } from '@btcfi/core'
import ky from 'ky'
import { LoanError } from '../errors/LoanError.js'
import { isWireHex } from '../protocol/parseHex.js'
import { readWireAnswer } from '../protocol/readWireAnswer.js'
import { toWire } from '../protocol/wireJson.js'
import type { EscrowAgent, EscrowStatus } from './createEscrowAgent.js'
import { type EscrowAttestation, escrowTermsOf } from './escrowAttestation.js'
import { type LenderAction, type LenderRequestBodies, signLenderRequest } from './lenderRequest.js'

/** What the desk asks of an escrow agent: the agent's core (`createEscrowAgent`) and `escrowClient` both are one. */
export type EscrowAgentCalls = Omit<EscrowAgent, 'pubkey'>

export interface EscrowClientParameters {
  /** The agent's base URL (`http://host:port`; serve it over TLS but on loopback). */
  url: string
  /** The lender's escrow key (32 bytes): it signs retire, claimDefault and release. */
  lenderSecret?: Uint8Array
  /** Per call. Default 30 000 ms. */
  timeoutMs?: number
  fetch?: typeof globalThis.fetch
}

/**
 * An escrow agent over HTTP: the same calls as the agent's core, with the
 * same typed values (bigints restored), and a refusal as a `LoanError` with
 * the agent's reason. `pubkey` is a call (asked once, then kept) since the
 * agent is on the other end of the network: a desk that takes an
 * `EscrowAgentCalls` takes either one.
 */
export interface EscrowClient extends EscrowAgentCalls {
  /** The agent's key (x-only, hex), as `GET /v2/escrow` says it. */
  pubkey(): Promise<Hex>
}

/**
 * Talks to an escrow agent (`createEscrowHandler`'s protocol) with ky, no
 * retries. The lender's calls (retire, claimDefault, release) are signed with
 * `lenderSecret` (`signLenderRequest`); made without it, they throw
 * `LoanError('UNSIGNED')` before anything is sent. A released preimage is
 * checked against the lock's hash (`ESCROW_PREIMAGE` otherwise). An agent
 * that does not answer is `LoanError('DESK_ERROR')`.
 *
 * @example
 * const escrow = escrowClient({ url: 'https://escrow.example', lenderSecret })
 * const preimage = await escrow.release(paymentHash, 'liquidation')
 */
export function escrowClient(parameters: EscrowClientParameters): EscrowClient {
  const http = ky.create({
    prefixUrl: parameters.url,
    retry: 0,
    timeout: parameters.timeoutMs ?? 30_000,
    throwHttpErrors: false,
    ...(parameters.fetch ? { fetch: parameters.fetch } : {}),
  })
  let pubkey: Promise<Hex> | undefined
  const lock = (paymentHash: Hex) => `v2/escrow/locks/${paymentHash.toLowerCase()}`

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const text = body === undefined ? undefined : JSON.stringify(toWire(body))
    let response: Response
    try {
      response = await http(path, {
        method,
        headers: {
          accept: 'application/json',
          ...(text === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(text === undefined ? {} : { body: text }),
      })
    } catch (error) {
      throw new LoanError('DESK_ERROR', `The escrow agent did not answer ${method} /${path}.`, {
        cause: error,
      })
    }
    return readWireAnswer<T>(response, 'The escrow agent', `${method} /${path}`)
  }

  const signed = <A extends LenderAction>(
    action: A,
    paymentHash: Hex,
    body: LenderRequestBodies[A],
  ) => {
    if (!parameters.lenderSecret) {
      throw new ConfigurationError(
        'lenderSecret',
        `Only the lender may ${action} a lock: give escrowClient the lender's key (lenderSecret).`,
      )
    }
    return {
      ...body,
      signature: signLenderRequest(action, paymentHash, body, parameters.lenderSecret),
    }
  }

  const status = async (method: 'GET' | 'POST', path: string, body?: unknown) =>
    statusOf((await call<{ status: EscrowStatus }>(method, path, body)).status)

  return {
    pubkey() {
      pubkey ??= call<{ pubkey?: unknown }>('GET', 'v2/escrow').then(
        (info) => {
          if (!isWireHex(info?.pubkey, { bytes: 32 })) {
            throw new LoanError(
              'DESK_ERROR',
              'The escrow agent did not name its key (GET /v2/escrow).',
            )
          }
          return info.pubkey
        },
        (error: unknown) => {
          pubkey = undefined
          throw error
        },
      )
      return pubkey
    },

    async deposit({ hold, sealed, replaces }) {
      // The fields the protocol takes, in its spelling (hex in lower case), and no others.
      const body = {
        hold: {
          loanId: hold.loanId,
          agreementHash: hold.agreementHash.toLowerCase(),
          paymentHash: hold.paymentHash.toLowerCase(),
          ...escrowTermsOf(hold),
        },
        sealed: {
          ephemeralPubkey: sealed.ephemeralPubkey.toLowerCase(),
          nonce: sealed.nonce.toLowerCase(),
          ciphertext: sealed.ciphertext.toLowerCase(),
        },
        ...(replaces === undefined ? {} : { replaces: replaces.toLowerCase() }),
      }
      return (await call<{ attestation: EscrowAttestation }>('POST', 'v2/escrow/deposits', body))
        .attestation
    },

    async retire(paymentHash) {
      await call('POST', `${lock(paymentHash)}/retire`, signed('retire', paymentHash, {}))
    },

    offerRollover: async (paymentHash) =>
      status('POST', `${lock(paymentHash)}/offer`, signed('offer', paymentHash, {})),

    claimDefault: async (paymentHash, { kind, dueAtMs }) =>
      status(
        'POST',
        `${lock(paymentHash)}/default`,
        signed('default', paymentHash, { kind, dueAtMs }),
      ),

    answerDefault: async (paymentHash, proofs) =>
      status('POST', `${lock(paymentHash)}/answer`, {
        proofs: proofs.map(({ invoice, preimage }) => ({ invoice, preimage })),
      }),

    async release(paymentHash, ground) {
      const { preimage } = await call<{ preimage?: unknown }>(
        'POST',
        `${lock(paymentHash)}/release`,
        signed('release', paymentHash, { ground }),
      )
      if (
        !isWireHex(preimage, { bytes: 32 }) ||
        paymentHashOf(preimage) !== paymentHash.toLowerCase()
      ) {
        throw new LoanError(
          'ESCROW_PREIMAGE',
          'The escrow agent released a preimage that is not the lock’s.',
        )
      }
      return preimage
    },

    status: async (paymentHash) => status('GET', lock(paymentHash)),
  }
}

/** A status as the core gives it (`windowEndsAtMs` and `released` present, maybe undefined). */
function statusOf(wire: EscrowStatus): EscrowStatus {
  return {
    hold: wire.hold,
    heldAtMs: wire.heldAtMs,
    released: wire.released,
    windowEndsAtMs: wire.windowEndsAtMs,
  }
}
