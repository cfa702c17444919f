/**
 * `work`, or a rejection once `ms` have passed without it settling: a call
 * that stalls for good (a stream that never ends) fails its run instead of
 * hanging the benchmark. The work itself is not stopped.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}
