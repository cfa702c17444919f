import { type LoanStore, memoryLoanStore } from '@btcfi/loans'
import { describe, expect, it } from 'vitest'
import { fullScanStore } from './fullScanStore.js'
import { idleLoan } from './idleLoan.js'

describe('fullScanStore', () => {
  it('hides the wake index and reads and writes the same loans', async () => {
    const store = memoryLoanStore()
    const scan = fullScanStore(store)
    expect(store.listWaking).toBeTypeOf('function')
    expect(scan.listWaking).toBeUndefined()
    expect(scan.hasLoans).toBeUndefined()
    expect('listWaking' in scan).toBe(false)
    const { loan } = await scan.saveLoan(idleLoan(7, 1_000))
    expect(await store.getLoan(loan.id)).toEqual(loan)
    expect((await scan.listLoans({ states: ['ACTIVE'] })).map((l) => l.id)).toEqual([loan.id])
    await scan.close()
    expect(await store.getLoan(loan.id)).toEqual(loan)
  })

  it("keeps the store's other methods, optional ones too", async () => {
    const claims: string[] = []
    const store: LoanStore = {
      ...memoryLoanStore(),
      claim: async (key) => {
        claims.push(key)
        return { release: async () => {} }
      },
    }
    await fullScanStore(store).claim?.('loan-1')
    expect(claims).toEqual(['loan-1'])
  })
})
