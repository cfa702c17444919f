import type { Hex } from '@btcfi/core'
import { LoanError } from '../../errors/LoanError.js'

/**
 * Refuses an agreement signature made by another key than the party's
 * (`AGREEMENT_INVALID`): `signer` is the key the signature verifies for.
 *
 * @example
 * const { pubkey } = await verifyMessage(client, { message: agreementSigningText(agreement), signature })
 * checkAgreementSigner(pubkey, info.deskPubkey, 'desk')
 */
export function checkAgreementSigner(
  signer: Hex | undefined,
  expected: Hex,
  party: 'desk' | 'borrower',
): void {
  if (signer === expected) return
  throw new LoanError(
    'AGREEMENT_INVALID',
    party === 'desk'
      ? "The desk's signature of the agreement does not verify."
      : "The loan's agreement is not the one this borrower signed: its signature does not verify.",
  )
}
