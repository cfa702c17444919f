import { redact } from './redact.js'

const REDACTED = '[redacted]'
const CIRCULAR = '[circular]'
const TRUNCATED = '[truncated]'

/** How deep a cause is followed (causes, their fields, their causes...); deeper is `[truncated]`. */
export const MAX_CAUSE_DEPTH = 16
/** How many objects of one cause are looked at, at most; the rest is `[truncated]`. */
const MAX_NODES = 2_000

/**
 * A field whose value is a secret, whatever the value looks like: a macaroon
 * (also in a header such as `Grpc-Metadata-macaroon`), a preimage, a seed, a
 * password, a pairing phrase, credentials.
 */
const SECRET_NAME =
  /macaroon|preimage|secret|seed|password|passphrase|pairing[ _-]?phrase|mnemonic|authorization|cookie|private[ _-]?key/i

/** True for a field name whose value must never be shown. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name)
}

/** Whether a value under a secret name is hidden: everything but "nothing there" and flags. */
function hides(value: unknown): boolean {
  return value !== undefined && value !== null && typeof value !== 'boolean'
}

const errorFields = ['name', 'message', 'stack', 'cause', 'errors'] as const

function isErrorLike(value: object): boolean {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]'
}

function read(value: object, key: PropertyKey): unknown {
  try {
    return (value as Record<PropertyKey, unknown>)[key]
  } catch {
    return undefined
  }
}

/**
 * The named fields of a value that a log, `util.inspect` or a serializer may
 * show: an error's name, message, stack, cause and AggregateError `errors`
 * plus its own fields; an object's own enumerable fields; an array's items; a
 * Map's or Headers' entries. Keys of Map entries that are not strings are `''`.
 */
function fieldsOf(value: object): [string, unknown][] {
  if (Array.isArray(value)) return value.map((item, index) => [String(index), item])
  if (value instanceof Map) return [...value].map(([k, v]) => [typeof k === 'string' ? k : '', v])
  if (value instanceof Set) return [...value].map((v, index) => [String(index), v])
  if (isHeaders(value)) {
    const entries: [string, unknown][] = []
    value.forEach((v, k) => {
      entries.push([k, v])
    })
    return entries
  }
  if (isErrorLike(value)) {
    const keys = new Set<string>()
    for (const key of errorFields) if (key in value) keys.add(key)
    for (const key of Reflect.ownKeys(value)) if (typeof key === 'string') keys.add(key)
    // Getters of its class (a DOMException's `code`): a copy could not run them.
    for (const key of inheritedGetters(value)) keys.add(key)
    return [...keys].map((key) => [key, read(value, key)])
  }
  return Object.keys(value).map((key) => [key, read(value, key)])
}

/** The names of the getters an error inherits from its classes, below Error.prototype. */
function inheritedGetters(error: object): string[] {
  const names: string[] = []
  let proto: object | null = Object.getPrototypeOf(error)
  for (let hops = 0; proto && proto !== Error.prototype && proto !== Object.prototype; hops++) {
    if (hops > 8) break
    for (const key of Object.getOwnPropertyNames(proto))
      if (typeof Object.getOwnPropertyDescriptor(proto, key)?.get === 'function') names.push(key)
    proto = Object.getPrototypeOf(proto)
  }
  return names
}

interface HeadersLike {
  forEach(fn: (value: string, key: string) => void): void
}

function isHeaders(value: object): value is HeadersLike {
  return typeof Headers !== 'undefined' && value instanceof Headers
}

function isRequest(value: object): value is Request {
  return typeof Request !== 'undefined' && value instanceof Request
}

