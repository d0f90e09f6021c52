import assert from 'node:assert/strict'
import fc from 'fast-check'
import nacl from 'tweetnacl'
import {
  decodeEntry, decodeEnvelope, Envelope, encodeEnvelope, entryIdOf, MAX_ENVELOPE_BYTES, MAX_PAYLOAD_TYPE_CHARS, OP_PAYLOAD_TYPE,
  openEnvelope, PROTOCOL_VERSION, readCanonicalEnvelope, sealEnvelope, signatureInput, signBytes, SIGNATURE_DOMAINS, toHex, verifyEnvelope,
  verifyEnvelopeAsync, type EnvelopeFault
} from '../src/index.js'
import { identity, wave } from './fixtures.js'

const DECODE_FAULTS: readonly string[] = ['too-large', 'malformed', 'unsupported-version', 'unknown-payload-type']

// Hand-rolled protobuf framing, so tests can build envelopes the codec
// would never write: reordered, with unknown or repeated fields.
function varint (n: number): number[] {
  const out: number[] = []
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128) }
  out.push(n)
  return out
}
function lenPrefixed (bytes: Uint8Array | string): number[] {
  const b = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
  return [...varint(b.byteLength), ...b]
}
function lenField (field: number, bytes: Uint8Array | string): number[] {
  return [...varint((field << 3) | 2), ...lenPrefixed(bytes)]
}
function varintField (field: number, n: number): number[] {
  return [...varint(field << 3), ...varint(n)]
}

function assertRefused (result: { ok: boolean, reason?: string }, reasons: readonly string[], what: string): void {
  assert.equal(result.ok, false, `${what} was accepted`)
  assert.ok(reasons.includes(result.reason as string), `${what}: unexpected reason ${String(result.reason)}`)
}

