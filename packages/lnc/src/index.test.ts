import { describe, expect, it } from 'vitest'
import * as main from './index.js'
import * as node from './node.js'

// The public API: a change here is a change users see.
describe('@btcfi/lnc exports', () => {
  it('main entry (browser-safe)', () => {
    expect(Object.keys(main).sort()).toEqual(['lnc', 'memoryStorage'])
  })

  it('node entry', () => {
    expect(Object.keys(node).sort()).toEqual(['installWebSocket', 'lnc', 'memoryStorage'])
  })
})
