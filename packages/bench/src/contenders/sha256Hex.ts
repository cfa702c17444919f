import { createHash } from 'node:crypto'

/** SHA-256 of hex bytes, as hex (a payment hash from its preimage). */
export function sha256Hex(hex: string): string {
  return createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex')
}
