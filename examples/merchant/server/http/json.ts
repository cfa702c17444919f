/** JSON with bigints as decimal strings: amounts stay exact on the wire. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
}

/** A JSON response whose bigints are decimal strings. */
export function jsonResponse(value: unknown, status = 200): Response {
  return new Response(toJson(value), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  })
}
