import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import type { ChunkReader } from '../stream/readNdjson.js'

type ReadResult = Awaited<ReturnType<ChunkReader['read']>>

const END: ReadResult = { done: true }

/**
 * A Node body stream (undici's) as a `ChunkReader` of UTF-8 text: a
 * StringDecoder joins characters split between chunks (undici's body ignores
 * `setEncoding`'s decoding), and each read takes what is buffered, waiting on
 * the stream's events only when nothing is. A stream's async iterator would
 * allocate a promise chain, an end-of-stream watcher and a byte buffer per
 * chunk; a payment's stream carries one or two messages, so that was a large
 * part of its cost.
 *
 * A body that closes before its end (the connection torn down) fails the
 * pending read and every one after it.
 */
export function nodeBodyReader(body: Readable): ChunkReader {
  const decoder = new StringDecoder('utf8')
  let ended = false
  let failure: unknown
  let waiting: { resolve(result: ReadResult): void; reject(error: unknown): void } | undefined

  /** What a read gets now, or undefined if it must wait. */
  const take = (): ReadResult | Error | undefined => {
    const chunk = body.read() as Buffer | null
    if (chunk !== null) return { done: false, value: decoder.write(chunk) }
    if (failure !== undefined)
      return failure instanceof Error ? failure : new Error(String(failure))
    if (ended) {
      // An incomplete last character, as U+FFFD (as TextDecoder does), once.
      const rest = decoder.end()
      return rest === '' ? END : { done: false, value: rest }
    }
    return undefined
  }
  const wake = (): void => {
    if (waiting === undefined) return
    const result = take()
    if (result === undefined) return
    const { resolve, reject } = waiting
    waiting = undefined
    if (result instanceof Error) reject(result)
    else resolve(result)
  }
  body.on('readable', wake)
  body.on('end', () => {
    ended = true
    wake()
  })
  body.on('error', (error: unknown) => {
    failure ??= error
    wake()
  })
  body.on('close', () => {
    if (!ended) failure ??= new Error('the response closed before its end')
    wake()
  })

  return {
    read() {
      const result = take()
      if (result instanceof Error) return Promise.reject(result)
      if (result !== undefined) return Promise.resolve(result)
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject }
      })
    },
    async cancel() {
      body.destroy()
    },
  }
}
