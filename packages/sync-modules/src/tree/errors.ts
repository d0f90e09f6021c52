/**
 * Errors of the tree code a caller can act on. Branch on `err.name`, not
 * `instanceof`: two copies of this package can coexist in one process.
 */

/** Why a tree manifest (or a source tree) was refused. */
export type TreeRefusal = 'unsafe-path' | 'malformed'

/**
 * A tree manifest, or a source tree being described, that must not be
 * written anywhere: a path that would escape the target dir, a symlink
 * resolving outside the tree, or a manifest that breaks its own rules.
 */
export class UnsafeTreeError extends Error {
  static override name = 'UnsafeTreeError'
  constructor (readonly reason: TreeRefusal, readonly detail: string) {
    super(`unsafe tree (${reason}): ${detail}`)
    this.name = 'UnsafeTreeError'
  }
}

/** A chunk the store does not hold (or held corrupt and dropped): fetch it, then retry. */
export class MissingChunkError extends Error {
  static override name = 'MissingChunkError'
  constructor (readonly hashHex: string) {
    super(`chunk ${hashHex} is not in the chunk store`)
    this.name = 'MissingChunkError'
  }
}

/**
 * Data offered to a chunk store under a hash it does not have. Coming from
 * a peer, it means that peer served a bad chunk: nothing was stored.
 */
export class ChunkHashMismatchError extends Error {
  static override name = 'ChunkHashMismatchError'
  constructor (readonly expectedHex: string, readonly actualHex: string) {
    super(`chunk data hashes to ${actualHex}, not ${expectedHex}`)
    this.name = 'ChunkHashMismatchError'
  }
}

/** A source tree holding something a tree cannot carry: a socket, a device or a FIFO. */
export class UnsupportedFileTypeError extends Error {
  static override name = 'UnsupportedFileTypeError'
  constructor (readonly path: string, readonly type: string) {
    super(`${path} is a ${type}; a tree carries only files, directories and symlinks`)
    this.name = 'UnsupportedFileTypeError'
  }
}
