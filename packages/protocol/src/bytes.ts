import { hash } from 'node:crypto'

/** Lower-case hex of bytes. */
export function toHex (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

/** Bytes of a hex string; throws on odd length or non-hex characters. */
export function fromHex (hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new TypeError('not a hex string')
  return new Uint8Array(Buffer.from(hex, 'hex'))
}

/** Byte-wise comparison: negative, zero or positive as a sorts before, with or after b. */
export function compareBytes (a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b)
}

/** True when both hold the same bytes. */
export function equalBytes (a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0
}

/** Where sha256 joins small parts before hashing them (it runs to completion, so one buffer serves every call). */
const scratch = new Uint8Array(4096)

/** SHA-256 of the concatenated parts. */
export function sha256 (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  let data: Uint8Array
  if (parts.length === 1) {
    data = parts[0]
  } else {
    // one-shot hashing of the joined parts costs less than a Hash object fed part by part
    let length = 0
    for (const p of parts) length += p.byteLength
    // larger joins (a bundle's or a manifest's digest) get a buffer of their own, not kept
    const into = length <= scratch.byteLength ? scratch : new Uint8Array(length)
    let pos = 0
    for (const p of parts) { into.set(p, pos); pos += p.byteLength }
    data = into.subarray(0, length)
  }
  const digest = hash('sha256', data, 'buffer')
  // the digest has a buffer of its own; take it as it is when it does
  return digest.byteOffset === 0 && digest.buffer.byteLength === digest.byteLength && digest.buffer instanceof ArrayBuffer
    ? new Uint8Array(digest.buffer)
    : new Uint8Array(digest)
}

/** XORs b into acc in place (both the same length). */
export function xorInto (acc: Uint8Array, b: Uint8Array): void {
  for (let i = 0; i < acc.length; i++) acc[i] ^= b[i]
}

/** An unsigned integer as a protobuf (LEB128) varint. */
export function encodeVarint (n: number): Uint8Array {
  const out = new Uint8Array(varintLength(n))
  writeVarint(out, 0, n)
  return out
}

/** The length of an unsigned integer's varint. */
export function varintLength (n: number): number {
  let length = 1
  while (n >= 0x80) { n = Math.floor(n / 128); length++ }
  return length
}

/** Writes an unsigned integer's varint into `out` at `pos`; returns where it ends. */
export function writeVarint (out: Uint8Array, pos: number, n: number): number {
  while (n >= 0x80) { out[pos++] = (n & 0x7f) | 0x80; n = Math.floor(n / 128) }
  out[pos++] = n
  return pos
}
