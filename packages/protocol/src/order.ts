import { ENTRY_KEY_BYTES, ID_BYTES, ORDER_KEY_BYTES, PUBLIC_KEY_BYTES } from './constants.js'
import type { Stamp } from './hlc.js'

/**
 * The log's total order is (wallMs, counter, signer) — the author's node id
 * as raw key bytes breaks ties — then the entry id, which only separates two
 * different operations one signer stamped alike. The entry key encodes that
 * order big-endian, so byte order is log order (and level's key order).
 */
export function entryKey (stamp: Stamp, signer: Uint8Array, id: Uint8Array): Uint8Array<ArrayBuffer> {
  if (signer.byteLength !== PUBLIC_KEY_BYTES || id.byteLength !== ID_BYTES) throw new TypeError('signer and id must be 32 bytes')
  const key = new Uint8Array(ENTRY_KEY_BYTES)
  // wallMs as a big-endian 64-bit integer (it is below 2^53), then the counter as 32 bits
  const high = Math.floor(stamp.wallMs / 0x1_0000_0000)
  const low = stamp.wallMs >>> 0
  key[0] = high >>> 24; key[1] = high >>> 16; key[2] = high >>> 8; key[3] = high
  key[4] = low >>> 24; key[5] = low >>> 16; key[6] = low >>> 8; key[7] = low
  const counter = stamp.counter
  key[8] = counter >>> 24; key[9] = counter >>> 16; key[10] = counter >>> 8; key[11] = counter
  key.set(signer, 12)
  key.set(id, ORDER_KEY_BYTES)
  return key
}

/** Reads the stamp back from an entry key. */
export function stampOfKey (key: Uint8Array): Stamp {
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength)
  return { wallMs: view.getUint32(0) * 0x1_0000_0000 + view.getUint32(4), counter: view.getUint32(8) }
}

/** A printable form of a stamp: `<wallMs>.<counter>`, as the CLI shows and takes it. */
export function formatStamp (stamp: Stamp): string {
  return `${stamp.wallMs}.${stamp.counter}`
}
