import { redact } from './redact.js'
import { isSecretName, MAX_CAUSE_DEPTH } from './redactCause.js'

/** JSON data, as `JSON.stringify` writes it. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue }

const REDACTED = '[redacted]'

/**
 * An error as JSON data, for logs and error trackers: its name, message and
 * own fields, then its cause and AggregateError `errors`, the same way down
 * the chain. Strings are redacted, values of secret field names are
 * `[redacted]`, bigints become decimal strings, bytes hex, cycles
 * `[circular]`, what lies deeper than MAX_CAUSE_DEPTH `[truncated]`. No
 * stack: it adds nothing a log can use and `error.stack` has it.
 */
export function errorToJson(error: Error): { [key: string]: JsonValue } {
  const json = toJson(error, new Set(), 0)
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {}
}

function toJson(value: unknown, active: Set<object>, depth: number): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
      return redact(value)
    case 'number':
      return Number.isFinite(value) ? value : String(value)
    case 'boolean':
      return value
    case 'bigint':
      return value.toString()
    case 'object':
      break
    default:
      // undefined, functions and symbols: left out, as JSON.stringify does.
      return undefined
  }
  if (value === null) return null
  if (active.has(value)) return '[circular]'
  if (depth > MAX_CAUSE_DEPTH) return '[truncated]'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString()
  if (value instanceof Uint8Array) {
    let hex = ''
    for (const byte of value) hex += byte.toString(16).padStart(2, '0')
    return redact(hex)
  }
  active.add(value)
  try {
    if (Array.isArray(value) || value instanceof Set)
      return [...value].map((item) => toJson(item, active, depth + 1) ?? null)
    const entries: [string, unknown][] =
      value instanceof Map
        ? [...value].map(([key, item]) => [String(key), item])
        : value instanceof Error
          ? errorEntries(value)
          : Object.entries(value)
    const out: { [key: string]: JsonValue } = {}
    for (const [key, item] of entries) {
      const json =
        isSecretName(key) && item != null && typeof item !== 'boolean'
          ? REDACTED
          : toJson(item, active, depth + 1)
      if (json !== undefined) out[key] = json
    }
    return out
  } finally {
    active.delete(value)
  }
}

/** name and message first, then the error's own fields, then cause and errors; never the stack. */
function errorEntries(error: Error): [string, unknown][] {
  const entries: [string, unknown][] = [
    ['name', error.name],
    ['message', error.message],
  ]
  for (const [key, item] of Object.entries(error))
    if (key !== 'name' && key !== 'message' && key !== 'stack' && key !== 'cause')
      entries.push([key, item])
  if (error.cause !== undefined) entries.push(['cause', error.cause])
  if (error instanceof AggregateError) entries.push(['errors', error.errors])
  return entries
}
