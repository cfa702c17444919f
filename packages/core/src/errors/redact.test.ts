import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { redact } from './redact.js'

describe('redact', () => {
  it('removes the secrets it is given', () => {
    expect(redact('phrase: alpha beta gamma delta', ['alpha beta gamma delta'])).toBe(
      'phrase: [redacted]',
    )
  })

  it('removes macaroons, labelled secrets, macaroon parameters and URL credentials', () => {
    const macaroon = 'a1'.repeat(120)
    expect(redact(`header ${macaroon} end`)).toBe('header [redacted] end')
    expect(redact(`preimage=${'0f'.repeat(32)}`)).toBe('preimage=[redacted]')
    // lnd's own names, in its JSON (base64) and in text (hex)
    expect(redact(`{"payment_preimage":"${'A'.repeat(43)}="}`)).toBe(
      '{"payment_preimage":"[redacted]"}',
    )
    expect(redact(`r_preimage: ${'ab'.repeat(32)}`)).toBe('r_preimage: [redacted]')
    expect(redact(`"seed": "${'ab'.repeat(32)}"`)).toBe('"seed": "[redacted]"')
    expect(redact('lndconnect://h:1?cert=abc&macaroon=AgEDbG5k')).toBe(
      'lndconnect://h:1?cert=abc&macaroon=[redacted]',
    )
    expect(redact('https://user:pw@node.example/v1')).toBe('https://[redacted]@node.example/v1')
  })

  it('leaves payment hashes and pubkeys alone when not labelled as secrets', () => {
    const hash = 'ab'.repeat(32)
    expect(redact(`payment ${hash} failed`)).toBe(`payment ${hash} failed`)
  })

  it('never lets a long hex blob through, whatever surrounds it', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.uint8Array({ minLength: 50, maxLength: 400 }),
        fc.string(),
        (a, bytes, b) => {
          const blob = Buffer.from(bytes).toString('hex')
          expect(redact(`${a} ${blob} ${b}`)).not.toContain(blob)
        },
      ),
    )
  })
})
