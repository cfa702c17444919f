import { LoanError } from '../errors/LoanError.js'

/**
 * Reads a request's JSON body, never more than `maxBytes` of it: a
 * `content-type` other than `application/json` (UTF-8) is refused (415)
 * unread, a declared `content-length` above the limit too (413), and a body
 * without one, or longer than it said, is read chunk by chunk and canceled
 * as soon as it passes the limit (413). Text that is not UTF-8 or not JSON,
 * or no body at all, is a 400. Every refusal is a `LoanError('BAD_REQUEST')`.
 *
 * @example
 * const body = await readJsonBody(request, 16_384)
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  if (!isJsonType(request.headers.get('content-type'))) {
    discard(request)
    throw new LoanError('BAD_REQUEST', 'The body must be application/json (UTF-8).', {
      status: 415,
    })
  }
  const declared = request.headers.get('content-length')
  if (declared !== null) {
    if (!/^\d{1,16}$/.test(declared)) {
      discard(request)
      throw new LoanError('BAD_REQUEST', 'The content-length header is malformed.')
    }
    if (Number(declared) > maxBytes) {
      discard(request)
      throw tooLarge(maxBytes)
    }
  }
  const bytes = await readAtMost(request, maxBytes)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new LoanError('BAD_REQUEST', 'The body is not UTF-8 text.')
  }
  if (text.trim() === '') throw new LoanError('BAD_REQUEST', 'The body must be a JSON object.')
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new LoanError('BAD_REQUEST', 'The body is not JSON.')
  }
}

function isJsonType(header: string | null): boolean {
  if (header === null) return false
  const [media, ...parameters] = header.split(';')
  if (media!.trim().toLowerCase() !== 'application/json') return false
  return parameters.every((parameter) => {
    const [name, value = ''] = parameter.split('=')
    return name!.trim().toLowerCase() !== 'charset' || /^"?utf-?8"?$/i.test(value.trim())
  })
}

async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (request.body === null) return new Uint8Array(0)
  let reader: ReadableStreamDefaultReader<Uint8Array>
  try {
    reader = request.body.getReader()
  } catch (error) {
    throw new LoanError('BAD_REQUEST', 'The body could not be read.', { cause: error })
  }
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>
    try {
      chunk = await reader.read()
    } catch (error) {
      throw new LoanError('BAD_REQUEST', 'The body could not be read.', { cause: error })
    }
    if (chunk.done) break
    if (!(chunk.value instanceof Uint8Array)) {
      reader.cancel().catch(() => {})
      throw new LoanError('BAD_REQUEST', 'The body could not be read.')
    }
    size += chunk.value.byteLength
    if (size > maxBytes) {
      // Stop here: the rest is never pulled.
      reader.cancel().catch(() => {})
      throw tooLarge(maxBytes)
    }
    chunks.push(chunk.value)
  }
  const out = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.byteLength
  }
  return out
}

/** Lets go of a body that will not be read. */
function discard(request: Request) {
  if (request.body !== null && !request.bodyUsed && !request.body.locked) {
    request.body.cancel().catch(() => {})
  }
}

const tooLarge = (maxBytes: number) =>
  new LoanError('BAD_REQUEST', `The body is larger than ${maxBytes} bytes.`, { status: 413 })
