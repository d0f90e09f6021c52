import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  CHANNEL_NAME_PATTERN, compareBytes, Envelope, createEntry, createGenesis, decodeEntry, ENTRY_KEY_BYTES, entryKey, federationIdOf,
  formatStamp, HLC_MAX_COUNTER, MAX_CONTENT_NAME_CHARS, MAX_GENESIS_KEYS, MAX_MODULE_NAME_CHARS, OP_PAYLOAD_TYPE, Operation,
  PROTOCOL_VERSION, sealEnvelope, sha256, stampOfKey, toHex, type OperationBody, type Stamp, type WaveAnnounce
} from '../src/index.js'
import { digest, identity, keyHex } from './fixtures.js'

const author = identity('operation-author')
const federation = digest('operation-federation')
const stamp: Stamp = { wallMs: 1_700_000_000_000, counter: 2 }

function goodWave (): WaveAnnounce {
  return { channel: 'site-config', version: 1, expiresMs: 0, content: { module: 'file', size: 3, sha256: digest('a.txt'), name: 'a.txt' }, targetTags: [], targetNodes: [], princessFirst: false }
}

function announce (change: (w: WaveAnnounce) => void): OperationBody {
  const w = goodWave()
  change(w)
  return { type: 'wave.announce', wave: w }
}

function assertInvalidOperation (fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: Error) => {
    assert.equal(err.name, 'InvalidOperationError')
    assert.match(err.message, message)
    return true
  })
}

// A validly signed envelope around an operation that breaks the schema:
// what a hostile or buggy peer could send.
function signedOperation (op: Partial<Operation>): Uint8Array {
  return sealEnvelope(author, OP_PAYLOAD_TYPE, Operation.encode(op)).bytes
}

function assertInvalidOnWire (bytes: Uint8Array, message: RegExp): void {
  const decoded = decodeEntry(bytes)
  assert.equal(decoded.ok, false)
  assert.equal(decoded.ok ? undefined : decoded.reason, 'invalid-operation')
  assert.match(decoded.ok ? '' : decoded.detail, message)
}

