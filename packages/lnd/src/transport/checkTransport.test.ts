import { isLoopbackHost } from '@btcfi/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkTransport } from './checkTransport.js'

const octet = fc.integer({ min: 0, max: 255 })

/** Whether checkTransport lets the url through, and if not, the option it names. */
function verdict(url: string, hasCert: boolean, allow: boolean): string {
  try {
    checkTransport(new URL(url).origin, hasCert, allow)
    return 'ok'
  } catch (error) {
    return (error as { code: string; option: string }).code === 'INVALID_CONFIGURATION'
      ? (error as { option: string }).option
      : 'other'
  }
}

describe('checkTransport', () => {
  it('lets every https:// url through, whatever the host, cert and opt-in', () => {
    fc.assert(
      fc.property(fc.domain(), fc.boolean(), fc.boolean(), (host, hasCert, allow) => {
        expect(verdict(`https://${host}:8080`, hasCert, allow)).toBe('ok')
      }),
    )
  })

  it('lets http:// with the opt-in through to 127.0.0.0/8 and to nothing else of IPv4', () => {
    fc.assert(
      fc.property(octet, octet, octet, octet, (a, b, c, d) => {
        const url = `http://${a}.${b}.${c}.${d}:8080`
        expect(verdict(url, false, true)).toBe(a === 127 ? 'ok' : 'allowInsecureHttp')
        expect(verdict(url, false, false)).toBe('url')
        expect(verdict(url, true, true)).toBe(a === 127 ? 'cert' : 'allowInsecureHttp')
      }),
    )
  })

  it('takes no domain name but localhost for a loopback host', () => {
    fc.assert(
      fc.property(fc.domain(), (host) => {
        fc.pre(host !== 'localhost')
        expect(verdict(`http://${host}`, false, true)).toBe('allowInsecureHttp')
      }),
    )
    expect(verdict('http://LOCALHOST:8080', false, true)).toBe('ok')
  })

  it('knows the loopback hosts as the URL parser writes them', () => {
    expect(['localhost', '127.0.0.1', '127.255.255.255', '[::1]'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
    ])
    expect(
      ['0.0.0.0', '[::]', '[::2]', '[::ffff:7f00:1]', '127.0.0.1.example', 'localhost.'].map(
        isLoopbackHost,
      ),
    ).toEqual([false, false, false, false, false, false])
  })
})
