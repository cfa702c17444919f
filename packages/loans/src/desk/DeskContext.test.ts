import { describe, expect, it } from 'vitest'
import type { LoanClaim, LoanStore } from '../store/LoanStore.js'
import { memoryLoanStore } from '../store/memoryLoanStore.js'
import { offlineDeskContext } from '../testing/offlineDeskContext.js'

/** A book shared with another worker, who holds the keys in `elsewhere`. */
function sharedBook(elsewhere: Set<string>): LoanStore & { held: Set<string> } {
  const held = new Set<string>()
  return {
    ...memoryLoanStore(),
    held,
    async claim(key): Promise<LoanClaim | undefined> {
      if (elsewhere.has(key) || held.has(key)) return undefined
      held.add(key)
      return { release: async () => void held.delete(key) }
    },
  }
}

describe('the turns of a desk on a book several workers share', () => {
  it('a turn waits while another worker holds the loan, holds the claim while it runs, and gives it back', async () => {
    const elsewhere = new Set(['loan-1'])
    const store = sharedBook(elsewhere)
    const ctx = offlineDeskContext(store)
    let ran = false
    const turn = ctx.exclusive('loan-1', async () => {
      ran = true
      expect(store.held.has('loan-1')).toBe(true)
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(ran).toBe(false)
    elsewhere.delete('loan-1') // the other worker is done (or died)
    await turn
    expect(ran).toBe(true)
    expect(store.held.size).toBe(0)
  })

  it('a tick’s try skips a loan held elsewhere or busy here, and runs a free one', async () => {
    const store = sharedBook(new Set(['held-elsewhere']))
    const ctx = offlineDeskContext(store)
    expect(await ctx.tryExclusive('held-elsewhere', async () => 'ran')).toBeUndefined()
    let release!: () => void
    const started = new Promise<void>((running) => {
      void ctx.exclusive('busy-here', () => {
        running()
        return new Promise<void>((r) => (release = r))
      })
    })
    await started
    expect(await ctx.tryExclusive('busy-here', async () => 'ran')).toBeUndefined()
    release()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(await ctx.tryExclusive('busy-here', async () => 'ran')).toBe('ran')
    expect(await ctx.tryExclusive('free', async () => 'ran')).toBe('ran')
    expect(store.held.size).toBe(0)
  })

  it('a follow another worker holds is left to it', async () => {
    const store = sharedBook(new Set(['disburse:loan-1']))
    const ctx = offlineDeskContext(store)
    const followed: string[] = []
    ctx.detached('disburse:loan-1', 'disbursing', async () => void followed.push('loan-1'))
    ctx.detached('disburse:loan-2', 'disbursing', async () => void followed.push('loan-2'))
    while (ctx.running.size > 0) await Promise.allSettled([...ctx.running])
    expect(followed).toEqual(['loan-2'])
    expect(store.held.size).toBe(0)
  })
})
