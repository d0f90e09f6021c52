import { equalBytes, fail, MAX_TREE_MANIFEST_BYTES, sha256, TreeManifest, type Result } from '@waggle/protocol'
import type { TreeRefusal } from './errors.js'
import { checkTreeManifest, type TreeTotals } from './paths.js'

/** Options of {@link decodeTreeManifest}: what the announcement promised. */
export interface DecodeTreeManifestOptions {
  /** The tree's root (`ContentDescriptor.sha256`): the bytes must hash to it. */
  root?: Uint8Array
  /** Refuse a tree whose files hold more than this many bytes (e.g. `ContentDescriptor.size`). */
  maxSize?: number
}

/** A decoded manifest that passed every check, with its totals. */
export interface DecodedTreeManifest extends TreeTotals {
  /** The manifest, safe to pass to `missingChunks` and `materializeTree`. */
  manifest: TreeManifest
}

/**
 * Turns manifest bytes fetched from a peer into a manifest safe to
 * materialize: bounded by MAX_TREE_MANIFEST_BYTES before decoding, checked
 * against the announced root hash (so a peer cannot substitute another
 * tree), decoded, and passed through {@link checkTreeManifest}. Never
 * throws.
 */
export function decodeTreeManifest (bytes: Uint8Array, opts: DecodeTreeManifestOptions = {}): Result<DecodedTreeManifest, TreeRefusal | 'too-large' | 'hash-mismatch'> {
  if (bytes.byteLength > MAX_TREE_MANIFEST_BYTES) {
    return fail('too-large', `manifest of ${bytes.byteLength} bytes is over the ${MAX_TREE_MANIFEST_BYTES} limit`)
  }
  if (opts.root !== undefined && !equalBytes(sha256(bytes), opts.root)) {
    return fail('hash-mismatch', 'manifest bytes do not hash to the announced root')
  }
  let manifest: TreeManifest
  try {
    manifest = TreeManifest.decode(bytes)
  } catch (err) {
    return fail('malformed', `manifest does not decode: ${(err as Error).message}`)
  }
  const checked = checkTreeManifest(manifest, { maxSize: opts.maxSize })
  if (!checked.ok) return checked
  return { ok: true, value: { manifest, ...checked.value } }
}