describe('operation', () => {
  describe('createEntry', () => {
    it('builds a wave entry whose fields match what was asked', () => {
      const entry = createEntry(author, federation, stamp, { type: 'wave.announce', wave: goodWave() })
      assert.deepEqual(entry.stamp, stamp)
      assert.deepEqual(entry.signer, author.publicKey)
      assert.equal(entry.author, author.nodeId)
      assert.deepEqual(entry.federation, federation)
      assert.deepEqual(entry.body, { type: 'wave.announce', wave: goodWave() })
      assert.deepEqual(entry.id, sha256(author.publicKey, entry.signed.envelope.payload))
      assert.equal(entry.idHex, toHex(entry.id))
      assert.deepEqual(entry.key, entryKey(stamp, author.publicKey, entry.id))
    })

    it('accepts channel names at the edges of the pattern', () => {
      for (const channel of ['a', '0', 'a.b_c-d', 'x'.repeat(128), 'v1.2.3']) {
        assert.equal(createEntry(author, federation, stamp, announce(w => { w.channel = channel })).body.type, 'wave.announce')
      }
    })

    it('rejects a bad channel name with InvalidOperationError', () => {
      for (const channel of ['', 'Site', 'has space', '-leading', '.leading', '_leading', 'x'.repeat(129), 'café', 'a/b', 'a\n']) {
        assertInvalidOperation(() => createEntry(author, federation, stamp, announce(w => { w.channel = channel })), /channel name/)
      }
    })

    it('rejects a version that is not a positive integer with InvalidOperationError', () => {
      for (const version of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN]) {
        assertInvalidOperation(() => createEntry(author, federation, stamp, announce(w => { w.version = version })), /version/)
      }
    })

    it('rejects a content sha256 that is not 32 bytes with InvalidOperationError', () => {
      for (const length of [0, 20, 31, 33, 64]) {
        assertInvalidOperation(() => createEntry(author, federation, stamp, announce(w => { if (w.content != null) w.content.sha256 = new Uint8Array(length) })), /sha256/)
      }
    })

    it('rejects a bad content descriptor with InvalidOperationError', () => {
      assertInvalidOperation(() => createEntry(author, federation, stamp, announce(w => { w.content = undefined })), /content descriptor/)
      assertInvalidOperation(() => createEntry(author, federation, stamp, announce(w => { if (w.content != null) w.content.module = '' })), /module/)
      assertInvalidOperation(() => createEntry(author, federation, stamp, announce(w => { if (w.content != null) w.content.module = 'm'.repeat(MAX_MODULE_NAME_CHARS + 1) })), /module/)
      assertInvalidOperation(() => createEntry(author, federation, stamp, announce(w => { if (w.content != null) w.content.size = -1 })), /size/)
      assertInvalidOperation(() => createEntry(author, federation, stamp, announce(w => { if (w.content != null) w.content.size = 0.5 })), /size/)
      assertInvalidOperation(() => createEntry(author, federation, stamp, announce(w => { if (w.content != null) w.content.name = 'n'.repeat(MAX_CONTENT_NAME_CHARS + 1) })), /name/)
      assertInvalidOperation(() => createEntry(author, federation, stamp, announce(w => { w.expiresMs = -1 })), /expiresMs/)
    })

    it('rejects an operation with no body with InvalidOperationError', () => {
      for (const body of [{ type: 'wave.announce' }, { type: 'genesis' }, { type: 'other' }]) {
        assertInvalidOperation(() => createEntry(author, federation, stamp, body as unknown as OperationBody), /exactly one body/)
      }
    })

    it('rejects a federation id that is not 32 bytes with InvalidOperationError', () => {
      assertInvalidOperation(() => createEntry(author, federation.subarray(0, 31), stamp, announce(() => {})), /federation id/)
      assertInvalidOperation(() => createEntry(author, new Uint8Array(0), stamp, announce(() => {})), /federation id/)
    })

    it('rejects a stamp out of range with InvalidOperationError instead of wrapping it', () => {
      for (const wallMs of [-1, 0.5, Number.MAX_SAFE_INTEGER + 1]) {
        assertInvalidOperation(() => createEntry(author, federation, { wallMs, counter: 0 }, announce(() => {})), /wallMs/)
      }
      for (const counter of [-1, 0.5, HLC_MAX_COUNTER + 1, 2 ** 32 + 5]) {
        assertInvalidOperation(() => createEntry(author, federation, { wallMs: 5, counter }, announce(() => {})), /counter/)
      }
      assert.deepEqual(createEntry(author, federation, { wallMs: 5, counter: HLC_MAX_COUNTER }, announce(() => {})).stamp, { wallMs: 5, counter: HLC_MAX_COUNTER })
    })
  })

  describe('createGenesis', () => {
    const nonce = digest('operation-nonce').subarray(0, 16)

    it('gives one federation id whatever signature bytes the genesis carries', () => {
      // a founder can make many valid signatures over one payload; none may found a second federation
      const { entry } = createGenesis(author, { name: 'lab', stamp, nonce })
      const other = Envelope.encode({ ...entry.signed.envelope, signature: new Uint8Array(64).fill(9) })
      const decoded = decodeEntry(other)
      assert.ok(decoded.ok)
      assert.deepEqual(federationIdOf(decoded.value), federationIdOf(entry))
    })

    it('refuses a fractional root threshold or an out-of-range clock bound', () => {
      assert.throws(() => createGenesis(author, { name: 'lab', stamp, nonce, rootThreshold: 0.5 }), (err: Error) => err.name === 'InvalidOperationError')
      assert.throws(() => createGenesis(author, { name: 'lab', stamp, nonce, maxClockOffsetMs: 2 ** 32 }), /maxClockOffsetMs/)
      assert.throws(() => createGenesis(author, { name: 'lab', stamp, nonce, maxClockOffsetMs: 1.5 }), /maxClockOffsetMs/)
    })

    it('founds a federation whose id is the genesis entry id, SHA-256 of founder key and payload', () => {
      const { entry, federationId } = createGenesis(author, { name: 'lab', stamp, nonce })
      assert.deepEqual(federationId, sha256(author.publicKey, entry.signed.envelope.payload))
      assert.deepEqual(federationIdOf(entry), federationId)
      assert.equal(entry.body.type, 'genesis')
      assert.equal(entry.federation.byteLength, 0)
      const g = entry.body.type === 'genesis' ? entry.body.genesis : undefined
      // the founder is root and queen unless told otherwise
      assert.deepEqual(g?.roots.map(toHex), [keyHex(author)])
      assert.deepEqual(g?.queens.map(toHex), [keyHex(author)])
      assert.equal(g?.rootThreshold, 1)
    })

    it('gives the same id for the same inputs and different ids for different nonces', () => {
      const a = createGenesis(author, { name: 'lab', stamp, nonce })
      const b = createGenesis(author, { name: 'lab', stamp, nonce })
      assert.deepEqual(a.federationId, b.federationId)
      assert.notDeepEqual(createGenesis(author, { name: 'lab', stamp }).federationId, createGenesis(author, { name: 'lab', stamp }).federationId)
    })

    it('rejects a genesis that breaks the schema with InvalidOperationError', () => {
      assertInvalidOperation(() => createGenesis(author, { name: '', stamp }), /federation name/)
      assertInvalidOperation(() => createGenesis(author, { name: 'n'.repeat(129), stamp }), /federation name/)
      assertInvalidOperation(() => createGenesis(author, { name: 'lab', roots: [], stamp }), /root/)
      assertInvalidOperation(() => createGenesis(author, { name: 'lab', rootThreshold: 0, stamp }), /threshold/)
      assertInvalidOperation(() => createGenesis(author, { name: 'lab', rootThreshold: 2, stamp }), /threshold/)
      assertInvalidOperation(() => createGenesis(author, { name: 'lab', queens: [new Uint8Array(31)], stamp }), /queens/)
      assertInvalidOperation(() => createGenesis(author, { name: 'lab', nonce: new Uint8Array(15), stamp }), /nonce/)
    })
  })

  describe('decodeEntry', () => {
    it('decodes a created wave entry to the same id, key and body', () => {
      const entry = createEntry(author, federation, stamp, { type: 'wave.announce', wave: goodWave() })
      const decoded = decodeEntry(entry.envelope)
      assert.ok(decoded.ok)
      assert.equal(decoded.value.idHex, entry.idHex)
      assert.deepEqual(decoded.value.id, entry.id)
      assert.deepEqual(decoded.value.key, entry.key)
      assert.deepEqual(decoded.value.body, entry.body)
      assert.deepEqual(decoded.value.stamp, entry.stamp)
      assert.equal(decoded.value.author, author.nodeId)
      assert.deepEqual(decoded.value.federation, federation)
      assert.deepEqual(decoded.value.envelope, entry.envelope)
    })

    it('decodes a created genesis entry to the same id, key and body', () => {
      const { entry } = createGenesis(author, { name: 'lab', stamp, queens: [author.publicKey, identity('another-queen').publicKey] })
      const decoded = decodeEntry(entry.envelope)
      assert.ok(decoded.ok)
      assert.equal(decoded.value.idHex, entry.idHex)
      assert.deepEqual(decoded.value.key, entry.key)
      assert.deepEqual(decoded.value.body, entry.body)
      assert.deepEqual(federationIdOf(decoded.value), federationIdOf(entry))
    })

    it('keeps a decoded entry intact when the caller reuses its buffer', () => {
      const entry = createEntry(author, federation, stamp, { type: 'wave.announce', wave: goodWave() })
      const buffer = new Uint8Array(entry.envelope)
      const decoded = decodeEntry(buffer)
      assert.ok(decoded.ok)
      buffer.fill(0)
      assert.deepEqual(decoded.value.signer, author.publicKey)
      assert.deepEqual(decoded.value.federation, federation)
      assert.deepEqual(decoded.value.body, entry.body)
    })

    it('refuses a signed payload that is not an operation with invalid-operation', () => {
      const garbage = sealEnvelope(author, OP_PAYLOAD_TYPE, new Uint8Array([0xff, 0xff, 0xff])).bytes
      assertInvalidOnWire(garbage, /does not decode/)
    })

    it('refuses signed operations that break the schema with invalid-operation', () => {
      const base = { version: PROTOCOL_VERSION, federation, wallMs: 5, counter: 0 }
      const { entry: genesis } = createGenesis(author, { name: 'lab', stamp })
      const g = genesis.body.type === 'genesis' ? genesis.body.genesis : undefined
      assertInvalidOnWire(signedOperation({ ...base, version: 2, waveAnnounce: goodWave() }), /version 2/)
      assertInvalidOnWire(signedOperation(base), /exactly one body/)
      assertInvalidOnWire(signedOperation({ ...base, waveAnnounce: goodWave(), genesis: g }), /exactly one body/)
      assertInvalidOnWire(signedOperation({ ...base, waveAnnounce: { ...goodWave(), channel: 'NO' } }), /channel name/)
      assertInvalidOnWire(signedOperation({ ...base, waveAnnounce: { ...goodWave(), version: 0 } }), /version 0/)
      assertInvalidOnWire(signedOperation({ ...base, waveAnnounce: { ...goodWave(), content: undefined } }), /content descriptor/)
      assertInvalidOnWire(signedOperation({ ...base, genesis: g }), /genesis carries no federation id/)
    })

    it('refuses a genesis naming more than MAX_GENESIS_KEYS keys with invalid-operation', () => {
      const { entry } = createGenesis(author, { name: 'lab', stamp })
      const g = entry.body.type === 'genesis' ? entry.body.genesis : undefined
      assert.ok(g != null)
      const keys = Array.from({ length: MAX_GENESIS_KEYS + 1 }, (_, i) => sha256(Uint8Array.of(i >> 8, i & 0xff)))
      const op = { version: PROTOCOL_VERSION, federation: new Uint8Array(0), wallMs: 5, counter: 0 }
      assertInvalidOnWire(signedOperation({ ...op, genesis: { ...g, queens: keys } }), /too many elements/)
      assertInvalidOnWire(signedOperation({ ...op, genesis: { ...g, roots: keys, rootThreshold: 1 } }), /too many elements/)
      assert.ok(decodeEntry(signedOperation({ ...op, genesis: { ...g, queens: keys.slice(1) } })).ok)
    })
  })

  describe('codec (property)', () => {
    // any valid wave announcement; names may hold any Unicode within their limits
    const waveArb: fc.Arbitrary<WaveAnnounce> = fc.record({
      channel: fc.stringMatching(CHANNEL_NAME_PATTERN),
      version: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
      expiresMs: fc.oneof(fc.constant(0), fc.maxSafeNat()),
      targetTags: fc.array(fc.stringMatching(CHANNEL_NAME_PATTERN), { maxLength: 5 }),
      targetNodes: fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }).map(b => new Uint8Array(b)), { maxLength: 5 }),
      princessFirst: fc.boolean(),
      content: fc.record({
        module: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter(s => s.length >= 1 && s.length <= MAX_MODULE_NAME_CHARS),
        size: fc.oneof(fc.nat(1_000_000), fc.maxSafeNat()),
        sha256: fc.uint8Array({ minLength: 32, maxLength: 32 }).map(b => new Uint8Array(b)),
        name: fc.string({ unit: 'grapheme', maxLength: 60 }).filter(s => s.length <= MAX_CONTENT_NAME_CHARS)
      }, { noNullPrototype: true })
    }, { noNullPrototype: true })
    const stampArb = fc.record({ wallMs: fc.oneof(fc.nat(10_000), fc.maxSafeNat()), counter: fc.oneof(fc.nat(10), fc.integer({ min: 0, max: HLC_MAX_COUNTER })) }, { noNullPrototype: true })

    it('round trips any valid wave operation through the Operation codec', () => {
      fc.assert(fc.property(waveArb, stampArb, fc.uint8Array({ minLength: 32, maxLength: 32 }), (wave, s, fed) => {
        const op: Operation = { version: PROTOCOL_VERSION, federation: new Uint8Array(fed), wallMs: s.wallMs, counter: s.counter, waveAnnounce: wave }
        assert.deepEqual(Operation.decode(Operation.encode(op)), op)
      }), { numRuns: 200 })
    })

    it('round trips any valid wave through createEntry and decodeEntry', () => {
      fc.assert(fc.property(waveArb, stampArb, (wave, s) => {
        const entry = createEntry(author, federation, s, { type: 'wave.announce', wave })
        assert.deepEqual(entry.body, { type: 'wave.announce', wave })
        assert.deepEqual(entry.stamp, s)
        const decoded = decodeEntry(entry.envelope)
        assert.ok(decoded.ok)
        assert.equal(decoded.value.idHex, entry.idHex)
        assert.deepEqual(decoded.value.key, entry.key)
        assert.deepEqual(decoded.value.body, entry.body)
      }), { numRuns: 100 })
    })
  })

  describe('entry keys', () => {
    const keyArb = fc.record({
      wallMs: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.maxSafeNat()),
      counter: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: HLC_MAX_COUNTER })),
      signer: fc.oneof(fc.constantFrom(new Uint8Array(32), new Uint8Array(32).fill(1)), fc.uint8Array({ minLength: 32, maxLength: 32 })),
      id: fc.oneof(fc.constant(new Uint8Array(32)), fc.uint8Array({ minLength: 32, maxLength: 32 }))
    })

    interface KeyParts { wallMs: number, counter: number, signer: Uint8Array, id: Uint8Array }

    function compareTuples (a: KeyParts, b: KeyParts): number {
      if (a.wallMs !== b.wallMs) return a.wallMs - b.wallMs
      if (a.counter !== b.counter) return a.counter - b.counter
      return compareBytes(a.signer, b.signer) || compareBytes(a.id, b.id)
    }

    it('orders keys byte-wise exactly as (wallMs, counter, signer, id)', () => {
      fc.assert(fc.property(keyArb, keyArb, (a, b) => {
        const ka = entryKey(a, a.signer, a.id)
        const kb = entryKey(b, b.signer, b.id)
        assert.equal(Math.sign(compareBytes(ka, kb)), Math.sign(compareTuples(a, b)))
      }), { numRuns: 200 })
    })

    it('reads back the stamp from a key, and lays out signer and id after it', () => {
      fc.assert(fc.property(keyArb, k => {
        const key = entryKey(k, k.signer, k.id)
        assert.equal(key.byteLength, ENTRY_KEY_BYTES)
        assert.deepEqual(stampOfKey(key), { wallMs: k.wallMs, counter: k.counter })
        assert.deepEqual(key.subarray(12, 44), k.signer)
        assert.deepEqual(key.subarray(44), k.id)
        // a key held inside a bigger buffer reads the same
        const framed = new Uint8Array(ENTRY_KEY_BYTES + 3)
        framed.set(key, 3)
        assert.deepEqual(stampOfKey(framed.subarray(3)), { wallMs: k.wallMs, counter: k.counter })
      }), { numRuns: 200 })
    })

    it('refuses a signer or id that is not 32 bytes', () => {
      assert.throws(() => entryKey(stamp, new Uint8Array(31), new Uint8Array(32)), TypeError)
      assert.throws(() => entryKey(stamp, new Uint8Array(32), new Uint8Array(33)), TypeError)
    })

    it('prints a stamp as <wallMs>.<counter>', () => {
      assert.equal(formatStamp({ wallMs: 1_700_000_000_123, counter: 7 }), '1700000000123.7')
    })
  })
})
