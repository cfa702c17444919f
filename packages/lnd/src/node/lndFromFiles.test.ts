import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { rpcs } from '@btcfi/wire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as fx from '../../../wire/src/testing/lndReplies.js'
import { type LocalServer, localServer } from '../testing/localServer.js'
import { testCert, testKey } from '../testing/tlsFixture.js'
import { lndFromFiles } from './lndFromFiles.js'

const macaroon = '0201036c6e6402f801030a10b3bf5e4b2e7c0e8c1f0a9d8e7c6b5a4f12'
let dir: string
let server: LocalServer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'btcfi-lnd-files-'))
  await writeFile(join(dir, 'admin.macaroon'), Buffer.from(macaroon, 'hex'))
  await writeFile(join(dir, 'tls.cert'), testCert)
  server = await localServer(
    (_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(fx.getInfo))
    },
    { tls: { key: testKey, cert: testCert } },
  )
})

afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

describe('lndFromFiles', () => {
  it("reads lnd's binary macaroon and its tls.cert", async () => {
    const backend = lndFromFiles({
      url: server.url,
      macaroonPath: join(dir, 'admin.macaroon'),
      certPath: join(dir, 'tls.cert'),
    })
    try {
      expect((await backend.call(rpcs.getInfo)).alias).toBe('alice')
      expect(server.requests.at(-1)?.headers['grpc-metadata-macaroon']).toBe(macaroon)
    } finally {
      await backend.close()
    }
  })

  it('names the file it cannot read', () => {
    expect(() =>
      lndFromFiles({ url: server.url, macaroonPath: join(dir, 'missing.macaroon') }),
    ).toThrow(/macaroonPath.*readable file.*missing\.macaroon/)
  })

  it('refuses http:// like lnd(), and passes the loopback opt-in on', async () => {
    const files = { macaroonPath: join(dir, 'admin.macaroon') }
    expect(() => lndFromFiles({ url: 'http://127.0.0.1:8080', ...files })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIGURATION', option: 'url' }),
    )
    expect(() =>
      lndFromFiles({
        url: 'http://127.0.0.1:8080',
        certPath: join(dir, 'tls.cert'),
        allowInsecureHttp: true,
        ...files,
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CONFIGURATION', option: 'cert' }))
    const backend = lndFromFiles({
      url: 'http://127.0.0.1:8080',
      allowInsecureHttp: true,
      ...files,
    })
    expect(backend.target).toBe('http://127.0.0.1:8080')
    await backend.close()
  })
})
