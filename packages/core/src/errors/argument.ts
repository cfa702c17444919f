import { BaseError } from './BaseError.js'

/** A parameter of the wrong type or shape. Never echoes the value: it may be a secret. */
export class InvalidArgumentError extends BaseError {
  override name = 'InvalidArgumentError' as const
  readonly argument: string

  constructor(
    argument: string,
    expected: string,
    { received, cause }: { received?: string; cause?: unknown } = {},
  ) {
    super(`Invalid ${argument}: expected ${expected}${received ? `, got ${received}` : ''}.`, {
      code: 'INVALID_ARGUMENT',
      cause,
    })
    this.argument = argument
  }
}

/** An amount that is negative, fractional where it cannot be, or out of range. */
export class InvalidAmountError extends BaseError {
  override name = 'InvalidAmountError' as const

  constructor(message: string, { cause }: { cause?: unknown } = {}) {
    super(message, { code: 'INVALID_AMOUNT', cause })
  }
}

/** What a value is, for messages that must not show the value itself. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return `a string of ${value.length} characters`
  if (value instanceof Uint8Array) return `${value.length} bytes`
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}
