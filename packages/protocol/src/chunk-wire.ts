import { encodeVarint } from './bytes.js'
import { ChunkResponse } from './messages.js'

/** Field 3 (`data`) of ChunkResponse, length-delimited: (3 << 3) | 2. */
const DATA_TAG = 26

/**
 * A ChunkResponse as the pieces of its encoding, the chunk's bytes among
 * them as they are (not copied): the same bytes as
 * `ChunkResponse.encode({ version, hash, data, missing: data == null })`,
 * for a writer that takes a list (`lpStream.write` of a Uint8ArrayList).
 * A server sends every chunk it holds this way; one copy of each chunk
 * served was a fresh allocation, zeroed by the kernel.
 */
export function chunkResponseParts (version: number, hash: Uint8Array<ArrayBuffer>, data: Uint8Array | undefined): Uint8Array[] {
  if (data == null || data.byteLength === 0) {
    return [ChunkResponse.encode({ version, hash, data: new Uint8Array(0), missing: data == null })]
  }
  // fields in number order, as the generated encoder writes them: version, hash, then data's tag and length
  const head = ChunkResponse.encode({ version, hash, data: new Uint8Array(0), missing: false })
  const len = encodeVarint(data.byteLength)
  const prefix = new Uint8Array(head.byteLength + 1 + len.byteLength)
  prefix.set(head, 0)
  prefix[head.byteLength] = DATA_TAG
  prefix.set(len, head.byteLength + 1)
  return [prefix, data]
}
