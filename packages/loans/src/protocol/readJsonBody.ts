import { readAtMost } from '@btcfi/core'
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
  const bytes = await readWhole(request, maxBytes)
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

async function readWhole(request: Request, maxBytes: number): Promise<Uint8Array> {
  let bytes: Uint8Array | undefined
  try {
    bytes = await readAtMost(request.body, maxBytes)
  } catch (error) {
    throw new LoanError('BAD_REQUEST', 'The body could not be read.', { cause: error })
  }
  // Past the limit the body was canceled: the rest is never pulled.
  if (bytes === undefined) throw tooLarge(maxBytes)
  return bytes
}

/** Lets go of a body that will not be read. */
function discard(request: Request) {
  if (request.body !== null && !request.bodyUsed && !request.body.locked) {
    request.body.cancel().catch(() => {})
  }
}

const tooLarge = (maxBytes: number) =>
  new LoanError('BAD_REQUEST', `The body is larger than ${maxBytes} bytes.`, { status: 413 })