function bytesToHex(bytes: Uint8Array): string {
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/**
 * The secret values in a cause: every string (and byte array, as hex and
 * base64) found under a secret field name (`preimage`, `macaroon`,
 * `password`...), anywhere down the cause chain. The same value may also be
 * written, unnamed, in a message: knowing it, `redact` removes it there too.
 */
export function secretsIn(value: unknown): string[] {
  const found = new Set<string>()
  const seen = new Set<object>()
  const visit = (current: unknown, depth: number): void => {
    if (typeof current !== 'object' || current === null) return
    if (depth > MAX_CAUSE_DEPTH || seen.has(current) || seen.size >= MAX_NODES) return
    seen.add(current)
    if (ArrayBuffer.isView(current) || isRequest(current)) return
    for (const [key, field] of fieldsOf(current)) {
      if (isSecretName(key)) {
        if (typeof field === 'string' && field.length >= 4) found.add(field)
        if (field instanceof Uint8Array && field.length >= 2) {
          found.add(bytesToHex(field))
          found.add(bytesToBase64(field))
        }
      }
      visit(field, depth + 1)
    }
  }
  visit(value, 0)
  return [...found]
}

interface Context {
  secrets: readonly string[]
  /** The objects being redacted, from the top down: met again, they are a cycle. */
  active: Set<object>
  /** The objects already redacted, and what they became. */
  done: Map<object, unknown>
  nodes: number
}

/**
 * The cause of an SDK error, safe to show: the same value when it holds no
 * secret, else a redacted copy. Strings pass through `redact(text, secrets)`;
 * the value of a secret field name is `[redacted]`; an error copy keeps its
 * prototype (so `instanceof`, `code` and the SDK's `walk` still work), its
 * name, its message and stack (redacted), its own fields and its cause
 * (redacted the same way, down the chain). Cycles become `[circular]`, what
 * lies deeper than MAX_CAUSE_DEPTH `[truncated]`.
 */
export function redactCause(value: unknown, secrets: readonly string[] = []): unknown {
  return clean(value, { secrets, active: new Set(), done: new Map(), nodes: 0 }, 0)
}

function clean(value: unknown, context: Context, depth: number): unknown {
  if (typeof value === 'string') return redact(value, context.secrets)
  if (typeof value !== 'object' || value === null) return value
  if (context.active.has(value)) return CIRCULAR
  if (context.done.has(value)) return context.done.get(value)
  if (depth > MAX_CAUSE_DEPTH || context.nodes >= MAX_NODES) return TRUNCATED
  context.nodes += 1
  context.active.add(value)
  let result: unknown
  try {
    result = cleanObject(value, context, depth)
  } finally {
    context.active.delete(value)
  }
  context.done.set(value, result)
  return result
}

function cleanObject(value: object, context: Context, depth: number): unknown {
  if (ArrayBuffer.isView(value)) {
    if (!(value instanceof Uint8Array) || context.secrets.length === 0) return value
    const hex = bytesToHex(value)
    return context.secrets.includes(hex) || context.secrets.includes(bytesToBase64(value))
      ? REDACTED
      : value
  }
  if (value instanceof Date || value instanceof RegExp) return value
  // A Request holds the macaroon in its headers: only its method and address remain.
  if (isRequest(value))
    return `[Request ${value.method} ${redact(value.url.split('?')[0] ?? '', context.secrets)}]`
  if (typeof URL !== 'undefined' && value instanceof URL) {
    const href = redact(value.href, context.secrets)
    return href === value.href ? value : href
  }
  const fields = fieldsOf(value)
  let changed = false
  const cleaned = fields.map(([key, field]): [string, unknown] => {
    const safe = isSecretName(key) && hides(field) ? REDACTED : clean(field, context, depth + 1)
    if (safe !== field) changed = true
    return [key, safe]
  })
  if (!changed) return value
  if (Array.isArray(value)) return cleaned.map(([, field]) => field)
  if (value instanceof Set) return new Set(cleaned.map(([, field]) => field))
  if (value instanceof Map) {
    const keys = [...value.keys()]
    return new Map(cleaned.map(([, field], index) => [keys[index], field]))
  }
  if (isHeaders(value)) return Object.fromEntries(cleaned)
  if (isErrorLike(value)) return copyError(value, cleaned)
  const copy: object = Object.create(Object.getPrototypeOf(value))
  for (const [key, field] of cleaned) define(copy, key, field, true)
  return copy
}

/**
 * A native error (so that `util.inspect` shows it as one) with the original's
 * prototype, and each field redacted, enumerable as it was. Fields the
 * original inherits (a DOMException's `name`, `message`) become its own, so
 * that no getter of the prototype reads a slot the copy does not have.
 */
function copyError(original: object, cleaned: [string, unknown][]): Error {
  const copy = new Error()
  Object.setPrototypeOf(copy, Object.getPrototypeOf(original))
  if (!('stack' in original)) Reflect.deleteProperty(copy, 'stack')
  for (const [key, field] of cleaned) {
    const own = Object.getOwnPropertyDescriptor(original, key)
    define(copy, key, field, own?.enumerable ?? false)
  }
  return copy
}

/** Defined, not assigned: an own `__proto__` field (JSON.parse makes them) stays a field. */
function define(target: object, key: string, value: unknown, enumerable: boolean): void {
  Object.defineProperty(target, key, { value, enumerable, writable: true, configurable: true })
}
