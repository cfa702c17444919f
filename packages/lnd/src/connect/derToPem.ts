import { bytesToBase64 } from '@btcfi/core'

/** A DER certificate → PEM (base64 in 64-character lines). */
export function derToPem(der: Uint8Array): string {
  if (der.length === 0) throw new RangeError('empty certificate')
  const base64 = bytesToBase64(der)
  let body = ''
  for (let i = 0; i < base64.length; i += 64) body += `${base64.slice(i, i + 64)}\n`
  return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`
}
