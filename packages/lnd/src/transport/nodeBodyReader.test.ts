import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { type Handler, type LocalServer, localServer, writeChunks } from '../testing/localServer.js'
import { nodeBodyReader } from './nodeBodyReader.js'

let server: LocalServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

async function open(handler: Handler) {
  server = await localServer(handler)
  const response = await request(`${server.url}/stream`)
  return nodeBodyReader(response.body)
}

async function readAll(reader: ReturnType<typeof nodeBodyReader>): Promise<string> {
  let text = ''
  for (;;) {
    const chunk = await reader.read()
    if (chunk.done) return text
    expect(typeof chunk.value).toBe('string')
    text += chunk.value as string
  }
}

describe('nodeBodyReader', () => {
  it('reads the body as text, with a UTF-8 character split between chunks', async () => {
    const bytes = new TextEncoder().encode('{"result":{"memo":"café ⚡"}}\n')
    const cut = bytes.indexOf(0xe2) + 1
    const reader = await open((_, res) =>
      writeChunks(res, [bytes.subarray(0, cut), bytes.subarray(cut)]),
    )
    expect(await readAll(reader)).toBe('{"result":{"memo":"café ⚡"}}\n')
    // After its end, a read stays done.
    expect(await reader.read()).toEqual({ done: true })
  })

  it('fails the pending read, and the ones after it, when the connection drops mid-body', async () => {
    const reader = await open(async (_, res) => {
      await writeChunks(res, ['{"result":{"n":1}}\n'], { end: false })
      res.socket?.destroy()
    })
    expect(await reader.read()).toEqual({ done: false, value: '{"result":{"n":1}}\n' })
    await expect(reader.read()).rejects.toThrow()
    await expect(reader.read()).rejects.toThrow()
  })

  it('ends a pending read when canceled', async () => {
    const reader = await open((_, res) => writeChunks(res, [], { end: false }))
    const pending = reader.read().then(
      (r) => r,
      () => 'failed',
    )
    await reader.cancel()
    // Canceled under a pending read: it settles (as a failure), never hangs.
    expect(await pending).toBe('failed')
  })
})
