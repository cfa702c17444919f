import type { HttpRule } from '@btcfi/core'
import { InvalidArgumentError } from '@btcfi/core'

/** One request to lnd's REST gateway, from an RPC's rule and message. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE'
  /** The path and query, without the leading slash: `v1/invoice/ab12…`. */
  path: string
  /** The JSON body of a POST; undefined for a GET or DELETE. */
  body: string | undefined
}

interface CompiledRule {
  method: HttpRequest['method']
  /** Literal text, or the field path of a `{field.sub}` parameter. */
  parts: (string | string[])[]
  fields: string[][]
}

const compiled = new Map<HttpRule, CompiledRule>()

function compile(rule: HttpRule): CompiledRule {
  let found = compiled.get(rule)
  if (found === undefined) {
    const space = rule.indexOf(' ')
    const parts = rule
      .slice(space + 1)
      .split(/(\{[^}]+\})/)
      .filter((part) => part !== '')
      .map((part) => (part.startsWith('{') ? part.slice(1, -1).split('.') : part))
    found = {
      method: rule.slice(0, space) as HttpRequest['method'],
      parts,
      fields: parts.filter((part): part is string[] => Array.isArray(part)),
    }
    compiled.set(rule, found)
  }
  return found
}

/**
 * lnd's gateway rule applied to a request message: each `{field}` of the path
 * takes that field (bytes in base64url, which lnd's gateway decodes in a path,
 * as its docs ask); the other fields go in the query of a GET or DELETE
 * (nested ones as `a.b=`), or in the JSON body of a POST.
 */
export function toHttpRequest(rule: HttpRule, message: object): HttpRequest {
  const { method, parts, fields } = compile(rule)
  let rest = message as Record<string, unknown>
  let path = parts[0] as string
  if (fields.length > 0) {
    rest = withoutFields(rest, fields)
    path = ''
    for (const part of parts)
      path += typeof part === 'string' ? part : pathValue(valueAt(message, part))
  }
  if (method === 'POST') return { method, path, body: JSON.stringify(rest) }
  // Most GETs send nothing: no query to build.
  let search = ''
  for (const _ in rest) {
    const query = new URLSearchParams()
    addQuery(query, '', rest)
    search = query.toString()
    break
  }
  return { method, path: search === '' ? path : `${path}?${search}`, body: undefined }
}

/** The value at `field` (a path of names) of `message`. */
function valueAt(message: object, field: string[]): unknown {
  let node: unknown = message
  for (const name of field) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[name]
  }
  return node
}

/** `message` without its path fields: only the objects on their way are copied. */
function withoutFields(
  message: Record<string, unknown>,
  fields: string[][],
): Record<string, unknown> {
  const copy = { ...message }
  for (const field of fields) {
    let node = copy
    for (const name of field.slice(0, -1)) {
      const next = node[name]
      if (typeof next !== 'object' || next === null) break
      node[name] = { ...(next as Record<string, unknown>) }
      node = node[name] as Record<string, unknown>
    }
    delete node[field.at(-1) as string]
  }
  return copy
}

/**
 * A path parameter: a number, or a string (bytes in standard base64 become
 * base64url, padding kept: no other field lnd takes in a path holds + or /).
 * An empty, `.` or `..` segment would point at another route: refused.
 */
function pathValue(value: unknown): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value)
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..')
    throw new InvalidArgumentError('request', 'every field lnd takes in the path', {
      received: typeof value === 'string' ? 'an empty or dot segment' : typeof value,
    })
  return encodeURIComponent(value.replaceAll('+', '-').replaceAll('/', '_')).replaceAll('%3D', '=')
}

function addQuery(query: URLSearchParams, prefix: string, value: unknown): void {
  if (value === undefined || value === null) return
  if (Array.isArray(value)) {
    for (const item of value) addQuery(query, prefix, item)
    return
  }
  if (typeof value === 'object') {
    for (const [name, field] of Object.entries(value))
      addQuery(query, prefix === '' ? name : `${prefix}.${name}`, field)
    return
  }
  query.append(prefix, String(value))
}
