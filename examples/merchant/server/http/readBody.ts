import type { Context } from 'hono'

/** The request's JSON object (an empty object when there is none). */
export async function readBody(c: Context): Promise<Record<string, unknown>> {
  const body: unknown = await c.req.json().catch(() => ({}))
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
}

/** A bigint from JSON (decimal string or safe integer). */
export function bigintField(value: unknown, name: string): bigint {
  if (typeof value === 'string' && /^\d{1,30}$/.test(value)) return BigInt(value)
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  throw new RangeError(`${name} must be a whole number.`)
}

export function stringField(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4_000) {
    throw new RangeError(`${name} must be a string.`)
  }
  return value
}

/** Seconds between 5 and one day, or undefined. */
export function secondsField(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 5 || value > 86_400) {
    throw new RangeError('expirySeconds must be 5 to 86400.')
  }
  return value
}
