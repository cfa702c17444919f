import { describe, expect, it, vi } from 'vitest'
import { LoanError } from '../errors/LoanError.js'
import type { LoanEvent } from '../loan/LoanRecord.js'
import type { Agent, LockHandle } from './createAgent.js'
import { watchLoan } from './watchLoan.js'

const event = (seq: number, type: LoanEvent['type'], data: Record<string, unknown> = {}) => ({
  seq,
  loanId: 'loan-1',
  atMs: 0,
  type,
  data,
})

const handleOf = (lockId: string): LockHandle => ({
  lockId,
  paymentHash: 'ef'.repeat(32),
  amountSat: 1_000n,
  outcome: new Promise(() => {}),
})

/** A desk whose log holds `log`, and a rollover that fails with `failures` in turn, then pays. */
function fakeAgent(log: LoanEvent[], failures: unknown[]) {
  const rollover = vi.fn(async (_loanId: string, lockId: string) => {
    const failure = failures.shift()
    if (failure) throw failure
    return handleOf(lockId)
  })
  const agent: Pick<Agent, 'events' | 'rollover'> = {
    events: async (_loanId, afterSeq = 0) => log.filter((e) => e.seq > afterSeq),
    rollover,
  }
  return { agent, rollover }
}

describe('watchLoan', () => {
  it('tries a rollover again after a passing failure, and pays it once', async () => {
    const log = [event(1, 'rollover.requested', { lockId: 'loan-1:lock:2' })]
    const { agent, rollover } = fakeAgent(log, [
      new LoanError('DESK_ERROR', 'The desk did not answer POST /v1/loans/loan-1/rollover/ack.'),
    ])
    const paid: LockHandle[] = []
    const errors: unknown[] = []
    const stop = watchLoan(agent, 'loan-1', {
      intervalMs: 1,
      onRollover: (handle) => paid.push(handle),
      onError: (error) => errors.push(error),
    })
    try {
      await vi.waitFor(() => expect(paid).toHaveLength(1))
      expect(paid[0]!.lockId).toBe('loan-1:lock:2')
      expect(rollover).toHaveBeenCalledTimes(2)
      expect(errors).toEqual([expect.objectContaining({ reason: 'DESK_ERROR' })])
      log.push(event(2, 'loan.repaid'))
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(rollover).toHaveBeenCalledTimes(2)
    } finally {
      stop()
    }
  })

  it('does not try again a rollover lock that breaks the agreement', async () => {
    const log = [event(1, 'rollover.requested', { lockId: 'loan-1:lock:2' })]
    const { agent, rollover } = fakeAgent(log, [
      new LoanError('AGREEMENT_INVALID', 'The rollover lock asks 2 sat; the collateral is 1.'),
    ])
    const errors: unknown[] = []
    const stop = watchLoan(agent, 'loan-1', { intervalMs: 1, onError: (e) => errors.push(e) })
    try {
      await vi.waitFor(() => expect(errors).toHaveLength(1))
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(rollover).toHaveBeenCalledTimes(1)
      expect(errors[0]).toMatchObject({ reason: 'AGREEMENT_INVALID' })
    } finally {
      stop()
    }
  })

  it('reports a rollover request that names no lock, and goes on', async () => {
    const log = [event(1, 'rollover.requested', {}), event(2, 'loan.repaid')]
    const { agent, rollover } = fakeAgent(log, [])
    const errors: unknown[] = []
    const seen: number[] = []
    const stop = watchLoan(agent, 'loan-1', {
      intervalMs: 1,
      onError: (e) => errors.push(e),
      onEvent: (e) => seen.push(e.seq),
    })
    try {
      await vi.waitFor(() => expect(seen).toEqual([1, 2]))
      expect(rollover).not.toHaveBeenCalled()
      expect(errors).toEqual([
        expect.objectContaining({
          reason: 'DESK_ERROR',
          shortMessage: expect.stringMatching(/names no lock/),
        }),
      ])
    } finally {
      stop()
    }
  })
})
