import type { IncomingMessage, ServerResponse } from 'node:http'
import { LoanError } from '../errors/LoanError.js'
import { wireError } from '../protocol/wireError.js'
import type { DeskHandler } from './createDeskHandler.js'

/**
 * Serves one node:http request with a desk handler. The body is held to the
 * handler's `maxBodyBytes`: a declared `content-length` above it is refused
 * (413) before a byte is read, and a body without one (chunked) or longer
 * than declared stops being read as soon as it passes the limit (413, and the
 * connection is closed). The request's own path and query are kept as sent;
 * the client's `host` header is not used.
 */
export async function serveDeskHandler(
  handler: DeskHandler,
  host: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const limit = handler.maxBodyBytes
  const declared = req.headers['content-length']
  if (declared !== undefined && !/^\d{1,16}$/.test(declared)) {
    refuse(res, new LoanError('BAD_REQUEST', 'The content-length header is malformed.'))
    return
  }
  if (declared !== undefined && Number(declared) > limit) {
    refuse(res, tooLarge(limit))
    return
  }
  const body = await readAtMost(req, limit)
  if (body === undefined) {
    refuse(res, tooLarge(limit))
    return
  }
  let request: Request
  try {
    const path = req.url ?? '/'
    if (!path.startsWith('/')) throw new Error('not an origin-form path')
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value)
      else if (Array.isArray(value)) headers.set(name, value.join(', '))
    }
    const method = req.method ?? 'GET'
    request = new Request(`http://${host.includes(':') ? `[${host}]` : host}${path}`, {
      method,
      headers,
      ...(/^(GET|HEAD)$/i.test(method) ? {} : { body }),
    })
  } catch (error) {
    refuse(
      res,
      new LoanError('BAD_REQUEST', 'The request line or headers are malformed.', { cause: error }),
    )
    return
  }
  const response = await handler(request)
  const out: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    out[name] = value
  })
  res.writeHead(response.status, out)
  res.end(Buffer.from(await response.arrayBuffer()))
}

/**
 * The body, or undefined as soon as it passes `limit` bytes (the request is
 * paused there: nothing more is read).
 */
function readAtMost(req: IncomingMessage, limit: number): Promise<Buffer<ArrayBuffer> | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        done()
        req.pause()
        resolve(undefined)
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      done()
      resolve(Buffer.concat(chunks))
    }
    const onError = (error: unknown) => {
      done()
      reject(error)
    }
    const onClose = () => {
      done()
      reject(new Error('The request was closed before its end.'))
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
  })
}

/** Answers a refusal and closes the connection (the rest of the body is never read). */
function refuse(res: ServerResponse, error: LoanError) {
  res.writeHead(error.status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
  })
  res.end(JSON.stringify(wireError(error)))
}

const tooLarge = (limit: number) =>
  new LoanError('BAD_REQUEST', `The body is larger than ${limit} bytes.`, { status: 413 })
