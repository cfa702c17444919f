import type { CredentialStore } from '@lightninglabs/lnc-web'
import type { LncCredentials } from './LncCredentials.js'

/**
 * lnc-web's `CredentialStore`, in memory: lnc-web reads the phrase and keys
 * from it to connect and writes the keys it learns into it. The backend
 * encrypts and stores them itself once connected (see `encryptCredentials`).
 */
export function credentialStore(
  initial: Partial<LncCredentials> & { mailbox: string },
): CredentialStore {
  const state = {
    pairingPhrase: initial.pairingPhrase ?? '',
    serverHost: initial.mailbox,
    localKey: initial.localKey ?? '',
    remoteKey: initial.remoteKey ?? '',
  }
  return {
    get pairingPhrase() {
      return state.pairingPhrase
    },
    set pairingPhrase(value: string) {
      state.pairingPhrase = value
    },
    get serverHost() {
      return state.serverHost
    },
    set serverHost(value: string) {
      state.serverHost = value
    },
    get localKey() {
      return state.localKey
    },
    set localKey(value: string) {
      state.localKey = value
    },
    get remoteKey() {
      return state.remoteKey
    },
    set remoteKey(value: string) {
      state.remoteKey = value
    },
    get isPaired() {
      return state.remoteKey !== '' && state.localKey !== ''
    },
    clear(memoryOnly?: boolean) {
      void memoryOnly
      state.pairingPhrase = ''
      state.localKey = ''
      state.remoteKey = ''
    },
  }
}
