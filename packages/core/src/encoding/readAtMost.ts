/**
 * Reads a body stream whole, never more than `maxBytes` of it: as soon as
 * it passes the limit, the stream is canceled (the rest is never pulled) and
 * the result is undefined. A read that fails, or a chunk that is not bytes,
 * throws.
 *
 * @example
 * const bytes = await readAtMost(response.body, 65_536)
 * if (bytes === undefined) throw new Error('too large')
 */
export async function readAtMost(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  if (body === null) return new Uint8Array(0)
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const chunk = await reader.read()
    if (chunk.done) break
    if (!(chunk.value instanceof Uint8Array)) {
      reader.cancel().catch(() => {})
      throw new TypeError('a body chunk that is not bytes')
    }
    size += chunk.value.byteLength
    if (size > maxBytes) {
      reader.cancel().catch(() => {})
      return undefined
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