describe('envelope', () => {
  it('encodeEnvelope writes the same bytes as the generated encoder (property)', () => {
    const bytes = (max: number): fc.Arbitrary<Uint8Array<ArrayBuffer>> => fc.uint8Array({ maxLength: max }).map(b => new Uint8Array(b))
    fc.assert(fc.property(
      fc.record({
        version: fc.oneof(fc.constant(0), fc.constant(1), fc.nat(), fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer()),
        payloadType: fc.oneof(
          fc.constant(''), fc.constantFrom(...Object.keys(SIGNATURE_DOMAINS)), fc.string({ maxLength: 40 }),
          fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 })
        ),
        payload: fc.oneof(bytes(8), bytes(300), fc.uint8Array({ minLength: 16_380, maxLength: 16_400 }).map(b => new Uint8Array(b))),
        signer: bytes(40),
        signature: bytes(80)
      }),
      (e) => { assert.deepEqual(encodeEnvelope(e), Envelope.encode(e)) }
    ), { numRuns: 300 })
  })

  describe('the one-pass reader of canonical envelopes', () => {
    const bytes = (min: number, max: number): fc.Arbitrary<Uint8Array<ArrayBuffer>> => fc.uint8Array({ minLength: min, maxLength: max }).map(b => new Uint8Array(b))
    const fieldsArb = fc.record({
      version: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 0xffff_ffff })),
      payloadType: fc.oneof(fc.constantFrom(...Object.keys(SIGNATURE_DOMAINS)), fc.constant(''), fc.string({ maxLength: 20 })),
      payload: fc.oneof(bytes(0, 8), bytes(100, 300)),
      signer: bytes(0, 40),
      signature: bytes(0, 80)
    })

    // whatever it reads, the generated decoder reads the same from the same bytes, and they are the canonical encoding
    function agrees (input: Uint8Array): Envelope | undefined {
      const read = readCanonicalEnvelope(input)
      if (read != null) {
        assert.deepEqual(read, Envelope.decode(input))
        assert.deepEqual(Envelope.encode(read), input)
      }
      return read
    }

    it('reads every canonical envelope of a known payload type with every field set, as the generated decoder does (property)', () => {
      fc.assert(fc.property(fieldsArb, fields => {
        const encoded = Envelope.encode(fields)
        const read = agrees(encoded)
        const complete = fields.version !== 0 && SIGNATURE_DOMAINS[fields.payloadType] != null && fields.payload.byteLength > 0 && fields.signer.byteLength > 0 && fields.signature.byteLength > 0
        assert.equal(read != null, complete)
      }), { numRuns: 400 })
    })

    it('reads nothing that is not canonical: reframed, mutated or random bytes (property)', () => {
      const sealed = wave(identity('reader'), new Uint8Array(32).fill(2), { wallMs: 1_700_000_000_000, counter: 1 }, { channel: 'c', version: 1 }).envelope
      assert.ok(agrees(sealed) != null)
      // each varint (the version, then each field's length) one byte longer than it need be
      const e = Envelope.decode(sealed)
      const long = (n: number): number[] => { const v = varint(n); v[v.length - 1] |= 0x80; return [...v, 0] }
      const field = (tag: number, b: Uint8Array | string, stretch: boolean): number[] => {
        const raw = typeof b === 'string' ? new TextEncoder().encode(b) : b
        return [tag, ...(stretch ? long(raw.byteLength) : varint(raw.byteLength)), ...raw]
      }
      for (let stretched = 0; stretched < 5; stretched++) {
        const framed = Uint8Array.from([
          0x08, ...(stretched === 0 ? long(e.version) : varint(e.version)), ...field(0x12, e.payloadType, stretched === 1),
          ...field(0x1a, e.payload, stretched === 2), ...field(0x22, e.signer, stretched === 3), ...field(0x2a, e.signature, stretched === 4)
        ])
        assert.deepEqual(Envelope.decode(framed), e)
        assert.equal(agrees(framed), undefined, `varint ${stretched} stretched`)
      }
      fc.assert(fc.property(fc.integer({ min: 0, max: sealed.byteLength - 1 }), fc.integer({ min: 1, max: 255 }), fc.nat(sealed.byteLength), (at, xor, cut) => {
        const changed = new Uint8Array(sealed)
        changed[at] ^= xor
        agrees(changed)
        agrees(sealed.subarray(0, cut))
        agrees(Uint8Array.from([...sealed, 0]))
      }), { numRuns: 400 })
      // (the generated decoder may throw on garbage: ask it only about what the reader read)
      fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), random => {
        if (readCanonicalEnvelope(random) != null) agrees(random)
      }), { numRuns: 300 })
    })
  })

  const signer = identity('envelope-signer')
  const federation = new Uint8Array(32).fill(9)
  const entry = wave(signer, federation, { wallMs: 1_700_000_000_000, counter: 3 }, { channel: 'site-config', version: 7 })
  const sealed = entry.signed
  const { payload, signature } = sealed.envelope

  it('opens what it seals, with every field intact', async () => {
    const opened = openEnvelope(sealed.bytes)
    assert.ok(opened.ok)
    assert.deepEqual(opened.value.bytes, sealed.bytes)
    assert.equal(opened.value.envelope.version, PROTOCOL_VERSION)
    assert.equal(opened.value.envelope.payloadType, OP_PAYLOAD_TYPE)
    assert.deepEqual(opened.value.envelope.payload, payload)
    assert.deepEqual(opened.value.envelope.signer, signer.publicKey)
    assert.equal(verifyEnvelope(opened.value), true)
    assert.equal(await verifyEnvelopeAsync(opened.value), true)
  })

  it('signs exactly the documented input: length-prefixed domain, payload type and payload', () => {
    const domain = SIGNATURE_DOMAINS[OP_PAYLOAD_TYPE]
    assert.equal(domain, 'waggle-log-operation-v1')
    const input = Uint8Array.from([...lenPrefixed(domain), ...lenPrefixed(OP_PAYLOAD_TYPE), ...lenPrefixed(payload)])
    assert.deepEqual(new Uint8Array(signatureInput(OP_PAYLOAD_TYPE, payload)), input)
    // an independent implementation agrees, so another node can check it from the spec alone
    assert.equal(nacl.sign.detached.verify(input, signature, signer.publicKey), true)
  })

  it('refuses every single-bit change of the payload or signature, and opens no other change to different content', () => {
    const bytes = sealed.bytes
    const payloadAt = Buffer.from(bytes).indexOf(Buffer.from(payload))
    const signatureAt = bytes.byteLength - signature.byteLength
    assert.ok(payloadAt > 0)
    assert.deepEqual(bytes.subarray(signatureAt), signature)
    for (let bit = 0; bit < bytes.byteLength * 8; bit++) {
      const bad = new Uint8Array(bytes)
      bad[bit >>> 3] ^= 1 << (bit & 7)
      const at = bit >>> 3
      const opened = openEnvelope(bad)
      if ((at >= payloadAt && at < payloadAt + payload.byteLength) || at >= signatureAt) {
        // the framing is intact, so only the signature can catch the change
        assertRefused(opened, ['bad-signature'], `bit ${bit}`)
      } else if (opened.ok) {
        // the decoder is lenient about framing (a wire type, say), but what
        // opens is the signed envelope itself, in its canonical form
        assert.deepEqual(opened.value.bytes, bytes, `bit ${bit}`)
      } else {
        assertRefused(opened, [...DECODE_FAULTS, 'bad-signature'], `bit ${bit}`)
      }
    }
  })

  it('refuses a signature over the raw payload, without the domain', () => {
    const forged = Envelope.encode({ ...sealed.envelope, signature: new Uint8Array(signBytes(signer, payload)) })
    assert.ok(decodeEnvelope(forged).ok)
    assertRefused(openEnvelope(forged), ['bad-signature'], 'raw-payload signature')
  })

  it('refuses a signature made under another domain string', () => {
    const otherDomain = Uint8Array.from([...lenPrefixed('waggle-other-message-v1'), ...lenPrefixed(OP_PAYLOAD_TYPE), ...lenPrefixed(payload)])
    const forged = Envelope.encode({ ...sealed.envelope, signature: new Uint8Array(signBytes(signer, otherDomain)) })
    assertRefused(openEnvelope(forged), ['bad-signature'], 'other-domain signature')
  })

  it('refuses another signer\'s key on a good signature', () => {
    const forged = Envelope.encode({ ...sealed.envelope, signer: new Uint8Array(identity('envelope-impostor').publicKey) })
    assertRefused(openEnvelope(forged), ['bad-signature'], 'swapped signer')
  })

  describe('size limit', () => {
    // a sealed envelope of exactly `size` bytes: the payload fills what the framing leaves
    function sealedOfSize (size: number): Uint8Array {
      const probe = sealEnvelope(signer, OP_PAYLOAD_TYPE, new Uint8Array(size - 200))
      const framing = probe.bytes.byteLength - (size - 200)
      const bytes = sealEnvelope(signer, OP_PAYLOAD_TYPE, new Uint8Array(size - framing).fill(1)).bytes
      assert.equal(bytes.byteLength, size)
      return bytes
    }

    it('accepts an envelope of exactly MAX_ENVELOPE_BYTES', () => {
      assert.ok(openEnvelope(sealedOfSize(MAX_ENVELOPE_BYTES)).ok)
    })

    it('refuses a signed envelope one byte over the limit with too-large', () => {
      const bytes = sealedOfSize(MAX_ENVELOPE_BYTES + 1)
      assertRefused(decodeEnvelope(bytes), ['too-large'], 'decodeEnvelope')
      assertRefused(openEnvelope(bytes), ['too-large'], 'openEnvelope')
      assertRefused(decodeEntry(bytes), ['too-large'], 'decodeEntry')
    })

    it('refuses oversized garbage with too-large before decoding it', () => {
      assertRefused(openEnvelope(new Uint8Array(10 * MAX_ENVELOPE_BYTES).fill(0xff)), ['too-large'], 'garbage')
    })
  })

  describe('malformed envelopes', () => {
    function encoded (change: Partial<Envelope>): Uint8Array {
      return Envelope.encode({ ...sealed.envelope, ...change })
    }

    it('refuses a payload type it has no domain for, and never seals one', () => {
      assert.throws(() => sealEnvelope(signer, '/waggle/other/1', payload), (err: Error) => err.name === 'TypeError')
      for (const payloadType of ['/waggle/other/1', '', 'x'.repeat(MAX_PAYLOAD_TYPE_CHARS + 1), '__proto__', 'toString', 'constructor', 'hasOwnProperty']) {
        const bytes = encoded({ payloadType })
        assertRefused(decodeEnvelope(bytes), ['unknown-payload-type'], `decodeEnvelope of "${payloadType.slice(0, 20)}"`)
        assertRefused(openEnvelope(bytes), ['unknown-payload-type'], `openEnvelope of "${payloadType.slice(0, 20)}"`)
        assertRefused(decodeEntry(bytes), ['unknown-payload-type'], `decodeEntry of "${payloadType.slice(0, 20)}"`)
      }
    })

    it('refuses another wire version with unsupported-version', () => {
      assertRefused(openEnvelope(encoded({ version: PROTOCOL_VERSION + 1 })), ['unsupported-version'], 'version 2')
      assertRefused(openEnvelope(encoded({ version: 0 })), ['unsupported-version'], 'version 0')
    })

    it('refuses a signer or signature of the wrong length with malformed', () => {
      assertRefused(openEnvelope(encoded({ signer: signer.publicKey.slice(0, 31) })), ['malformed'], 'short signer')
      assertRefused(openEnvelope(encoded({ signature: signature.slice(0, 63) })), ['malformed'], 'short signature')
      assertRefused(openEnvelope(encoded({ signature: new Uint8Array(0) })), ['malformed'], 'no signature')
    })

    it('refuses bytes that are not protobuf with malformed', () => {
      assertRefused(openEnvelope(new Uint8Array(40).fill(0xff)), ['malformed'], 'all ones')
      assertRefused(openEnvelope(sealed.bytes.subarray(0, sealed.bytes.byteLength - 1)), ['malformed'], 'truncated')
    })
  })

  describe('framing', () => {
    const v = varintField(1, PROTOCOL_VERSION)
    const t = lenField(2, OP_PAYLOAD_TYPE)
    const p = lenField(3, payload)
    const s = lenField(4, signer.publicKey)
    const g = lenField(5, signature)
    const reframings: Record<string, number[]> = {
      'an unknown field appended': [...sealed.bytes, ...varintField(15, 1)],
      'unknown fields of every wire type': [...lenField(99, 'ignored'), ...sealed.bytes, ...varintField(20, 300), 0x5d, 1, 2, 3, 4, 0x61, 1, 2, 3, 4, 5, 6, 7, 8],
      'the fields in reverse order': [...g, ...s, ...p, ...t, ...v],
      'a field repeated (the last one wins)': [...v, ...lenField(3, 'a decoy payload'), ...t, ...p, ...s, ...g],
      'a non-minimal varint': [0x08, 0x81, 0x00, ...t, ...p, ...s, ...g]
    }

    for (const [name, bytes] of Object.entries(reframings)) {
      it(`keeps the entry id and canonical bytes of an envelope re-framed with ${name}`, () => {
        const reframed = Uint8Array.from(bytes)
        assert.notDeepEqual(reframed, sealed.bytes)
        const opened = openEnvelope(reframed)
        assert.ok(opened.ok, opened.ok ? '' : opened.detail)
        assert.deepEqual(opened.value.bytes, sealed.bytes)
        assert.deepEqual(entryIdOf(opened.value.envelope), entry.id)
        const decoded = decodeEntry(reframed)
        assert.ok(decoded.ok)
        assert.equal(decoded.value.idHex, entry.idHex)
        assert.deepEqual(decoded.value.key, entry.key)
        assert.deepEqual(decoded.value.envelope, entry.envelope)
      })
    }
  })

  it('keeps a decoded envelope intact when the caller reuses its buffer', () => {
    const buffer = new Uint8Array(sealed.bytes)
    const opened = openEnvelope(buffer)
    assert.ok(opened.ok)
    buffer.fill(0)
    assert.deepEqual(opened.value.envelope.payload, payload)
    assert.deepEqual(opened.value.envelope.signer, signer.publicKey)
    assert.deepEqual(opened.value.envelope.signature, signature)
    assert.equal(verifyEnvelope(opened.value), true)
  })

  describe('hostile input (property)', () => {
    type Mutation =
      | { kind: 'set', at: number, value: number }
      | { kind: 'flip', at: number, bit: number }
      | { kind: 'delete', at: number, length: number }
      | { kind: 'insert', at: number, bytes: Uint8Array }
      | { kind: 'truncate', at: number }

    const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() })
    )

    function mutate (bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
      let out = [...bytes]
      for (const m of mutations) {
        const at = m.at % (out.length + 1)
        if (m.kind === 'set' && at < out.length) out[at] = m.value
        if (m.kind === 'flip' && at < out.length) out[at] ^= 1 << m.bit
        if (m.kind === 'delete') out.splice(at, m.length)
        if (m.kind === 'insert') out.splice(at, 0, ...m.bytes)
        if (m.kind === 'truncate') out = out.slice(0, at)
      }
      return Uint8Array.from(out)
    }

    const original = { payloadType: sealed.envelope.payloadType, payload: toHex(payload), signer: toHex(signer.publicKey) }

    // Whatever the bytes, the decoders return a result; and an envelope that
    // opens carries exactly what the key's owner signed, as tweetnacl confirms.
    function check (bytes: Uint8Array): void {
      const decoded = decodeEnvelope(bytes)
      const opened = openEnvelope(bytes)
      const asEntry = decodeEntry(bytes)
      for (const r of [decoded, opened, asEntry]) assert.equal(typeof r.ok, 'boolean')
      if (!decoded.ok) {
        // decoding fails first, with the same reason, whichever entry point is used
        assert.deepEqual(opened, decoded)
        assert.deepEqual(asEntry, decoded)
      }
      if (opened.ok) {
        const e = opened.value.envelope
        assert.deepEqual({ payloadType: e.payloadType, payload: toHex(e.payload), signer: toHex(e.signer) }, original)
        assert.equal(nacl.sign.detached.verify(signatureInput(e.payloadType, e.payload), e.signature, e.signer), true)
      } else {
        const reason: EnvelopeFault = opened.reason
        assert.ok([...DECODE_FAULTS, 'bad-signature'].includes(reason), reason)
      }
      if (asEntry.ok && opened.ok) assert.equal(asEntry.value.idHex, entry.idHex)
    }

    it('never throws on random bytes, and never opens them', () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), bytes => {
        check(bytes)
        assert.equal(openEnvelope(bytes).ok, false)
      }), { numRuns: 200 })
    })

    it('never throws on mutations of a valid envelope, and opens one only with the signed content', () => {
      fc.assert(fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), mutations => {
        check(mutate(sealed.bytes, mutations))
      }), { numRuns: 200 })
    })

    it('never throws on well-framed envelopes whose fields are random', () => {
      const fieldsArb = fc.record({
        version: fc.constantFrom(0, 1, 2, 0xffffffff),
        payloadType: fc.oneof(fc.constant(OP_PAYLOAD_TYPE), fc.constantFrom('toString', '__proto__', 'constructor'), fc.string({ maxLength: 80 })),
        payload: fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constant(payload)),
        signer: fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 40 }), fc.constant(new Uint8Array(signer.publicKey))),
        signature: fc.oneof(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.uint8Array({ maxLength: 80 }), fc.constant(signature))
      })
      fc.assert(fc.property(fieldsArb, fields => {
        check(Envelope.encode(fields))
      }), { numRuns: 200 })
    })

    it('never throws on validly signed envelopes whose operation payload is mutated', () => {
      fc.assert(fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), mutations => {
        const bad = sealEnvelope(signer, OP_PAYLOAD_TYPE, mutate(payload, mutations))
        const opened = openEnvelope(bad.bytes)
        assert.ok(opened.ok)
        const decoded = decodeEntry(bad.bytes)
        if (!decoded.ok) assert.equal(decoded.reason, 'invalid-operation')
        else assert.deepEqual(decoded.value.id, entryIdOf(bad.envelope))
      }), { numRuns: 200 })
    })
  })
})
