import { isLoopbackHost } from './isLoopbackHost.js'

/**
 * True for a host a public service must not send a client to: this machine
 * (`isLoopbackHost`, `*.localhost`), a private or local network (10/8,
 * 172.16/12, 192.168/16, 100.64/10, 169.254/16, 0/8, `*.local`), or their
 * IPv6 forms (`::`, `::1`, fc00::/7, fe80::/10, and IPv4-mapped ones). It
 * takes a URL's `hostname` as the WHATWG parser writes it (IPv4 normalised,
 * IPv6 in brackets). A DNS name that resolves to such an address is not
 * seen here: resolve through a fetch that refuses them where that matters.
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase()
  if (isLoopbackHost(host) || host.endsWith('.localhost') || host.endsWith('.local')) return true
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host)
  if (v4) return isPrivateV4(Number(v4[1]), Number(v4[2]))
  if (!host.startsWith('[')) return false
  const v6 = host.slice(1, -1)
  const mapped = /^::ffff:(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(v6)
  if (mapped) return isPrivateV4(Number(mapped[1]), Number(mapped[2]))
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(v6)
  if (mappedHex) {
    const high = Number.parseInt(mappedHex[1]!, 16)
    return isPrivateV4(high >> 8, high & 0xff)
  }
  return (
    v6 === '::' || v6 === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(v6) || /^fe[89ab][0-9a-f]?:/.test(v6)
  )
}

function isPrivateV4(a: number, b: number): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  )
}
