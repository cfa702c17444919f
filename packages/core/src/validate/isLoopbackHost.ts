/**
 * True for a host that is this machine: `localhost`, an address of
 * 127.0.0.0/8, or `[::1]`, as the WHATWG URL parser writes them (it has
 * already turned `127.1` or `0x7f.0.0.1` into `127.0.0.1`, and
 * `[0:0:0:0:0:0:0:1]` into `[::1]`). Any other name, even one that resolves
 * to 127.0.0.1, is not: what it resolves to can change (`*.localhost` and
 * `localhost.` may go to DNS).
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)
}
