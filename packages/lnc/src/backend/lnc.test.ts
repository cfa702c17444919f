import { rpcs } from '@btcfi/wire'
import { describe, expect, it } from 'vitest'
import { memoryStorage } from '../credentials/memoryStorage.js'
import { lnc } from './lnc.js'

const phrase = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet'

describe('lnc()', () => {
  it('checks its options and names them in typed errors, never quoting the phrase', () => {
    expect(() => lnc({ mailbox: 'no-port', wasmUrl: '/w.wasm' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => lnc({ mailbox: 'm:443', wasmUrl: '' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    try {
      lnc({ mailbox: 'm:443', wasmUrl: '/w.wasm', pairingPhrase: 'three words only' })
      expect.unreachable()
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' })
      expect(String(error)).not.toContain('three words only')
    }
  })

  it('shows no secret when printed', () => {
    const backend = lnc({
      mailbox: 'm:443',
      wasmUrl: '/w.wasm',
      pairingPhrase: phrase,
      password: 'pw-secret',
    })
    expect(backend.kind).toBe('lnc')
    expect(`${backend}`).toBe('LncBackend(lnc://m:443)')
    expect(JSON.stringify(backend)).not.toContain('alpha')
    expect(JSON.stringify(backend)).not.toContain('pw-secret')
  })

  it('without a phrase and stored credentials, refuses with LNC_PAIRING_FAILED before any call', async () => {
    const storage = memoryStorage()
    const backend = lnc({ mailbox: 'm:443', wasmUrl: '/w.wasm', password: 'pw', storage })
    const saved = globalThis.WebSocket
    ;(globalThis as { WebSocket?: unknown }).WebSocket ??= class {}
    try {
      await expect(backend.call(rpcs.getInfo)).rejects.toMatchObject({
        code: 'LNC_PAIRING_FAILED',
        name: 'LncPairingError',
      })
    } finally {
      ;(globalThis as { WebSocket?: unknown }).WebSocket = saved
    }
  })
})
