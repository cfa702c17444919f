import { describe, expect, it } from 'vitest'
import { withDeadline } from './withDeadline.js'

describe('withDeadline', () => {
  it('passes the work’s outcome through', async () => {
    await expect(withDeadline(Promise.resolve(7), 1_000, 'call')).resolves.toBe(7)
    await expect(withDeadline(Promise.reject(new Error('no')), 1_000, 'call')).rejects.toThrow('no')
  })

  it('rejects a stalled call once its time is up', async () => {
    await expect(withDeadline(new Promise(() => {}), 20, 'payInvoice')).rejects.toThrow(
      'payInvoice: no answer within 0.02 s',
    )
  })
})
