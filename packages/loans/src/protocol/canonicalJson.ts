import { InvalidArgumentError } from '@btcfi/core'

/**
 * The one text both sides sign: JSON with object keys sorted, no spaces,
 * bigints as decimal strings, fields that are `undefined` left out. Numbers
 * must be safe integers (no floats).
 *
 * @example
 * canonicalJson({ b: 1n, a: [true, null] }) // '{"a":[true,null],"b":"1"}'
 */
export function canonicalJson(value: unknown): string {
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
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
    }
    default:
      throw new InvalidArgumentError('value', 'JSON data', { received: `a ${typeof value}` })
  }
}
