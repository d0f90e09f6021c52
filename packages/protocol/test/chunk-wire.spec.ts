import assert from 'node:assert/strict'
import fc from 'fast-check'
import { ChunkResponse, chunkResponseParts } from '../src/index.js'

function concat (parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts))
}

describe('chunkResponseParts', () => {
  it('gives the generated encoder\'s bytes, the chunk itself among the parts uncopied', () => {
    // lengths around every varint boundary a chunk can reach, and random ones
    const sizes = [1, 127, 128, 16383, 16384, 256 * 1024, 2097151, 2097152]
    for (const size of sizes) {
      const hash = new Uint8Array(32).fill(size % 251)
      const data = new Uint8Array(size).fill(7)
      const parts = chunkResponseParts(1, hash, data)
      assert.deepEqual(concat(parts), ChunkResponse.encode({ version: 1, hash, data, missing: false }), `size ${size}`)
      assert.equal(parts[parts.length - 1], data, 'the chunk is passed on, not copied')
    }
    fc.assert(fc.property(fc.nat(1000), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 4096 }), (version, hash, data) => {
      assert.deepEqual(concat(chunkResponseParts(version, hash, data)), ChunkResponse.encode({ version, hash, data, missing: false }))
    }))
  })

  it('encodes a missing chunk as the generated encoder does, and decodes back', () => {
    const hash = new Uint8Array(32).fill(3)
    const bytes = concat(chunkResponseParts(1, hash, undefined))
    assert.deepEqual(bytes, ChunkResponse.encode({ version: 1, hash, data: new Uint8Array(0), missing: true }))
    const back = ChunkResponse.decode(bytes)
    assert.equal(back.missing, true)
    assert.deepEqual(back.hash, hash)
    const held = ChunkResponse.decode(concat(chunkResponseParts(1, hash, Uint8Array.of(1, 2, 3))))
    assert.equal(held.missing, false)
    assert.deepEqual([...held.data], [1, 2, 3])
  })
})
