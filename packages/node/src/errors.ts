/**
 * Errors the CLI turns into a message and an exit code. Branch on
 * `err.name`, not `instanceof`.
 */

/** A config file, environment variable or flag with a bad value; names the key. */
export class ConfigError extends Error {
  static override name = 'ConfigError'
  constructor (message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** A command used wrongly: a missing file, a bad argument. */
export class UsageError extends Error {
  static override name = 'UsageError'
  constructor (message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** The data dir is missing, incomplete or in use by another daemon. */
export class DataDirError extends Error {
  static override name = 'DataDirError'
  constructor (message: string) {
    super(message)
    this.name = 'DataDirError'
  }
}

/** The daemon could not be reached, or refused a control request. */
export class ControlError extends Error {
  static override name = 'ControlError'
  constructor (message: string, readonly remoteName?: string) {
    super(message)
    this.name = 'ControlError'
  }
}

/** A bundle that cannot be exported or imported; says what is wrong with it. */
export class BundleError extends Error {
  static override name = 'BundleError'
  constructor (message: string) {
    super(message)
    this.name = 'BundleError'
  }
}

/** `waggle join` ended without an admission: denied, refused, or no decision in time. */
export class JoinError extends Error {
  static override name = 'JoinError'
  constructor (message: string) {
    super(message)
    this.name = 'JoinError'
  }
}
