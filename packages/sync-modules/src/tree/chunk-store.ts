import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { equalBytes, sha256, toHex } from '@waggle/protocol'
import { ChunkHashMismatchError } from './errors.js'

/**
 * Content-addressed chunk storage: a chunk is stored and found under the
 * SHA-256 of its bytes. The same bytes in two files, two versions or two
 * channels are one chunk. A tree's manifest is stored the same way, under
 * the tree's root hash.
 */
export interface ChunkStore {
  /** True when the store holds the chunk (not re-verified: use it to plan a fetch, `get` to use it). */
  has: (hash: Uint8Array) => Promise<boolean>
  /** The chunk's bytes, verified against `hash`; undefined when absent or found corrupt. */
  get: (hash: Uint8Array) => Promise<Uint8Array | undefined>
  /**
   * Stores `data` under `hash` after checking that SHA-256(data) is `hash`.
   * Storing a chunk already held is a no-op.
   *
   * @throws ChunkHashMismatchError when the data does not hash to `hash`; nothing is stored
   */
  put: (hash: Uint8Array, data: Uint8Array) => Promise<void>
}

/** Bytes of a SHA-256 hash, the only name a chunk can have. */
const HASH_BYTES = 32

function isNotFound (err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ENOENT'
}

class FsChunkStore implements ChunkStore {
  /** Fan-out dirs known to exist: a put makes its dir once, not once per chunk. */
  private readonly made = new Set<string>()

  constructor (private readonly dir: string) {}

  /** `<dir>/<first 2 hex>/<64 hex>`: 256 fan-out dirs keep any one directory small. */
  private pathOf (hex: string): string {
    return join(this.dir, hex.slice(0, 2), hex)
  }

  async has (hash: Uint8Array): Promise<boolean> {
    // Hashes may come from a peer's request: a bad one is simply not held.
    if (hash.byteLength !== HASH_BYTES) return false
    try {
      return (await stat(this.pathOf(toHex(hash)))).isFile()
    } catch (err) {
      if (isNotFound(err)) return false
      throw err
    }
  }

  async get (hash: Uint8Array): Promise<Uint8Array | undefined> {
    if (hash.byteLength !== HASH_BYTES) return undefined
    const path = this.pathOf(toHex(hash))
    let data: Uint8Array
    try {
      // a plain Uint8Array view of the Buffer, not a copy: a copy of every chunk served or built cost a page-zeroing allocation each
      const buf = await readFile(path)
      data = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
    } catch (err) {
      if (isNotFound(err)) return undefined
      throw err
    }
    // Disks rot and crashes tear files: a chunk is served or written out
    // only after its hash is checked again, and a bad copy is dropped so
    // the next fetch replaces it.
    if (!equalBytes(sha256(data), hash)) {
      await rm(path, { force: true })
      return undefined
    }
    return data
  }

  async put (hash: Uint8Array, data: Uint8Array): Promise<void> {
    const actual = sha256(data)
    if (hash.byteLength !== HASH_BYTES || !equalBytes(actual, hash)) {
      throw new ChunkHashMismatchError(toHex(hash), toHex(actual))
    }
    const hex = toHex(hash)
    const path = this.pathOf(hex)
    // Held already (the same bytes in another file, version or channel):
    // nothing to write. A file of the wrong length under the name is a torn
    // write, and is replaced rather than trusted.
    try {
      const held = await stat(path)
      if (held.isFile() && held.size === data.byteLength) return
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
    const fanOut = hex.slice(0, 2)
    // Written under a unique temporary name, then renamed: a crash leaves
    // at worst a stray temporary file, never a partial chunk under its
    // name, and two concurrent puts of one chunk rename identical bytes.
    // No fsync: a chunk torn by power loss fails `get`'s check and is fetched again.
    const temp = `${path}.${toHex(randomBytes(6))}.tmp`
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.made.has(fanOut)) {
          await mkdir(join(this.dir, fanOut), { recursive: true })
          this.made.add(fanOut)
        }
        await writeFile(temp, data, { flag: 'wx', mode: 0o644 })
        await rename(temp, path)
        return
      } catch (err) {
        await rm(temp, { force: true })
        // the fan-out dir was removed under us (someone cleaned the store): made again, once
        if (!isNotFound(err) || attempt >= 2) throw err
        this.made.delete(fanOut)
      }
    }
  }
}

/**
 * A {@link ChunkStore} on disk: each chunk is a file
 * `<dir>/<first 2 hex chars>/<64 hex chars>` of the chunk's SHA-256. The
 * directory is created as needed. Files ending in `.tmp` are interrupted
 * writes and may be deleted at any time no put is running.
 *
 * @example
 * ```ts
 * const store = fsChunkStore('/var/lib/waggle/chunks')
 * await store.put(sha256(bytes), bytes)
 * ```
 */
export function fsChunkStore (dir: string): ChunkStore {
  return new FsChunkStore(dir)
}
