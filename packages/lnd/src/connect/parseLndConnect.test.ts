import { rpcs } from '@btcfi/wire'
import { describe, expect, it } from 'vitest'
import * as fx from '../../../wire/src/testing/lndReplies.js'
import { lnd } from '../backend/lnd.js'
import { localServer } from '../testing/localServer.js'
import { testCert, testKey } from '../testing/tlsFixture.js'
import { parseLndConnect } from './parseLndConnect.js'

const macaroon = '0201036c6e6402f801030a10b3bf5e4b2e7c0e8c1f0a9d8e7c6b5a4f12'
const der = Buffer.from(testCert.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')
const certParam = der.toString('base64url')
const macaroonParam = Buffer.from(macaroon, 'hex').toString('base64url')

describe('parseLndConnect', () => {
  it('reads host, port, the DER cert (as PEM) and the macaroon (as hex)', () => {
    const parsed = parseLndConnect(
      `lndconnect://127.0.0.1:8080?cert=${certParam}&macaroon=${macaroonParam}`,
    )
    expect(parsed).toEqual({ url: 'https://127.0.0.1:8080', macaroon, cert: testCert })
  })

  it('accepts a URI without cert, a hostname, an IPv6 host, and no port (8080)', () => {
    expect(parseLndConnect(`lndconnect://node.example.com:443?macaroon=${macaroonParam}`)).toEqual({
      url: 'https://node.example.com:443',
      macaroon,
      cert: undefined,
    })
    expect(parseLndConnect(`lndconnect://[::1]:8081?macaroon=${macaroonParam}`).url).toBe(
      'https://[::1]:8081',
    )
    expect(parseLndConnect(`lndconnect://10.0.0.2?macaroon=${macaroonParam}`).url).toBe(
      'https://10.0.0.2:8080',
    )
  })

  it('tolerates padding and standard-base64 characters', () => {
    const padded = `${Buffer.from(macaroon, 'hex').toString('base64')}`
    expect(
      parseLndConnect(`lndconnect://h:1?macaroon=${encodeURIComponent(padded)}`).macaroon,
    ).toBe(macaroon)
  })

  it('refuses what is not an lndconnect URI, without quoting it', () => {
    const secret = `lndconnect://h:1?macaroon=${macaroonParam}`
    for (const uri of [
      secret.replace('lndconnect', 'https'),
      'lndconnect://h:1',
      'lndconnect://h:1?macaroon=***',
      `lndconnect://h:1?macaroon=${macaroonParam}&cert=%%%`,
    ]) {
      let message = ''
      try {
        parseLndConnect(uri)
      } catch (error) {
        message = (error as Error).message
        expect((error as { name?: string }).name).toBe('InvalidArgumentError')
      }
      expect(message).toMatch(/lndconnect/)
      expect(message).not.toContain(macaroonParam)
    }
  })

  it('is accepted by lnd({ lndconnect }) and reaches the node over TLS', async () => {
    const server = await localServer(
      (_, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(fx.getInfo))
      },
      { tls: { key: testKey, cert: testCert } },
    )
    const port = new URL(server.url).port
    const backend = lnd({
      lndconnect: `lndconnect://127.0.0.1:${port}?cert=${certParam}&macaroon=${macaroonParam}`,
    })
    try {
      expect(backend.target).toBe(server.url)
      expect((await backend.call(rpcs.getInfo)).alias).toBe('alice')
      expect(server.requests[0]?.headers['grpc-metadata-macaroon']).toBe(macaroon)
    } finally {
      await backend.close()
      await server.close()
    }
  })
})
