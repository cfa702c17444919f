import { InvalidArgumentError } from '@btcfi/core'

/** How deep signed JSON may nest (the protocol's own data is a few levels deep). */
export const MAX_JSON_DEPTH = 64

/**
 * The one text both sides sign: JSON with object keys sorted, no spaces,
 * bigints as decimal strings, fields that are `undefined` left out. Numbers
 * must be safe integers (no floats); objects must be plain (no `Date`, `Map`,
 * class instances) and nest at most `MAX_JSON_DEPTH` deep. Anything else is an
 * `InvalidArgumentError`.
 *
 * @example
 * canonicalJson({ b: 1n, a: [true, null] }) // '{"a":[true,null],"b":"1"}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0)
}

function write(value: unknown, depth: number): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'bigint':
      return JSON.stringify(value.toString())
    case 'string':
    case 'boolean':
      return JSON.stringify(value)
    case 'number':
      if (!Number.isSafeInteger(value)) {
        throw new InvalidArgumentError('value', 'safe integers only in signed JSON', {
          received: String(value),
        })
      }
      return JSON.stringify(value === 0 ? 0 : value)
    case 'object': {
      if (depth >= MAX_JSON_DEPTH) {
        throw new InvalidArgumentError('value', `JSON nested at most ${MAX_JSON_DEPTH} deep`)
      }
      if (Array.isArray(value)) {
        return `[${value.map((v) => write(v ?? null, depth + 1)).join(',')}]`
      }
      const prototype = Object.getPrototypeOf(value)
      if (prototype !== Object.prototype && prototype !== null) {
        throw new InvalidArgumentError('value', 'plain objects only in signed JSON', {
          received: 'an instance of a class',
        })
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v, depth + 1)}`).join(',')}}`
    }
    default:
      throw new InvalidArgumentError('value', 'JSON data', { received: `a ${typeof value}` })
  }
}
