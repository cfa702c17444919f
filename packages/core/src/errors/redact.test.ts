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

  it("catches the SDK's camelCase names, short passwords and pairing phrases", () => {
    const preimage = 'ab'.repeat(32)
    expect(redact(`{"paymentPreimage":"${preimage}"}`)).toBe('{"paymentPreimage":"[redacted]"}')
    expect(redact(`rPreimage=${preimage}`)).toBe('rPreimage=[redacted]')
    expect(redact('password: hunter2')).toBe('password: [redacted]')
    expect(redact('{"password":"pw","other":1}')).toBe('{"password":[redacted],"other":1}')
    expect(redact('connect?passphrase=s3cr3t&x=1')).toBe('connect?passphrase=[redacted]&x=1')
    expect(redact('{"pairingPhrase":"alpha beta gamma delta"}')).toBe(
      '{"pairingPhrase":[redacted]}',
    )
    expect(redact("pairing_phrase = 'alpha beta'")).toBe('pairing_phrase = [redacted]')
  })

  it('never lets a named password through, whatever it is', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('password', 'userPassword', 'db_password', 'pairingPhrase', 'passphrase'),
        fc.constantFrom(': ', '=', ' = '),
        fc.stringMatching(/^[A-Za-z0-9!#$%*+./@^_~-]{1,40}$/),
        (name, separator, value) => {
          const text = `before ${name}${separator}${value} after`
          expect(redact(text)).toBe(`before ${name}${separator}[redacted] after`)
          // In JSON, with spaces allowed inside the quotes.
          const json = JSON.stringify({ [name]: `${value} ${value}`, n: 1 })
          expect(redact(json)).toBe(`{"${name}":[redacted],"n":1}`)
        },
      ),
    )
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
