import { describe, expect, it } from 'vitest'
import { createDispatchers } from './createDispatchers.browser.js'

describe('createDispatchers (browser)', () => {
  it('has no pool: the runtime fetch and trust store are used', () => {
    expect(createDispatchers('-----BEGIN CERTIFICATE-----', 30_000)).toBeUndefined()
  })
})
