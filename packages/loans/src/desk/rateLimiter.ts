/** Counts calls per key in fixed windows; `take` is false once a key has used its window's share. */
export interface RateLimiter {
  take(key: string): boolean
}

/**
 * A fixed-window counter: at most `limit` calls per key per `windowMs` of
 * `now` (the desk's clock). Its memory is bounded by the keys of one window (the counts are
 * dropped when a new window starts).
 */
export function rateLimiter({
  limit,
  windowMs,
  now = Date.now,
}: {
  limit: number
  windowMs: number
  now?: () => number
}): RateLimiter {
  let window = -1
  const counts = new Map<string, number>()
  return {
    take(key) {
      const current = Math.floor(now() / windowMs)
      if (current !== window) {
        window = current
        counts.clear()
      }
      const used = counts.get(key) ?? 0
      if (used >= limit) return false
      counts.set(key, used + 1)
      return true
    },
  }
}
