import { bech32 } from '@scure/base'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LnurlInsecureError, LnurlInvalidError } from '../errors/lnurl.js'
import { encodeLnurl } from './encodeLnurl.js'
import { MAX_LNURL_LENGTH, readLnurl } from './readLnurl.js'

// LUD-01's own example.
const LUD01_URL =
  'https://service.com/api?q=3fc3645b439ce8e7f2553a69e5267081d96dcd340693afabe04be7b0ccd178df'
const LUD01_LNURL =
  'LNURL1DP68GURN8GHJ7UM9WFMXJCM99E3K7MF0V9CXJ0M385EKVCENXC6R2C35XVUKXEFCV5MKVV34X5EKZD3EV56NYD3HXQURZEPEXEJXXEPNXSCRVWFNV9NXZCN9XQ6XYEFHVGCXXCMYXYMNSERXFQ5FNS'

const lnurlOf = (text: string) =>
  bech32.encode('lnurl', bech32.toWords(new TextEncoder().encode(text)), 2048)

describe('readLnurl', () => {
  it("reads LUD-01's example, in either case, behind lightning: or in a link's lightning parameter", () => {
    for (const text of [
      LUD01_LNURL,
      LUD01_LNURL.toLowerCase(),
      `lightning:${LUD01_LNURL}`,
      `LIGHTNING:${LUD01_LNURL}`,
      `  ${LUD01_LNURL}\n`,
      `https://wallet.example/pay?LIGHTNING=${LUD01_LNURL}`,
    ])
      expect(readLnurl(text)).toEqual({ url: new URL(LUD01_URL), form: 'lnurl' })
  })

  it("encodes LUD-01's example exactly, and reads back any https URL it encodes", () => {
    expect(encodeLnurl(LUD01_URL)).toBe(LUD01_LNURL)
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['https'], withQueryParameters: true }), (url) => {
        expect(readLnurl(encodeLnurl(url)).url.href).toBe(new URL(url).href)
      }),
    )
  })

  it('reads LUD-17 links as https (http on onion hosts), with their tag as a hint', () => {
    expect(readLnurl('lnurlp://shop.example/lnurl/pay?x=1')).toEqual({
      url: new URL('https://shop.example/lnurl/pay?x=1'),
      form: 'scheme',
      tagHint: 'payRequest',
    })
    expect(readLnurl('LNURLW://shop.example/w').tagHint).toBe('withdrawRequest')
    expect(readLnurl('keyauth://shop.example/a').tagHint).toBe('login')
    const onion = `${'a'.repeat(56)}.onion`
    expect(readLnurl(`lnurlp://${onion}/p`).url.href).toBe(`http://${onion}/p`)
  })

  it('reads Lightning Addresses (LUD-16), lowercase, http only on onion and loopback hosts', () => {
    expect(readLnurl('Alice@Example.com')).toEqual({
      url: new URL('https://example.com/.well-known/lnurlp/alice'),
      form: 'address',
      address: 'alice@example.com',
    })
    expect(readLnurl('carol@127.0.0.1:8080').url.href).toBe(
      'http://127.0.0.1:8080/.well-known/lnurlp/carol',
    )
    expect(readLnurl('bob+tips@localhost:3000').url.href).toBe(
      'http://localhost:3000/.well-known/lnurlp/bob+tips',
    )
    expect(readLnurl(`x@${'b'.repeat(56)}.onion`).url.protocol).toBe('http:')
    // A name under .localhost may be resolved by DNS: not loopback, so https.
    expect(readLnurl('bob@shop.localhost:3000').url.protocol).toBe('https:')
  })

  it('refuses plain http to any other host, with the host named', () => {
    for (const text of [
      lnurlOf('http://service.com/api'),
      lnurlOf('http://10.0.0.1/api'),
      lnurlOf('http://127.0.0.1.example.com/api'),
      lnurlOf('http://shop.localhost/api'),
      lnurlOf('http://localhost./api'),
      lnurlOf('http://fake.onion/api'),
      `https://x.example/?lightning=${lnurlOf('http://evil.example/')}`,
    ]) {
      const error = (() => {
        try {
          readLnurl(text)
        } catch (e) {
          return e
        }
      })()
      expect(error).toBeInstanceOf(LnurlInsecureError)
      expect(error).toMatchObject({ code: 'LNURL_INSECURE' })
    }
    expect(() => encodeLnurl('http://service.com/')).toThrow(LnurlInsecureError)
    expect(() => encodeLnurl(`https://service.com/${'x'.repeat(MAX_LNURL_LENGTH)}`)).toThrow(
      LnurlInvalidError,
    )
  })

  it.each([
    ['a mistyped LNURL (checksum)', `${LUD01_LNURL.slice(0, -1)}Q`],
    ['mixed case', `${LUD01_LNURL.slice(0, 20)}${LUD01_LNURL.slice(20).toLowerCase()}`],
    ['another bech32 prefix', bech32.encode('lnbc', bech32.toWords(new Uint8Array(10)))],
    [
      'bytes that are not UTF-8',
      bech32.encode('lnurl', bech32.toWords(new Uint8Array([0xff, 0xfe]))),
    ],
    ['text that is not a URL', lnurlOf('not a url')],
    ['another scheme', lnurlOf('ftp://service.com/')],
    ['credentials in the URL', lnurlOf('https://user:pass@service.com/')],
    ['a web link without an LNURL', 'https://service.com/pay?lightning=lnbc1'],
    ['an address with a space', 'alice smith@example.com'],
    ['an address without a domain', 'alice@'],
    ['a plain word', 'hello'],
    ['too long', `lightning:${'q'.repeat(MAX_LNURL_LENGTH)}`],
  ])('refuses %s with LnurlInvalidError', (_, text) => {
    expect(() => readLnurl(text)).toThrow(LnurlInvalidError)
  })

  it('throws only its two typed errors, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ maxLength: 200 }).map((s) => `lnurlp://${s}`),
          fc.string({ maxLength: 200 }).map((s) => `${s}@${s}`),
          fc.string({ maxLength: 200 }).map(lnurlOf),
        ),
        (text) => {
          try {
            const { url } = readLnurl(text)
            expect(['https:', 'http:']).toContain(url.protocol)
          } catch (error) {
            expect([LnurlInvalidError, LnurlInsecureError].some((c) => error instanceof c)).toBe(
              true,
            )
          }
        },
      ),
    )
  })
})
