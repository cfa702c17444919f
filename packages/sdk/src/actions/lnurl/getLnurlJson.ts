import {
  AbortedError,
  assertInteger,
  assertLnurlUrl,
  type DeadlineSignal,
  deadlineSignal,
  InvalidArgumentError,
  isLocalHost,
  LnurlInsecureError,
  LnurlResponseError,
  LnurlServiceError,
  readAtMost,
  TimeoutError,
} from '@btcfi/core'

/** How an LNURL service is reached: the options every LNURL action takes. */
export interface LnurlFetchOptions {
  /** A fetch of your own (a proxy, Tor). Default the global one. */
  fetch?: typeof globalThis.fetch | undefined
  /** Per request to the service, ms, the body included. Default 10 000. */
  timeoutMs?: number | undefined
  /** Stops the request. */
  signal?: AbortSignal | undefined
  /**
   * Let the service be on this machine or a private network (loopback,
   * 10/8, 192.168/16, fc00::/7…), and redirect there. Default false: a
   * public service could otherwise make a server-side wallet call its
   * internal endpoints. Set it for a service you run yourself (tests, a
   * regtest network).
   */
  allowLocalHosts?: boolean | undefined
}

/** The most redirects followed, each one checked as the first URL is. */
const MAX_REDIRECTS = 3

/**
 * GETs an LNURL service's JSON: redirects followed by hand (at most 3, each
 * held to LUD-01's https rule, and to public hosts unless `allowLocalHosts`),
 * the whole exchange within `timeoutMs`, and the
 * body read up to `maxBytes` and no further. HTTP status codes are ignored,
 * as LUD-01 asks: the body decides. `{"status":"ERROR"}` throws
 * `LnurlServiceError` with the service's reason.
 */
export async function getLnurlJson(
  first: URL,
  maxBytes: number,
  options: LnurlFetchOptions,
  /** When set, every hop must be on this host (`requireSameHost`). */
  onlyHost?: string,
): Promise<{ url: URL; body: Record<string, unknown> }> {
  const fetch = options.fetch ?? globalThis.fetch
  const timeoutMs = options.timeoutMs ?? 10_000
  assertInteger(timeoutMs, 'timeoutMs', { min: 1, max: 2 ** 31 - 1 })
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal))
    throw new InvalidArgumentError('signal', 'an AbortSignal')
  const deadline = deadlineSignal(timeoutMs, options.signal)
  try {
    return await follow(first, maxBytes, options, deadline, fetch, onlyHost)
  } finally {
    deadline.clear()
  }
}

async function follow(
  first: URL,
  maxBytes: number,
  options: LnurlFetchOptions,
  deadline: DeadlineSignal,
  fetch: typeof globalThis.fetch,
  onlyHost: string | undefined,
): Promise<{ url: URL; body: Record<string, unknown> }> {
  const { signal } = deadline
  const failed = (url: URL, cause: unknown) => {
    if (options.signal?.aborted)
      return new AbortedError(`The request to ${url.host}`, { cause: options.signal.reason })
    if (deadline.timedOut()) return new TimeoutError(`The LNURL service at ${url.host}`)
    return new LnurlServiceError(url.host, { cause })
  }
  let url = first
  for (let hop = 0; ; hop++) {
    assertLnurlUrl(url)
    if (options.allowLocalHosts !== true && isLocalHost(url.hostname))
      throw new LnurlInsecureError(url.host, { local: true })
    if (onlyHost !== undefined && url.host !== onlyHost)
      throw new LnurlResponseError(
        first.host,
        'callback-host',
        `a redirect to ${url.host}, not on ${onlyHost}`,
      )
    let response: Response
    try {
      response = await fetch(url, {
        redirect: 'manual',
        signal,
        headers: { accept: 'application/json' },
      })
    } catch (cause) {
      throw failed(url, cause)
    }
    if (response.status >= 300 && response.status < 400) {
      response.body?.cancel().catch(() => {})
      const location = response.headers.get('location')
      if (location === null || hop >= MAX_REDIRECTS) {
        throw new LnurlResponseError(
          url.host,
          'redirect',
          location === null
            ? 'a redirect with nowhere to go'
            : `more than ${MAX_REDIRECTS} redirects`,
        )
      }
      try {
        url = new URL(location, url)
      } catch (cause) {
        throw new LnurlResponseError(url.host, 'redirect', 'a redirect to no URL', { cause })
      }
      continue
    }
    if (response.type === 'opaqueredirect') {
      throw new LnurlResponseError(url.host, 'redirect', 'a redirect the browser hides')
    }
    let bytes: Uint8Array
    try {
      bytes = await readBody(response, maxBytes, url.host)
    } catch (cause) {
      if (cause instanceof LnurlResponseError) throw cause
      throw failed(url, cause)
    }
    return { url, body: parseBody(bytes, url.host, response.status) }
  }
}

function parseBody(bytes: Uint8Array, host: string, status: number): Record<string, unknown> {
  let body: unknown
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    // No cause: the parser's message quotes the body, which may hold anything.
    throw new LnurlResponseError(host, 'not-json', `HTTP ${status} without a JSON body`)
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new LnurlResponseError(host, 'not-json', 'a JSON body that is not an object')
  const object = body as Record<string, unknown>
  if (typeof object.status === 'string' && object.status.toUpperCase() === 'ERROR') {
    throw new LnurlServiceError(host, {
      reason: typeof object.reason === 'string' ? object.reason : '',
    })
  }
  return object
}

async function readBody(response: Response, maxBytes: number, host: string) {
  const tooLarge = () =>
    new LnurlResponseError(host, 'too-large', `a body larger than ${maxBytes} bytes`)
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) {
    response.body?.cancel().catch(() => {})
    throw tooLarge()
  }
  const bytes = await readAtMost(response.body, maxBytes)
  if (bytes === undefined) throw tooLarge()
  return bytes
}
