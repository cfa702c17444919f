import type { LoanStore } from '../store/LoanStore.js'
import { memoryLoanStore } from '../store/memoryLoanStore.js'
import { sqliteLoanStore } from '../store/sqliteLoanStore.js'
import { sqliteDrivers } from '../store/testing/sqliteDrivers.js'
import { wakeIndexProperty } from '../testing/wakeIndexProperty.js'

const stores: [string, () => Promise<LoanStore>][] = [
  ['memoryLoanStore', async () => memoryLoanStore()],
  ...sqliteDrivers.map((driver): [string, () => Promise<LoanStore>] => [
    `sqliteLoanStore on ${driver}`,
    () => sqliteLoanStore({ path: ':memory:', driver }),
  ]),
]

wakeIndexProperty(stores, 150)
