// The data part of an invoice is read as 5-bit words, one byte each, straight
// from the string. @scure/base's `bech32.decode` does the same work through
// three arrays of numbers and a lowercase copy of the string (about 6 KB per
// invoice, read once per payment); it stays the test oracle of this reader
// (`bech32Words.test.ts`) and the encoder and address codec elsewhere.

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
/** Word of each lowercase character code; 255: not in the charset. */
const WORD_OF = /* @__PURE__ */ (() => {
  const table = new Uint8Array(128).fill(255)
  for (let i = 0; i < CHARSET.length; i++) table[CHARSET.charCodeAt(i)] = i
  return table
})()

const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]

const lowerCase = (code: number) => (code >= 65 && code <= 90 ? code + 32 : code)

function polymodStep(checksum: number): number {
  const top = checksum >>> 25
  let next = (checksum & 0x1ffffff) << 5
  for (let i = 0; i < 5; i++) if ((top >>> i) & 1) next ^= GENERATOR[i]!
  return next
}

/**
 * The prefix (lowercase) and the data words, checksum excluded, of a bech32
 * string (BIP-173, any length, as BOLT 11 needs). Throws a plain `Error` saying
 * what is wrong; the caller wraps it in its own error.
 */
export function bech32Words(text: string): { prefix: string; words: Uint8Array } {
  if (text.length < 8) throw new Error('too short')
  const separator = text.lastIndexOf('1')
  if (separator < 1) throw new Error('no prefix before the separator "1"')
  const dataLength = text.length - separator - 1
  if (dataLength < 6) throw new Error('no room for the checksum')
  let lower = false
  let upper = false
  const prefix = text.slice(0, separator)
  let checksum = 1
  for (let i = 0; i < separator; i++) {
    const code = text.charCodeAt(i)
    if (code < 33 || code > 126) throw new Error('a character of the prefix is out of range')
    if (code >= 65 && code <= 90) upper = true
    else if (code >= 97 && code <= 122) lower = true
    checksum = polymodStep(checksum) ^ (lowerCase(code) >>> 5)
  }
  checksum = polymodStep(checksum)
  for (let i = 0; i < separator; i++)
    checksum = polymodStep(checksum) ^ (lowerCase(text.charCodeAt(i)) & 31)
  const words = new Uint8Array(dataLength)
  for (let i = 0; i < dataLength; i++) {
    let code = text.charCodeAt(separator + 1 + i)
    if (code >= 65 && code <= 90) {
      upper = true
      code += 32
    } else if (code >= 97 && code <= 122) lower = true
    const word = code < 128 ? WORD_OF[code]! : 255
    if (word === 255) throw new Error(`"${text[separator + 1 + i]}" is not a bech32 character`)
    words[i] = word
    checksum = polymodStep(checksum) ^ word
  }
  if (lower && upper) throw new Error('mixed case')
  if (checksum !== 1) throw new Error('wrong checksum')
  return { prefix: upper ? prefix.toLowerCase() : prefix, words: words.subarray(0, dataLength - 6) }
}
