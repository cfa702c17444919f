import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type LoanStore, memoryLoanStore, sqliteLoanStore } from '@btcfi/loans/node'
import type { BookStoreKind } from './LoanBookResult.js'
import { openPostgresBookStore } from './openPostgresBookStore.js'

/** A store of the loan book, with what the book measures of it. */
export interface BookStore {
  store: LoanStore
  /** The loans' bytes on disk (undefined in memory). */
  loanBytesOnDisk(): Promise<number | undefined>
  /** Settles the store after the fill as its database would by itself (PostgreSQL: ANALYZE). */
  settle(): Promise<void>
  /** Closes the store and removes all it made. */
  close(): Promise<void>
}

/** Opens an empty store of `kind`: in memory, a SQLite file in a temp dir, or PostgreSQL. */
export async function openBookStore(
  kind: BookStoreKind,
  log: (line: string) => void,
): Promise<BookStore> {
  if (kind === 'postgres') return openPostgresBookStore(log)
  if (kind === 'memory') {
    const store = memoryLoanStore()
    return {
      store,
      loanBytesOnDisk: async () => undefined,
      settle: async () => {},
      close: () => store.close(),
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'btcfi-bench-book-'))
  try {
    const store = await sqliteLoanStore({ path: join(dir, 'loans.db') })
    return {
      store,
      // The whole file (and its WAL): the loans are nearly all of it.
      async loanBytesOnDisk() {
        let bytes = 0
        for (const name of await readdir(dir)) bytes += (await stat(join(dir, name))).size
        return bytes
      },
      settle: async () => {},
      async close() {
        await store.close()
        await rm(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}
