/**
 * Where the LNC backend keeps its encrypted credentials: the Web Storage
 * interface (`localStorage` and `sessionStorage` fit), sync or async.
 */
export interface LncStorage {
  getItem(key: string): string | null | Promise<string | null>
  setItem(key: string, value: string): void | Promise<void>
  removeItem(key: string): void | Promise<void>
}
