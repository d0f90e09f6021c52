/**
 * Errors a caller can act on. Branch on `err.name`, not `instanceof`: two
 * copies of this package can coexist in one process.
 */

/** Bytes that are not a valid message of the expected kind. */
export class InvalidMessageError extends Error {
  static override name = 'InvalidMessageError'
  constructor (message: string) {
    super(message)
    this.name = 'InvalidMessageError'
  }
}

/** A stamp too far ahead of this node's clock. */
export class ClockSkewError extends Error {
  static override name = 'ClockSkewError'
  constructor (readonly aheadMs: number) {
    super(`operation is ${aheadMs} ms ahead of this node's clock`)
    this.name = 'ClockSkewError'
  }
}

/** A key file or key bytes that cannot be used. */
export class InvalidKeyError extends Error {
  static override name = 'InvalidKeyError'
  constructor (message: string) {
    super(message)
    this.name = 'InvalidKeyError'
  }
}

/** An operation the caller asked to build breaks the schema. */
export class InvalidOperationError extends Error {
  static override name = 'InvalidOperationError'
  constructor (message: string) {
    super(message)
    this.name = 'InvalidOperationError'
  }
}

/** A discriminated result: hot paths return these instead of throwing. */
export type Result<T, R extends string = string> = { ok: true, value: T } | { ok: false, reason: R, detail: string }

/** Builds a failed result. */
export function fail<R extends string> (reason: R, detail: string): { ok: false, reason: R, detail: string } {
  return { ok: false, reason, detail }
}
