import { ConfigurationError, isLoopbackHost } from '@btcfi/core'

const loopbackNames = 'localhost, 127.0.0.0/8 or [::1]'

/**
 * Refuses, with a ConfigurationError (code INVALID_CONFIGURATION), an
 * `http://` url (the macaroon would be sent in clear) unless `allowInsecureHttp`
 * is set and the host is a loopback one, and a `cert` with `http://` (it would
 * not be used). `url` is the backend's target: no credential, no query.
 */
export function checkTransport(url: string, hasCert: boolean, allowInsecureHttp: boolean): void {
  const { protocol, hostname, host } = new URL(url)
  if (protocol !== 'http:') return
  if (!allowInsecureHttp)
    throw new ConfigurationError(
      'url',
      `lnd() refuses an http:// url: the macaroon would be sent unencrypted. Use lnd's https:// REST address (with its tls.cert as cert); for a node on this machine only, allowInsecureHttp: true permits http:// to ${loopbackNames}.`,
    )
  if (!isLoopbackHost(hostname))
    throw new ConfigurationError(
      'allowInsecureHttp',
      `allowInsecureHttp permits http:// only to a loopback host (${loopbackNames}), not to ${host}: use https:// for this node.`,
    )
  if (hasCert)
    throw new ConfigurationError(
      'cert',
      'lnd() was given a cert with an http:// url, where it would not be used: use https://, or leave cert out.',
    )
}
