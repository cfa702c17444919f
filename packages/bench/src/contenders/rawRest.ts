import { randomBytes } from 'node:crypto'
import { Agent, request } from 'node:https'
import type { NodeHandle } from '@btcfi/regtest'
import type { Contender, ContenderFactory } from './Contender.js'
import { sha256Hex } from './sha256Hex.js'

/** lnd's REST byte fields are base64; URL paths take base64url, padded. */
const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64')
const b64url = (hex: string) =>
  Buffer.from(hex, 'hex').toString('base64').replaceAll('+', '-').replaceAll('/', '_')

/**
 * What a careful user writes without the SDK: Node's https with a keep-alive
 * agent per node, JSON in and out, `no_inflight_updates` on payments.
 */
export const rawRest: ContenderFactory = async ({ payer, payee }) => {
  const from = node(payer)
  const to = node(payee)
  return {
    name: 'raw REST',
    async getInfo() {
      await from.json('GET', '/v1/getinfo')
    },
    async createInvoice(amountMsat) {
      const reply = (await to.json('POST', '/v1/invoices', {
        value_msat: amountMsat.toString(),
      })) as { payment_request: string }
      return reply.payment_request
    },
    async payInvoice(paymentRequest) {
      await from.pay({
        payment_request: paymentRequest,
        timeout_seconds: 60,
        fee_limit_msat: '10000',
        no_inflight_updates: true,
      })
    },
    async keysend(amountMsat) {
      const preimage = randomBytes(32).toString('hex')
      await from.pay({
        dest: b64(payee.pubkey),
        amt_msat: amountMsat.toString(),
        payment_hash: b64(sha256Hex(preimage)),
        dest_custom_records: { '5482373484': b64(preimage) },
        final_cltv_delta: 40,
        timeout_seconds: 60,
        fee_limit_msat: '10000',
        no_inflight_updates: true,
      })
    },
    hold: {
      async create(paymentHash, amountMsat) {
        const reply = (await to.json('POST', '/v2/invoices/hodl', {
          hash: b64(paymentHash),
          value_msat: amountMsat.toString(),
        })) as { payment_request: string }
        return reply.payment_request
      },
      accepted: (paymentHash) =>
        to.streamUntil('GET', `/v2/invoices/subscribe/${b64url(paymentHash)}`, undefined, (r) =>
          r.state === 'ACCEPTED' ? true : r.state === 'CANCELED' ? 'invoice canceled' : false,
        ),
      async settle(preimage) {
        await to.json('POST', '/v2/invoices/settle', { preimage: b64(preimage) })
      },
    },
    async close() {
      from.agent.destroy()
      to.agent.destroy()
    },
  } satisfies Contender
}

interface RestNode {
  agent: Agent
  json(method: string, path: string, body?: unknown): Promise<unknown>
  /**
   * A server stream read until `done` says true (or an error message). With
   * `endsAfter`, lnd ends the stream after that message: it is read to its
   * end, so that the connection goes back to the pool; otherwise it is closed.
   */
  streamUntil(
    method: string,
    path: string,
    body: unknown,
    done: (result: Record<string, unknown>) => boolean | string,
    endsAfter?: boolean,
  ): Promise<void>
  pay(body: Record<string, unknown>): Promise<void>
}

function node(handle: NodeHandle): RestNode {
  const url = new URL(handle.restUrl)
  const agent = new Agent({ keepAlive: true, ca: handle.tlsCert })
  const headers = { 'Grpc-Metadata-macaroon': handle.macaroons.admin }
  const options = (method: string, path: string) => ({
    host: url.hostname,
    port: url.port,
    method,
    path,
    agent,
    headers,
  })

  const json = (method: string, path: string, body?: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const req = request(options(method, path), (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          text += chunk
        })
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode} ${text}`))
          else resolve(JSON.parse(text))
        })
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(body === undefined ? undefined : JSON.stringify(body))
    })

  const streamUntil: RestNode['streamUntil'] = (method, path, body, done, endsAfter = false) =>
    new Promise<void>((resolve, reject) => {
      const req = request(options(method, path), (res) => {
        let buffer = ''
        let finished = false
        const finish = (error?: Error) => {
          if (finished) return
          finished = true
          if (!endsAfter) res.destroy()
          if (error) reject(error)
          else resolve()
        }
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          if (finished) return
          buffer += chunk
          for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
            const line = buffer.slice(0, nl)
            buffer = buffer.slice(nl + 1)
            if (line.trim() === '') continue
            const message = JSON.parse(line) as {
              result?: Record<string, unknown>
              error?: { message: string }
            }
            if (message.error) return finish(new Error(`${path}: ${message.error.message}`))
            const verdict = done(message.result ?? {})
            if (verdict === true) return finish()
            if (typeof verdict === 'string') return finish(new Error(`${path}: ${verdict}`))
          }
        })
        res.on('end', () => finish(new Error(`${path}: ended early (${res.statusCode} ${buffer})`)))
        res.on('close', () => finish(new Error(`${path}: closed early`)))
        res.on('error', (error) => finish(error))
      })
      req.on('error', reject)
      req.end(body === undefined ? undefined : JSON.stringify(body))
    })

  const pay = (body: Record<string, unknown>) =>
    streamUntil(
      'POST',
      '/v2/router/send',
      body,
      (r) =>
        r.status === 'SUCCEEDED'
          ? true
          : r.status === 'FAILED'
            ? `payment failed: ${String(r.failure_reason)}`
            : false,
      true,
    )

  return { agent, json, streamUntil, pay }
}
