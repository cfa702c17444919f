import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = import.meta.dirname
const publicEntries = new Set([
  '@btcfi/core',
  '@btcfi/lnd',
  '@btcfi/lnd/node',
  '@btcfi/sdk',
  '@btcfi/stream',
  '@btcfi/loans',
  '@btcfi/loans/node',
  '@btcfi/webhooks',
  '@btcfi/regtest',
  '@btcfi/regtest/vitest',
])

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist') return []
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return /\.tsx?$/.test(entry.name) ? [path] : []
  })
}

describe('the merchant app', () => {
  it('imports the SDK through its public entry points only', () => {
    const imports = sources(root).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'|import\('([^']+)'\)/g)].map(
        (m) => m[1] ?? m[2]!,
      ),
    )
    const sdk = imports.filter((i) => i.startsWith('@btcfi/'))
    expect(sdk.length).toBeGreaterThan(10)
    expect(sdk.filter((i) => !publicEntries.has(i))).toEqual([])
    expect(imports.filter((i) => i.includes('packages/'))).toEqual([])
  })
})
