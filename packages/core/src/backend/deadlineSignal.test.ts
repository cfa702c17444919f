import { describe, expect, it } from 'vitest'
import { deadlineSignal } from './deadlineSignal.js'

describe('deadlineSignal', () => {
  it('aborts at its deadline with a TimeoutError, even after a garbage collection', async () => {
    const deadline = deadlineSignal(50)
    const gc = (globalThis as { gc?: () => void }).gc
    gc?.()
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect(deadline.signal.aborted).toBe(true)
    expect((deadline.signal.reason as DOMException).name).toBe('TimeoutError')
    expect(deadline.timedOut()).toBe(true)
  })

  it("aborts with the caller's reason, at once if already aborted, and not after clear()", async () => {
    const caller = new AbortController()
    const deadline = deadlineSignal(10_000, caller.signal)
    caller.abort('stop')
    expect(deadline.signal.reason).toBe('stop')
    expect(deadline.timedOut()).toBe(false)
    deadline.clear()
    expect(deadlineSignal(10_000, AbortSignal.abort('early')).signal.reason).toBe('early')
    const cleared = deadlineSignal(30)
    cleared.clear()
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(cleared.signal.aborted).toBe(false)
  })
})
