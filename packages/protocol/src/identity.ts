import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as edSign, type KeyObject } from 'node:crypto'
import { verifySignature } from './ed25519.js'
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import { PUBLIC_KEY_BYTES } from './constants.js'
import { InvalidKeyError } from './errors.js'
import { toHex } from './bytes.js'

// The DER prefix that wraps a raw Ed25519 seed (PKCS#8), so node:crypto can
// load it without a round trip through JWK.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/**
 * A node's signing identity. Its id is the libp2p PeerId of the same
 * Ed25519 key, so the key that signs operations is the key that encrypts
 * the node's connections.
 */
export interface Identity {
  /** The 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array
  /** The 32-byte Ed25519 seed (the private key). Keep it secret. */
  readonly seed: Uint8Array
  /** The libp2p PeerId string of the key, e.g. `12D3KooW…`. */
  readonly nodeId: string
  /** node:crypto's handle on the private key. */
  readonly privateKey: KeyObject
}

/** Creates a new random identity. */
export function generateIdentity (): Identity {
  const { privateKey } = generateKeyPairSync('ed25519')
  const jwk = privateKey.export({ format: 'jwk' })
  return identityFromSeed(new Uint8Array(Buffer.from(jwk.d ?? '', 'base64url')))
}

/** Rebuilds an identity from its 32-byte seed. */
export function identityFromSeed (seed: Uint8Array): Identity {
  if (seed.byteLength !== 32) throw new InvalidKeyError(`an Ed25519 seed is 32 bytes, got ${seed.byteLength}`)
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' })
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' })
  const publicKey = new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'))
  return { publicKey, seed: new Uint8Array(seed), nodeId: nodeIdFromPublicKey(publicKey), privateKey }
}

/** Signs bytes with the identity's key (Ed25519, 64-byte signature). */
export function signBytes (identity: Identity, data: Uint8Array): Uint8Array {
  return new Uint8Array(edSign(null, data, identity.privateKey))
}

export { verifySignature }

/**
 * The same check, as a promise, for callers written against an
 * asynchronous verifier. A node verifies batches on worker threads instead
 * (the node package's SignatureChecker), with this same function.
 */
export async function verifySignatureAsync (publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  return verifySignature(publicKey, data, signature)
}

/** Node ids of recent keys (senders repeat). */
const KEY_CACHE_SIZE = 4096
const nodeIdCache = new Map<string, string>()

/** The libp2p PeerId string of a 32-byte Ed25519 public key. */
export function nodeIdFromPublicKey (publicKey: Uint8Array): string {
  if (publicKey.byteLength !== PUBLIC_KEY_BYTES) throw new InvalidKeyError(`an Ed25519 public key is 32 bytes, got ${publicKey.byteLength}`)
  const hex = toHex(publicKey)
  let id = nodeIdCache.get(hex)
  if (id == null) {
    id = peerIdFromPublicKey(publicKeyFromRaw(publicKey)).toString()
    if (nodeIdCache.size >= KEY_CACHE_SIZE) nodeIdCache.delete(nodeIdCache.keys().next().value as string)
    nodeIdCache.set(hex, id)
  }
  return id
}

/** The 32-byte public key inside a node id (an Ed25519 PeerId string). */
export function publicKeyFromNodeId (nodeId: string): Uint8Array {
  let peerId
  try {
    peerId = peerIdFromString(nodeId)
  } catch {
    throw new InvalidKeyError(`"${nodeId}" is not a node id (a libp2p PeerId such as 12D3KooW…)`)
  }
  if (peerId.type !== 'Ed25519' || peerId.publicKey == null) throw new InvalidKeyError(`node id "${nodeId}" is not an Ed25519 key`)
  return new Uint8Array(peerId.publicKey.raw)
}

/**
 * The key file: JSON, created with mode 0600 by the node.
 * `{"type":"waggle-ed25519","version":1,"nodeId":"12D3KooW…","publicKey":"<base64>","seed":"<base64>"}`
 */
export interface KeyFile {
  type: 'waggle-ed25519'
  version: 1
  nodeId: string
  publicKey: string
  seed: string
}

/** Encodes an identity as key file text. */
export function encodeKeyFile (identity: Identity): string {
  const file: KeyFile = {
    type: 'waggle-ed25519',
    version: 1,
    nodeId: identity.nodeId,
    publicKey: Buffer.from(identity.publicKey).toString('base64'),
    seed: Buffer.from(identity.seed).toString('base64')
  }
  return JSON.stringify(file, null, 2) + '\n'
}

/** Decodes key file text, checking that the seed matches the stated public key and id. */
export function decodeKeyFile (text: string): Identity {
  let file: Partial<KeyFile>
  try {
    file = JSON.parse(text)
  } catch {
    throw new InvalidKeyError('the key file is not JSON')
  }
  if (file == null || typeof file !== 'object' || file.type !== 'waggle-ed25519' || file.version !== 1) {
    throw new InvalidKeyError('the key file is not a waggle-ed25519 version 1 key')
  }
  if (typeof file.seed !== 'string') throw new InvalidKeyError('the key file has no "seed"')
  const identity = identityFromSeed(new Uint8Array(Buffer.from(file.seed, 'base64')))
  if (file.publicKey != null && file.publicKey !== Buffer.from(identity.publicKey).toString('base64')) {
    throw new InvalidKeyError('the key file\'s "publicKey" does not match its "seed"')
  }
  if (file.nodeId != null && file.nodeId !== identity.nodeId) {
    throw new InvalidKeyError('the key file\'s "nodeId" does not match its "seed"')
  }
  return identity
}
