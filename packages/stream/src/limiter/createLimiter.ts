export interface LimiterOptions {
  /** Payments in flight at once, across all streams of the node. Default 100 (a channel side holds 483 HTLCs). */
  maxInFlight?: number
  /** Payments started per second. Default 30 (what one lnd channel pair sustains comfortably). */
  perSecond?: number
}

export interface Limiter {
  /** Runs `send` when a slot and a token are free; first come, first served. */
  run<T>(send: () => Promise<T>): Promise<T>
  readonly inFlight: number
  /** The most payments that were ever in flight at once. */
  readonly peakInFlight: number
}

/**
 * A per-node limiter shared by every stream of a client. Each stream keeps at
 * most one payment in flight and queues behind the others, so the queue
 * serves streams in turn.
 */
export function createLimiter({ maxInFlight = 100, perSecond = 30 }: LimiterOptions = {}): Limiter {
  const queue: (() => void)[] = []
  let inFlight = 0
  let peak = 0
  let tokens = perSecond
  let refilledAt = Date.now()
  let timer: ReturnType<typeof setTimeout> | undefined

  const pump = () => {
    const now = Date.now()
    tokens = Math.min(perSecond, tokens + ((now - refilledAt) / 1000) * perSecond)
    refilledAt = now
    while (queue.length > 0 && inFlight < maxInFlight && tokens >= 1) {
      tokens -= 1
      inFlight += 1
      peak = Math.max(peak, inFlight)
      queue.shift()!()
    }
    if (queue.length > 0 && inFlight < maxInFlight && timer === undefined) {
      timer = setTimeout(
        () => {
          timer = undefined
          pump()
        },
        Math.ceil(((1 - tokens) / perSecond) * 1000),
      )
    }
  }

  return {
    get inFlight() {
      return inFlight
    },
    get peakInFlight() {
      return peak
    },
    run(send) {
      return new Promise((resolve, reject) => {
        queue.push(() => {
          send()
            .then(resolve, reject)
            .finally(() => {
              inFlight -= 1
              pump()
            })
        })
        pump()
      })
    },
  }
}
