import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ensureBinaries } from './ensureBinaries.js'

const path = process.env.PATH

afterEach(() => {
  process.env.PATH = path
})

describe('ensureBinaries', () => {
  it('without Go, says so and names the Polar alternative', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'btcfi-bin-test-'))
    try {
      process.env.PATH = '/nonexistent'
      await expect(ensureBinaries({ cacheDir, usePath: false })).rejects.toThrow(
        /Go is needed to build lnd and btcd.*attachPolar\(\{ network \}\).*BTCFI_REGTEST_POLAR/s,
      )
    } finally {
      await rm(cacheDir, { recursive: true, force: true })
    }
  })
})
