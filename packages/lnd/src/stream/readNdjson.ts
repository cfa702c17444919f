import { errorFromLine, isObject, protocol, unreachable } from '../transport/errors.js'

export interface ReadNdjsonOptions {
  /** Ends the iteration quietly (and cancels the body) when it fires. */
  signal?: AbortSignal | undefined
  /** Where the stream comes from, for error messages. */
  target?: string | undefined
  /** Values (the macaroon) to remove from the errors it throws, should a line quote them. */
  secrets?: readonly string[] | undefined
}

const noop = (): void => {}

/**
 * What `readNdjson` reads besides a web `ReadableStream`: a reader of byte
 * chunks (in Node, one made over undici's body stream, without web streams).
 */
export interface ChunkReader {
  /** Byte chunks, or text already decoded (`nodeBodyReader`'s, in Node). */
  read(): Promise<
    { done: true; value?: Uint8Array | undefined } | { done: false; value: Uint8Array | string }
  >
  /** Stops reading and releases the connection. */
  cancel(): Promise<void>
}

/**
 * Reads one of lnd's REST server streams: newline-delimited JSON, one
 * `{"result": {...}}` per message, or an `{"error": {code, message}}` line that
 * ends it. Yields each `result`; throws the mapped error for an error line
 * (mid-stream, with or without its trailing newline), a `ProtocolError` for a
 * line that is not JSON, and a `NodeUnreachableError` when the connection
 * drops. Chunks may split anywhere, inside a UTF-8 character too. When
 * `signal` fires, the iteration ends without error and the body is canceled;
 * the body is canceled as well when the consumer stops early.
 *
 * @example
 * const response = await fetch(`${url}/v2/invoices/subscribe/${hash}`, { headers, signal })
 * for await (const invoice of readNdjson(response.body, { signal })) console.log(invoice)
 */
export async function* readNdjson(
  body: ReadableStream<Uint8Array> | ChunkReader | null,
  options: ReadNdjsonOptions = {},
): AsyncGenerator<unknown, void, undefined> {
  if (!body) return
  const { signal, target, secrets = [] } = options
  const reader: ChunkReader = 'getReader' in body ? body.getReader() : body
  if (signal?.aborted) {
    await reader.cancel().catch(noop)
    return
  }
  // A read pending when the signal fires resolves `done` once canceled.
  const onAbort = (): void => {
    reader.cancel().catch(noop)
  }
  signal?.addEventListener('abort', onAbort, { once: true })
  // Made on the first byte chunk: a reader of text needs none.
  let decoder: TextDecoder | undefined
  let buffer = ''
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<ChunkReader['read']>>
      try {
        chunk = await reader.read()
      } catch (error) {
        if (signal?.aborted) return
        throw unreachable(target ?? 'lnd', error, undefined, secrets)
      }
      if (signal?.aborted) return
      if (chunk.done) break
      if (typeof chunk.value === 'string') buffer += chunk.value
      else {
        decoder ??= new TextDecoder()
        buffer += decoder.decode(chunk.value, { stream: true })
      }
      let start = 0
      let newline = buffer.indexOf('\n', start)
      while (newline !== -1) {
        const result = parseLine(buffer.slice(start, newline), target, secrets)
        start = newline + 1
        if (result !== undefined) {
          yield result.value
          if (signal?.aborted) return
        }
        newline = buffer.indexOf('\n', start)
      }
      buffer = start === 0 ? buffer : buffer.slice(start)
    }
    // The last line may lack its newline (lnd's error line often does).
    if (decoder !== undefined) buffer += decoder.decode()
    const result = parseLine(buffer, target, secrets)
    if (result !== undefined) yield result.value
  } finally {
    signal?.removeEventListener('abort', onAbort)
    reader.cancel().catch(noop)
  }
}

/** One line → `{ value }` of its result, undefined for a blank line; throws for an error line. */
function parseLine(
  line: string,
  target: string | undefined,
  secrets: readonly string[],
): { value: unknown } | undefined {
  if (line.trim() === '') return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch (error) {
    throw protocol(
      `lnd sent a stream line that is not JSON (${line.length} characters)`,
      error,
      secrets,
    )
  }
  if (isObject(parsed)) {
    if ('result' in parsed) return { value: parsed.result }
    if ('error' in parsed) throw errorFromLine(parsed.error, target, secrets)
  }
  throw protocol('lnd sent a stream line with neither `result` nor `error`')
}
