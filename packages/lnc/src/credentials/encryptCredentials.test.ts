import { describe, expect, it } from 'vitest'
import { decryptCredentials, encryptCredentials } from './encryptCredentials.js'

const credentials = {
  mailbox: '127.0.0.1:1234',
  pairingPhrase: 'one two three four five six seven eight nine ten',
  localKey: 'aa'.repeat(32),
  remoteKey: `02${'bb'.repeat(32)}`,
}

describe('encryptCredentials', () => {
  it('round-trips with the password and hides every secret', async () => {
    const sealed = await encryptCredentials(credentials, 'correct horse')
    expect(sealed).not.toContain('seven')
    expect(sealed).not.toContain('aaaa')
    expect(await decryptCredentials(sealed, 'correct horse')).toEqual(credentials)
  })

  it('refuses a wrong password', async () => {
    const sealed = await encryptCredentials(credentials, 'correct horse')
    await expect(decryptCredentials(sealed, 'wrong')).rejects.toThrow()
  })
})
