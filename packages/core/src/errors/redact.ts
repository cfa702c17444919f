const REDACTED = '[redacted]'

// Long hex or base64 runs: macaroons (hundreds of characters) and similar blobs.
const LONG_BLOB = /[0-9a-fA-F]{100,}|[A-Za-z0-9+/_-]{100,}={0,2}/g
// A 32-byte hex value named as a secret: `preimage: ab12...`, `seed=...`, and
// names with a prefix: lnd's `payment_preimage`, `r_preimage`, and the SDK's
// own camelCase `paymentPreimage`.
const NAMED_SECRET =
  /\b((?:[a-z]+_)*[a-z]*?(?:macaroon|preimage|secret|seed|password|pairing[ _-]?phrase))(["'\s:=]+)([0-9a-fA-F]{64,}|[A-Za-z0-9+/_-]{40,}={0,2})/gi
// Passwords and pairing phrases are short or made of words: whatever value is
// named so goes, a quoted one whole (`"pairingPhrase":"word word …"`), an
// unquoted one to the next space or separator.
const NAMED_WORDS =
  /\b((?:[a-z]+_)*[a-z]*?(?:password|passphrase|pairing[ _-]?phrase))(\s*["']?\s*[:=]\s*)(?:"[^"]*"|'[^']*'|[^\s"',;&}]+)/gi
// `macaroon=...` in lndconnect URIs and query strings.
const MACAROON_PARAM = /([?&]macaroon=)[^&\s]+/gi
// `https://user:password@host`
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi

/**
 * Removes secrets from a text before it reaches a message or a log: the
 * `secrets` given, macaroons and other long blobs, values labelled as
 * preimages, seeds or secrets (`snake_case` or `camelCase` names), any value
 * labelled as a password or pairing phrase, `macaroon=` parameters and URL
 * credentials.
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
    .replace(NAMED_WORDS, (_, name: string, separator: string) => `${name}${separator}${REDACTED}`)
    .replace(LONG_BLOB, REDACTED)
}
