import { describe, expect, it } from 'vitest'
import { rolloverLockIdOf } from './rolloverLockIdOf.js'

describe('rolloverLockIdOf', () => {
  it('reads the lock a rollover request names', () => {
    expect(rolloverLockIdOf({ data: { lockId: 'loan-1:lock:3', amountSat: 1n } })).toBe(
      'loan-1:lock:3',
    )
  })

  it('refuses a rollover request that names no lock', () => {
    for (const lockId of [undefined, '', 3, null]) {
      expect(() => rolloverLockIdOf({ data: { lockId } })).toThrow(
        expect.objectContaining({
          name: 'LoanError',
          reason: 'DESK_ERROR',
          shortMessage: expect.stringMatching(/rollover request names no lock/),
        }),
      )
    }
  })
})
