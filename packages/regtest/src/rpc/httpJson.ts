import { request as httpRequest } from 'node:http'
import { Agent, request as httpsRequest } from 'node:https'

export interface HttpJsonTarget {
  /** `https://127.0.0.1:port` or `http://...`. */
  url: string
  /** PEM of a self-signed server certificate to trust. */
  ca?: string
  headers?: Record<string, string>
}

const agents = new Map<string, Agent>()

function agentFor(ca: string): Agent {
  let agent = agents.get(ca)
  if (!agent) {
    agent = new Agent({ ca, keepAlive: true })
    agents.set(ca, agent)
  }
  return agent
}

/**
 * One JSON request with Node's own http(s), trusting only `ca` when given.
 * The harness keeps its own tiny client so that it never depends on the SDK
 * it is used to test. Rejects on a non-2xx status with the body in the message.
 */
export function httpJson<T = unknown>(
  target: HttpJsonTarget,
  method: string,
  path: string,
  body?: unknown,
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, target.url)
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const headers: Record<string, string> = { ...target.headers }
    if (payload !== undefined) headers['content-type'] = 'application/json'
    const options = {
      method,
      headers,
      timeout: timeoutMs,
      ...(url.protocol === 'https:' && target.ca ? { agent: agentFor(target.ca) } : {}),
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send(url, options, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => {
        const status = res.statusCode ?? 0
        if (status < 200 || status >= 300) {
          reject(
            new HttpJsonError(
              `${method} ${url.pathname} → ${status}: ${text.slice(0, 500)}`,
              status,
              text,
            ),
          )
          return
        }
        try {
          resolve((text ? JSON.parse(text) : {}) as T)
        } catch (cause) {
          reject(new Error(`${method} ${url.pathname}: invalid JSON`, { cause }))
        }
      })
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname} timed out`)))
    req.on('error', reject)
    req.end(payload)
  })
}

export class HttpJsonError extends Error {
  override name = 'HttpJsonError'
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message)
  }
}

/** Closes the keep-alive sockets (so a process can exit). */
export function closeHttpAgents(): void {
  for (const agent of agents.values()) agent.destroy()
  agents.clear()
}

/**
 * A request whose response is a stream of JSON lines (lnd's server streams).
 * `onLine` sees each parsed line; returning true ends the request early.
 * Resolves when the stream ends or `onLine` says done.
 */
export function httpNdjson(
  target: HttpJsonTarget,
  method: string,
  path: string,
  body: unknown,
  onLine: (line: unknown) => boolean,
  { timeoutMs = 60_000 }: { timeoutMs?: number } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, target.url)
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const options = {
      method,
      headers: { ...target.headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
      ...(target.ca ? { agent: agentFor(target.ca) } : {}),
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const timer = setTimeout(
      () => req.destroy(new Error(`${method} ${url.pathname} timed out`)),
      timeoutMs,
    )
    const finish = (error?: Error) => {
      clearTimeout(timer)
      if (error) reject(error)
      else resolve()
    }
    const req = send(url, options, (res) => {
      let buffer = ''
      let done = false
      const consume = (line: string) => {
        if (done || !line.trim()) return
        let parsed: unknown
        try {
          parsed = JSON.parse(line)
        } catch (cause) {
          done = true
          res.destroy()
          finish(new Error(`${method} ${url.pathname}: invalid JSON line`, { cause }))
          return
        }
        let stop: boolean
        try {
          stop = onLine(parsed)
        } catch (error) {
          stop = true
          done = true
          res.destroy()
          finish(error instanceof Error ? error : new Error(String(error)))
          return
        }
        if (stop) {
          done = true
          res.destroy()
          finish()
        }
      }
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffer += chunk
        let newline = buffer.indexOf('\n')
        while (newline >= 0 && !done) {
          consume(buffer.slice(0, newline))
          buffer = buffer.slice(newline + 1)
          newline = buffer.indexOf('\n')
        }
      })
      res.on('end', () => {
        consume(buffer)
        if (!done) finish()
      })
      res.on('error', (error) => {
        if (!done) finish(error)
      })
    })
    req.on('error', (error) => finish(error))
    req.end(payload)
  })
}
