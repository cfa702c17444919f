import { bytesToHex, type Hex } from '@btcfi/core'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { canonicalJson } from '../protocol/canonicalJson.js'
import type { LoanAgreement } from './LoanAgreement.js'

/** sha256 of the agreement's canonical JSON, hex: what an escrow agent's attestation names. */
export function agreementHash(agreement: LoanAgreement): Hex {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(agreement))))
}
