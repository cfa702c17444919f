import { expect, it } from 'vitest'
import * as regtest from './index.js'

it('exports its public API and nothing else', () => {
  expect(Object.keys(regtest).sort()).toMatchInlineSnapshot(`
    [
      "BTCD_VERSION",
      "LND_BUILD_TAGS",
      "LND_VERSION",
      "PostgresHarnessError",
      "attachPolar",
      "clearLeftovers",
      "connectNetwork",
      "ensureBinaries",
      "ensureLncBinaries",
      "findPostgres",
      "markNetwork",
      "serveNetwork",
      "startAperture",
      "startNetwork",
      "startPostgres",
      "startSeededNode",
    ]
  `)
})
