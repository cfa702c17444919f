import type { Network } from '../types/node.js'
import { BaseError } from './BaseError.js'

/** A payment request that is not valid BOLT 11. */
export class InvoiceDecodeError extends BaseError {
  override name = 'InvoiceDecodeError' as const
  constructor(reason: string, { cause }: { cause?: unknown } = {}) {
    super(`Invalid BOLT 11 invoice: ${reason}.`, { code: 'INVOICE_INVALID', cause })
  }
}

export class InvoiceExpiredError extends BaseError {
  override name = 'InvoiceExpiredError' as const
  /** When it expired, when known. */
  readonly expiresAt: Date | undefined
  constructor(expiresAt?: Date, { cause }: { cause?: unknown } = {}) {
    super(
      expiresAt ? `The invoice expired at ${expiresAt.toISOString()}.` : 'The invoice has expired.',
      {
        code: 'INVOICE_EXPIRED',
        cause,
      },
    )
    this.expiresAt = expiresAt
  }
}

/** An invoice for another chain than the node's. */
export class InvoiceNetworkError extends BaseError {
  override name = 'InvoiceNetworkError' as const
  readonly invoiceNetwork: Network
  readonly nodeNetwork: Network
  constructor(invoiceNetwork: Network, nodeNetwork: Network) {
    super(`The invoice is for ${invoiceNetwork} but the node runs on ${nodeNetwork}.`, {
      code: 'INVOICE_WRONG_NETWORK',
    })
    this.invoiceNetwork = invoiceNetwork
    this.nodeNetwork = nodeNetwork
  }
}

/** An amount missing for an any-amount invoice, or given against a fixed one. */
export class InvoiceAmountError extends BaseError {
  override name = 'InvoiceAmountError' as const
  constructor(message: string) {
    super(message, { code: 'INVOICE_AMOUNT' })
  }
}

/** A hold invoice in a state that forbids the operation (settle before ACCEPTED, ...). */
export class InvoiceStateError extends BaseError {
  override name = 'InvoiceStateError' as const
  constructor(message: string, { cause }: { cause?: unknown } = {}) {
    super(message, { code: 'INVOICE_STATE', cause })
  }
}
