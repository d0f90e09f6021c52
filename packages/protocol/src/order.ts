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
  const view = new DataView(key.buffer)
  view.setBigUint64(0, BigInt(stamp.wallMs))
  view.setUint32(8, stamp.counter)
  key.set(signer, 12)
  key.set(id, ORDER_KEY_BYTES)
  return key
}

/** Reads the stamp back from an entry key. */
export function stampOfKey (key: Uint8Array): Stamp {
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength)
  return { wallMs: Number(view.getBigUint64(0)), counter: view.getUint32(8) }
}

/** A printable form of a stamp: `<wallMs>.<counter>`, as the CLI shows and takes it. */
export function formatStamp (stamp: Stamp): string {
  return `${stamp.wallMs}.${stamp.counter}`
}
