import { BaseError } from './BaseError.js'

/**
 * Options that are each well formed but that the SDK refuses, alone or
 * together: a backend URL that would send credentials in clear, an option
 * that the other options would make ineffective. Never echoes a value.
 */
export class ConfigurationError extends BaseError {
  override name = 'ConfigurationError' as const
  /** The option at fault (or the first of the options that conflict), e.g. `'url'`. */
  readonly option: string

  constructor(option: string, message: string, { cause }: { cause?: unknown } = {}) {
    super(message, { code: 'INVALID_CONFIGURATION', cause })
    this.option = option
  }
}
