/**
 * The generated codecs (messages.ts) take their bytes defaults from here
 * rather than from uint8arrays/alloc: every decoded message starts with an
 * empty array per bytes field, and `new Uint8Array(0)` costs a fraction of
 * a zero-length Buffer turned into a Uint8Array. `pnpm gen` points the
 * generated import here.
 */
export function alloc (size = 0): Uint8Array<ArrayBuffer> {
  return new Uint8Array(size)
}
