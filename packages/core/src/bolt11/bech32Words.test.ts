import { bech32 } from '@scure/base'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bech32Words } from './bech32Words.js'

/** What @scure/base answers for the same text: the oracle. */
function oracle(text: string): { prefix: string; words: number[] } | 'throws' {
  try {
    return bech32.decode(text as `${string}1${string}`, false)
  } catch {
    return 'throws'
  }
}
function ours(text: string): { prefix: string; words: number[] } | 'throws' {
  try {
    const { prefix, words } = bech32Words(text)
    return { prefix, words: [...words] }
  } catch {
    return 'throws'
  }
}

const prefix = fc.stringMatching(/^[a-z0-9!-~]{1,12}$/).filter((p) => !p.includes('1'))
const words = fc.array(fc.integer({ min: 0, max: 31 }), { maxLength: 700 })
const encoded = fc.tuple(prefix, words).map(([p, w]) => bech32.encode(p, w, false))

describe('bech32Words', () => {
  // BIP-173's valid bech32 strings.
  it.each([
    'A12UEL5L',
    'a12uel5l',
    'an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs',
    'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw',
    'split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w',
    '?1ezyfcl',
  ])('reads %s as @scure/base does', (text) => {
    expect(ours(text)).toEqual(oracle(text))
    expect(ours(text)).not.toBe('throws')
  })

  // BIP-173's invalid ones (those that are invalid without a length limit).
  it.each([
    ['\x201nwldj5', 'a prefix character out of range'],
    ['\x7f1axkwrx', 'a prefix character out of range'],
    ['\x801eym55h', 'a prefix character out of range'],
    ['pzry9x0s0muk', 'no separator'],
    ['1pzry9x0s0muk', 'an empty prefix'],
    ['x1b4n0q5v', 'a character not in the charset'],
    ['li1dgmt3', 'a checksum too short'],
    ['de1lg7wt\xff', 'a character not in the charset'],
    ['A1G7SGD8', 'a checksum computed on the uppercase prefix'],
    ['10a06t8', 'an empty prefix'],
    ['1qzzfhee', 'an empty prefix'],
  ])('refuses %j (%s)', (text) => {
    expect(() => bech32Words(text)).toThrow()
    expect(oracle(text)).toBe('throws')
  })

  it('reads every string @scure/base encodes, in either case, as it does', () => {
    fc.assert(
      fc.property(encoded, fc.boolean(), (text, upper) => {
        const cased = upper ? text.toUpperCase() : text
        expect(ours(cased)).toEqual(oracle(cased))
      }),
    )
  })

  it('agrees with @scure/base on any change to a valid string: a character replaced, dropped or its case flipped', () => {
    fc.assert(
      fc.property(
        encoded,
        fc.nat(),
        fc.constantFrom(...'qpzry9x8gf2tvdw0s3jn54khce6mua7l1bioBIO QP'),
        fc.constantFrom('replace', 'drop', 'case'),
        (text, at, char, how) => {
          const i = at % text.length
          const changed =
            how === 'replace'
              ? text.slice(0, i) + char + text.slice(i + 1)
              : how === 'drop'
                ? text.slice(0, i) + text.slice(i + 1)
                : text.slice(0, i) + text[i]!.toUpperCase() + text.slice(i + 1)
          expect(ours(changed)).toEqual(oracle(changed))
        },
      ),
    )
  })

  it('agrees with @scure/base on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        expect(ours(text)).toEqual(oracle(text))
      }),
    )
  })
})
