/**
 * Ed25519 verification, the one rule every node applies. Kept apart from
 * the rest of the package (it imports nothing else of it), so a worker
 * thread that only checks signatures loads just this.
 */
import sodium from 'sodium-native'
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from './constants.js'

/**
 * Verifies an Ed25519 signature; false (never a throw) for anything
 * malformed. libsodium's `crypto_sign_verify_detached`: RFC 8032
 * verification that also refuses non-canonical encodings and small-order
 * keys and points, so no crafted signature can pass on one node and fail on
 * another. libsodium rather than node:crypto because it verifies about
 * twice as fast (`scripts/bench log`).
 */
export function verifySignature (publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.byteLength !== PUBLIC_KEY_BYTES || signature.byteLength !== SIGNATURE_BYTES) return false
  try {
    return sodium.crypto_sign_verify_detached(asBuffer(signature), asBuffer(data), asBuffer(publicKey))
  } catch {
    return false
  }
}

/** A Buffer over the same memory (sodium-native takes Buffers). */
function asBuffer (bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
