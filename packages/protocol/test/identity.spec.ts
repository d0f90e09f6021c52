import assert from 'node:assert/strict'
import { createPublicKey, verify as edVerify } from 'node:crypto'
import fc from 'fast-check'
import nacl from 'tweetnacl'
import {
  decodeKeyFile, encodeKeyFile, generateIdentity, identityFromSeed, nodeIdFromPublicKey, publicKeyFromNodeId,
  signBytes, verifySignature, verifySignatureAsync, PUBLIC_KEY_BYTES, SIGNATURE_BYTES
} from '../src/index.js'
import { identity } from './fixtures.js'

// tweetnacl is an independent Ed25519 implementation: agreeing with it both
// ways shows our keys and signatures are plain Ed25519 that any node can check.

const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 })
const messageArb = fc.uint8Array({ maxLength: 512 })

function assertInvalidKey (fn: () => unknown, message?: RegExp): void {
  assert.throws(fn, (err: Error) => {
    assert.equal(err.name, 'InvalidKeyError')
    if (message != null) assert.match(err.message, message)
    return true
  })
}

function flipBit (bytes: Uint8Array, bit: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes)
  out[bit >>> 3] ^= 1 << (bit & 7)
  return out
}

describe('identity', () => {
  describe('signatures against tweetnacl', () => {
    it('produces signatures that tweetnacl verifies, for any seed and message', () => {
      fc.assert(fc.property(seedArb, messageArb, (seed, message) => {
        const id = identityFromSeed(seed)
        const signature = signBytes(id, message)
        assert.equal(signature.byteLength, SIGNATURE_BYTES)
        assert.equal(nacl.sign.detached.verify(message, signature, id.publicKey), true)
      }), { numRuns: 50 })
    })

    it('derives the same public key from a seed as tweetnacl does', () => {
      fc.assert(fc.property(seedArb, seed => {
        assert.deepEqual(identityFromSeed(seed).publicKey, nacl.sign.keyPair.fromSeed(seed).publicKey)
      }), { numRuns: 50 })
    })

    it('verifies tweetnacl signatures with verifySignature and verifySignatureAsync', async () => {
      await fc.assert(fc.asyncProperty(seedArb, messageArb, async (seed, message) => {
        const pair = nacl.sign.keyPair.fromSeed(seed)
        const signature = nacl.sign.detached(message, pair.secretKey)
        assert.equal(verifySignature(pair.publicKey, message, signature), true)
        assert.equal(await verifySignatureAsync(pair.publicKey, message, signature), true)
      }), { numRuns: 50 })
    })

    it('refuses a tweetnacl signature when any bit of message, key or signature is flipped', async () => {
      await fc.assert(fc.asyncProperty(seedArb, fc.uint8Array({ minLength: 1, maxLength: 256 }), fc.nat(), fc.constantFrom('message', 'key', 'signature'), async (seed, message, bitSeed, part) => {
        const pair = nacl.sign.keyPair.fromSeed(seed)
        let signature = nacl.sign.detached(message, pair.secretKey)
        let key: Uint8Array = pair.publicKey
        if (part === 'message') message = flipBit(message, bitSeed % (message.byteLength * 8))
        if (part === 'key') key = flipBit(key, bitSeed % (PUBLIC_KEY_BYTES * 8))
        if (part === 'signature') signature = flipBit(signature, bitSeed % (SIGNATURE_BYTES * 8))
        assert.equal(verifySignature(key, message, signature), false)
        assert.equal(await verifySignatureAsync(key, message, signature), false)
      }), { numRuns: 50 })
    })
  })

  describe('verifySignature', () => {
    const id = identity('verify')
    const message = new TextEncoder().encode('a wave for site-config')
    const signature = signBytes(id, message)

    it('returns true for a good signature', async () => {
      assert.equal(verifySignature(id.publicKey, message, signature), true)
      assert.equal(await verifySignatureAsync(id.publicKey, message, signature), true)
    })

    it('returns false, without throwing, when the key or signature has the wrong length', async () => {
      const cases: Array<[Uint8Array, Uint8Array]> = [
        [id.publicKey.subarray(0, 31), signature],
        [new Uint8Array([...id.publicKey, 0]), signature],
        [new Uint8Array(0), signature],
        [id.publicKey, signature.subarray(0, 63)],
        [id.publicKey, new Uint8Array([...signature, 0])],
        [id.publicKey, new Uint8Array(0)]
      ]
      for (const [key, sig] of cases) {
        assert.equal(verifySignature(key, message, sig), false, `key ${key.byteLength} B, signature ${sig.byteLength} B`)
        assert.equal(await verifySignatureAsync(key, message, sig), false, `key ${key.byteLength} B, signature ${sig.byteLength} B`)
      }
    })

    it('returns false, without throwing, when the key is 32 bytes that are no curve point', async () => {
      const notAPoint = new Uint8Array(32).fill(0xff)
      assert.equal(verifySignature(notAPoint, message, signature), false)
      assert.equal(await verifySignatureAsync(notAPoint, message, signature), false)
    })

    it('returns false when a single bit of the signature is flipped, for every bit', async () => {
      for (let bit = 0; bit < SIGNATURE_BYTES * 8; bit++) {
        const bad = flipBit(signature, bit)
        assert.equal(verifySignature(id.publicKey, message, bad), false, `bit ${bit}`)
      }
      assert.equal(await verifySignatureAsync(id.publicKey, message, flipBit(signature, 0)), false)
    })

    it('returns false when the signature is another key\'s', () => {
      const other = identity('verify-other')
      assert.equal(verifySignature(other.publicKey, message, signature), false)
    })

    it('refuses a small-order key whose forged signature node:crypto accepts (one rule on every node, PROTOCOL §2.2)', () => {
      // the identity point as key, R the identity point and S = 0: [S]B = R + [k]A holds for every message
      const identityPoint = new Uint8Array(32)
      identityPoint[0] = 1
      const forged = new Uint8Array(64)
      forged[0] = 1
      const spki = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), identityPoint]), format: 'der', type: 'spki' })
      // anyone could sign as such a key (a joiner could register one): node:crypto takes the forgery for any message
      assert.equal(edVerify(null, message, spki, forged), true)
      assert.equal(verifySignature(identityPoint, message, forged), false)
    })

    it('agrees with node:crypto on honest signatures and their bit flips', () => {
      fc.assert(fc.property(seedArb, messageArb, fc.nat(SIGNATURE_BYTES * 8 - 1), (seed, msg, bit) => {
        const id = identityFromSeed(seed)
        const sig = signBytes(id, msg)
        const spki = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), id.publicKey]), format: 'der', type: 'spki' })
        assert.equal(verifySignature(id.publicKey, msg, sig), true)
        assert.equal(verifySignature(id.publicKey, msg, flipBit(sig, bit)), edVerify(null, msg, spki, flipBit(sig, bit)))
      }), { numRuns: 50 })
    })
  })

  describe('node ids', () => {
    it('rebuilds the same identity from the same seed', () => {
      fc.assert(fc.property(seedArb, seed => {
        const a = identityFromSeed(seed)
        const b = identityFromSeed(new Uint8Array(seed))
        assert.deepEqual(a.publicKey, b.publicKey)
        assert.equal(a.nodeId, b.nodeId)
        assert.deepEqual(a.seed, seed)
        // the same key signs alike: Ed25519 signatures are deterministic
        assert.deepEqual(signBytes(a, seed), signBytes(b, seed))
      }), { numRuns: 50 })
    })

    it('gives different seeds different keys and node ids', () => {
      const a = identity('seed-a')
      const b = identity('seed-b')
      assert.notDeepEqual(a.publicKey, b.publicKey)
      assert.notEqual(a.nodeId, b.nodeId)
    })

    it('gives node ids that are Ed25519 PeerIds (12D3KooW…) and map back to the public key', () => {
      fc.assert(fc.property(seedArb, seed => {
        const id = identityFromSeed(seed)
        assert.ok(id.nodeId.startsWith('12D3KooW'), id.nodeId)
        assert.equal(nodeIdFromPublicKey(id.publicKey), id.nodeId)
        assert.deepEqual(publicKeyFromNodeId(id.nodeId), id.publicKey)
      }), { numRuns: 50 })
    })

    it('generates a fresh identity that its own seed rebuilds', () => {
      const id = generateIdentity()
      const again = identityFromSeed(id.seed)
      assert.deepEqual(again.publicKey, id.publicKey)
      assert.equal(again.nodeId, id.nodeId)
      assert.notDeepEqual(generateIdentity().publicKey, id.publicKey)
    })

    it('refuses a seed that is not 32 bytes with InvalidKeyError', () => {
      assertInvalidKey(() => identityFromSeed(new Uint8Array(31)), /32 bytes/)
      assertInvalidKey(() => identityFromSeed(new Uint8Array(64)), /32 bytes/)
    })

    it('refuses a public key that is not 32 bytes with InvalidKeyError', () => {
      assertInvalidKey(() => nodeIdFromPublicKey(new Uint8Array(33)), /32 bytes/)
    })

    it('refuses strings that are not Ed25519 node ids with InvalidKeyError', () => {
      assertInvalidKey(() => publicKeyFromNodeId('not-a-node-id'))
      assertInvalidKey(() => publicKeyFromNodeId(''))
      // an RSA PeerId (an IPFS bootstrap node): a valid PeerId, but no Ed25519 key inside
      assertInvalidKey(() => publicKeyFromNodeId('QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN'), /Ed25519/)
    })
  })

  describe('key files', () => {
    const id = identity('key-file')
    const text = encodeKeyFile(id)

    function edited (change: Record<string, unknown>): string {
      return JSON.stringify({ ...JSON.parse(text), ...change })
    }

    it('round trips an identity through encodeKeyFile and decodeKeyFile', () => {
      const back = decodeKeyFile(text)
      assert.deepEqual(back.seed, id.seed)
      assert.deepEqual(back.publicKey, id.publicKey)
      assert.equal(back.nodeId, id.nodeId)
      assert.deepEqual(signBytes(back, new Uint8Array([1, 2, 3])), signBytes(id, new Uint8Array([1, 2, 3])))
    })

    it('writes the documented JSON fields', () => {
      const file = JSON.parse(text)
      assert.deepEqual(Object.keys(file).sort(), ['nodeId', 'publicKey', 'seed', 'type', 'version'])
      assert.equal(file.type, 'waggle-ed25519')
      assert.equal(file.version, 1)
      assert.equal(file.nodeId, id.nodeId)
      assert.equal(file.publicKey, Buffer.from(id.publicKey).toString('base64'))
      assert.equal(file.seed, Buffer.from(id.seed).toString('base64'))
    })

    it('rejects text that is not JSON with InvalidKeyError', () => {
      assertInvalidKey(() => decodeKeyFile('{"type": "waggle-ed25519",'), /not JSON/)
      assertInvalidKey(() => decodeKeyFile(''), /not JSON/)
    })

    it('rejects JSON that is not a waggle-ed25519 version 1 key with InvalidKeyError', () => {
      assertInvalidKey(() => decodeKeyFile('null'))
      assertInvalidKey(() => decodeKeyFile('[]'))
      assertInvalidKey(() => decodeKeyFile('"12D3KooW"'))
      assertInvalidKey(() => decodeKeyFile(edited({ type: 'ed25519' })), /waggle-ed25519/)
      assertInvalidKey(() => decodeKeyFile(edited({ version: 2 })), /version 1/)
    })

    it('rejects a key file without a usable seed with InvalidKeyError', () => {
      assertInvalidKey(() => decodeKeyFile(edited({ seed: undefined })), /seed/)
      assertInvalidKey(() => decodeKeyFile(edited({ seed: 42 })), /seed/)
      assertInvalidKey(() => decodeKeyFile(edited({ seed: Buffer.alloc(31).toString('base64') })), /32 bytes/)
    })

    it('rejects a key file whose publicKey does not match its seed with InvalidKeyError', () => {
      const other = identity('key-file-other')
      assertInvalidKey(() => decodeKeyFile(edited({ publicKey: Buffer.from(other.publicKey).toString('base64') })), /publicKey/)
    })

    it('rejects a key file whose nodeId does not match its seed with InvalidKeyError', () => {
      const other = identity('key-file-other')
      assertInvalidKey(() => decodeKeyFile(edited({ nodeId: other.nodeId })), /nodeId/)
    })
  })
})
