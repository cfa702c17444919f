const REDACTED = '[redacted]'

// Long hex or base64 runs: macaroons (hundreds of characters) and similar blobs.
const LONG_BLOB = /[0-9a-fA-F]{100,}|[A-Za-z0-9+/_-]{100,}={0,2}/g
// A 32-byte hex value named as a secret: `preimage: ab12...`, `seed=...`, and
// lnd's names with a prefix: `payment_preimage`, `r_preimage`.
const NAMED_SECRET =
  /\b((?:[a-z]+_)*(?:macaroon|preimage|secret|seed|password|pairing[ _-]?phrase))(["'\s:=]+)([0-9a-fA-F]{64,}|[A-Za-z0-9+/_-]{40,}={0,2})/gi
// `macaroon=...` in lndconnect URIs and query strings.
const MACAROON_PARAM = /([?&]macaroon=)[^&\s]+/gi
// `https://user:password@host`
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi

/**
 * Removes secrets from a text before it reaches a message or a log: the
 * `secrets` given, macaroons and other long blobs, values labelled as
 * preimages, seeds or passwords, `macaroon=` parameters and URL credentials.
 *
 * @example
 * redact(`preimage: ${preimage}`) // 'preimage: [redacted]'
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED)
  }
  return out
    .replace(MACAROON_PARAM, `$1${REDACTED}`)
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(NAMED_SECRET, `$1$2${REDACTED}`)
    .replace(LONG_BLOB, REDACTED)
}
