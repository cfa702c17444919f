import { LoanError, type LoanErrorReason, loanErrorReasons } from '../errors/LoanError.js'
import { fromWire } from './wireJson.js'

/**
 * A peer's answer (a desk's, an escrow agent's) as typed values (`fromWire`),
 * or its refusal as a `LoanError` with the peer's own reason (`DESK_ERROR`
 * for one it does not name) and its status. `peer` and `call` name them in
 * the message ("The desk", "POST /v1/loans").
 */
export async function readWireAnswer<T>(
  response: Response,
  peer: string,
  call: string,
): Promise<T> {
  const raw: unknown = await response.json().catch(() => undefined)
  if (!response.ok) {
    const e = (raw as { error?: { reason?: string; message?: string } } | undefined)?.error
    const reason = loanErrorReasons.includes(e?.reason as LoanErrorReason)
      ? (e?.reason as LoanErrorReason)
      : 'DESK_ERROR'
    throw new LoanError(reason, `${peer} refused ${call}: ${e?.message ?? response.status}`, {
      status: response.status,
    })
  }
  try {
    return fromWire<T>(raw)
  } catch (cause) {
    throw new LoanError('DESK_ERROR', `${peer}'s answer to ${call} is not its protocol's.`, {
      cause,
    })
  }
}
