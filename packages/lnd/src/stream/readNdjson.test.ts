import { BaseError } from '@btcfi/core'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type Handler,
  type LocalServer,
  localServer,
  pause,
  writeChunks,
} from '../testing/localServer.js'
import { readNdjson } from './readNdjson.js'

let server: LocalServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

async function open(handler: Handler, signal?: AbortSignal): Promise<Response> {
  server = await localServer(handler)
  return fetch(`${server.url}/stream`, signal ? { signal } : {})
}

async function collect(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = []
  for await (const value of iterable) out.push(value)
  return out
}

describe('readNdjson', () => {
  it('yields each result of lines split across chunks anywhere', async () => {
    const response = await open((_, res) =>
      writeChunks(res, [
        '{"result":{"n":1}}\n{"resu',
        'lt":{"n":2}}',
        '\n',
        '{"result":{"n":3,"s":"a\\nb"}}\n{"result":{"n":4}}\n',
      ]),
    )
    expect(await collect(readNdjson(response.body))).toEqual([
      { n: 1 },
      { n: 2 },
      { n: 3, s: 'a\nb' },
      { n: 4 },
    ])
  })

  it('yields a last line that has no newline', async () => {
    const response = await open((_, res) =>
      writeChunks(res, ['{"result":{"n":1}}\n', '{"result":{"n":2}}']),
    )
    expect(await collect(readNdjson(response.body))).toEqual([{ n: 1 }, { n: 2 }])
  })

  it('decodes a UTF-8 character split between two chunks', async () => {
    const bytes = new TextEncoder().encode('{"result":{"memo":"café ⚡ paid"}}\n')
    // '⚡' is 3 bytes (e2 9a a1): cut after its first byte, and 'é' (c3 a9) inside too.
    const bolt = bytes.indexOf(0xe2)
    const eacute = bytes.indexOf(0xc3)
    const response = await open((_, res) =>
      writeChunks(res, [
        bytes.slice(0, eacute + 1),
        bytes.slice(eacute + 1, bolt + 1),
        bytes.slice(bolt + 1, bolt + 2),
        bytes.slice(bolt + 2),
      ]),
    )
    expect(await collect(readNdjson(response.body))).toEqual([{ memo: 'café ⚡ paid' }])
  })

  it('throws the mapped error of an error line arriving mid-stream without newline', async () => {
    const response = await open((_, res) =>
      writeChunks(res, [
        '{"result":{"n":1}}\n',
        '{"result":{"n":2}}\n{"error":{"code":2,"message":"htlc switch',
        ' is shutting down","details":[]}}',
      ]),
    )
    const seen: unknown[] = []
    const error = await (async () => {
      try {
        for await (const value of readNdjson(response.body, { target: 'http://node' }))
          seen.push(value)
      } catch (caught) {
        return caught
      }
      return undefined
    })()
    expect(seen).toEqual([{ n: 1 }, { n: 2 }])
    expect(error).toBeInstanceOf(BaseError)
    expect(error).toMatchObject({ code: 'NODE_ERROR', grpcCode: 2 })
    expect((error as Error).message).toContain('htlc switch is shutting down')
  })

  it('ends quietly when the signal fires mid-stream, and cancels the body', async () => {
    const controller = new AbortController()
    let closed!: () => void
    const serverSawClose = new Promise<void>((resolve) => {
      closed = resolve
    })
    const response = await open(async (_, res) => {
      res.on('close', closed)
      // One message, then the stream stays open as a subscription does.
      await writeChunks(res, ['{"result":{"n":1}}\n'], { end: false })
    }, controller.signal)
    const seen: unknown[] = []
    for await (const value of readNdjson(response.body, { signal: controller.signal })) {
      seen.push(value)
      setTimeout(() => controller.abort(), 20)
    }
    expect(seen).toEqual([{ n: 1 }])
    await serverSawClose
  })

  it('ends quietly on abort even when fetch got no signal (the reader is canceled)', async () => {
    const controller = new AbortController()
    let closed!: () => void
    const serverSawClose = new Promise<void>((resolve) => {
      closed = resolve
    })
    const response = await open(async (_, res) => {
      res.on('close', closed)
      await writeChunks(res, ['{"result":{"n":1}}\n'], { end: false })
    })
    const iterator = readNdjson(response.body, { signal: controller.signal })
    expect(await iterator.next()).toEqual({ done: false, value: { n: 1 } })
    const pending = iterator.next()
    await pause(20)
    controller.abort()
    expect(await pending).toEqual({ done: true, value: undefined })
    await serverSawClose
  })

  it('cancels the body when the consumer stops early', async () => {
    let closed!: () => void
    const serverSawClose = new Promise<void>((resolve) => {
      closed = resolve
    })
    const response = await open(async (_, res) => {
      res.on('close', closed)
      await writeChunks(res, ['{"result":{"n":1}}\n{"result":{"n":2}}\n'], { end: false })
    })
    for await (const value of readNdjson(response.body)) {
      expect(value).toEqual({ n: 1 })
      break
    }
    await serverSawClose
  })

  it('throws NodeUnreachable-style error when the connection drops mid-stream', async () => {
    const response = await open(async (_, res) => {
      await writeChunks(res, ['{"result":{"n":1}}\n'], { end: false })
      res.socket?.destroy()
    })
    const seen: unknown[] = []
    await expect(
      (async () => {
        for await (const value of readNdjson(response.body)) seen.push(value)
      })(),
    ).rejects.toMatchObject({ name: 'NodeUnreachableError' })
    expect(seen).toEqual([{ n: 1 }])
  })

  it('throws a ProtocolError for a line that is not JSON, and skips blank lines', async () => {
    const response = await open((_, res) =>
      writeChunks(res, ['\n{"result":{"n":1}}\n\n', '<html>oops</html>\n']),
    )
    const seen: unknown[] = []
    await expect(
      (async () => {
        for await (const value of readNdjson(response.body)) seen.push(value)
      })(),
    ).rejects.toMatchObject({ name: 'ProtocolError' })
    expect(seen).toEqual([{ n: 1 }])
  })

  it('returns at once for a null body or an already aborted signal', async () => {
    expect(await collect(readNdjson(null))).toEqual([])
    const response = await open((_, res) => writeChunks(res, ['{"result":{"n":1}}\n']))
    expect(await collect(readNdjson(response.body, { signal: AbortSignal.abort() }))).toEqual([])
  })
})
