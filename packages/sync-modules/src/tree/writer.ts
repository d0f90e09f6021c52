import { constants } from 'node:fs'
import { chmod, lstat, mkdir, open, readdir, rm, symlink, type FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { toHex, type TreeManifest } from '@waggle/protocol'
import type { ChunkStore } from './chunk-store.js'
import { TreeEntryKind } from './constants.js'
import { MissingChunkError, UnsafeTreeError } from './errors.js'
import { checkTreeManifest } from './paths.js'

/**
 * Creates a file that must not exist yet, never following a symlink: with
 * O_EXCL a name already present (say, one a case-insensitive file system
 * folds onto another entry) fails instead of being written through.
 */
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW
/** Opens a file this writer created, never through a symlink put in its place. */
const WRITE_FLAGS = constants.O_WRONLY | constants.O_NOFOLLOW
/** Sets a file's mode through a handle, never through a symlink put in its place. */
const MODE_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW

/**
 * Chunks read from the store and written at once by {@link TreeWriter.fill}.
 * Each read and write is a round trip through libuv's thread pool: one after
 * another, on a busy host, 256 chunks took seconds.
 */
const FILL_CONCURRENCY = 8
/**
 * Bytes handed to {@link TreeWriter.write} that may wait for the disk. Past
 * this a chunk is not queued: it is in the store, and `fill` writes it.
 */
const MAX_QUEUED_BYTES = 32 * 1024 * 1024
/** Files kept open between writes; the least recently written is closed first. */
const MAX_OPEN_FILES = 16

/** Where a chunk goes: a file entry of the manifest and an offset in it. */
interface Slot { entry: number, offset: number, length: number }

interface OpenFile { handle: Promise<FileHandle>, users: number }

/**
 * Builds the tree a manifest describes in `targetDir` while its chunks
 * arrive, so that a fetch ends with the tree written rather than starting
 * a second pass over the store:
 *
 * 1. {@link TreeWriter.create} checks the manifest (a refused one writes
 *    nothing) and lays out the tree: directories, symlinks, empty files.
 * 2. {@link TreeWriter.write} takes a chunk as it arrives, verified, and
 *    writes it wherever the manifest puts it.
 * 3. {@link TreeWriter.fill} writes every place still empty from the store,
 *    which verifies each chunk as it reads it.
 * 4. {@link TreeWriter.finish} sets the file and directory modes.
 *
 * {@link TreeWriter.abort} removes what was written. The result is meant
 * for a staging directory, then `verifyTree`, then an atomic switch.
 */
export class TreeWriter {
  /** Unwritten places, by chunk hash (hex). */
  private readonly slots = new Map<string, Slot[]>()
  /** Open files, least recently used first. */
  private readonly files = new Map<number, OpenFile>()
  private readonly pending = new Set<Promise<void>>()
  private readonly closing: Array<Promise<void>> = []
  private queuedBytes = 0
  private failure: unknown
  private done = false

  private constructor (private readonly manifest: TreeManifest, private readonly targetDir: string) {
    const { chunkSize } = manifest
    manifest.entries.forEach((entry, index) => {
      if (entry.kind !== TreeEntryKind.file) return
      entry.chunks.forEach((hash, i) => {
        const hex = toHex(hash)
        const slot = { entry: index, offset: chunkSize * i, length: i < entry.chunks.length - 1 ? chunkSize : entry.size - chunkSize * i }
        const list = this.slots.get(hex)
        if (list == null) this.slots.set(hex, [slot])
        else list.push(slot)
      })
    })
  }

  /**
   * Checks the manifest and lays out its tree in `targetDir`, which must not
   * exist yet: directories (owner rwx while filling, whatever the umask),
   * symlinks, and every file, empty.
   *
   * @throws UnsafeTreeError when the manifest is refused; nothing is written
   * @throws an `EEXIST` error (`err.code`) when `targetDir` already exists; it is left alone
   */
  static async create (manifest: TreeManifest, targetDir: string): Promise<TreeWriter> {
    const checked = checkTreeManifest(manifest)
    if (!checked.ok) throw new UnsafeTreeError(checked.reason, checked.detail)
    await mkdir(dirname(targetDir), { recursive: true })
    await mkdir(targetDir)
    const writer = new TreeWriter(manifest, targetDir)
    try {
      for (const entry of manifest.entries) {
        const path = join(targetDir, entry.path)
        if (entry.kind === TreeEntryKind.directory) {
          await mkdir(path)
          await chmod(path, 0o700)
        } else if (entry.kind === TreeEntryKind.symlink) {
          await symlink(entry.target, path)
        } else {
          await (await open(path, CREATE_FLAGS, 0o600)).close()
        }
      }
    } catch (err) {
      await removeTree(targetDir)
      throw err
    }
    return writer
  }

  /** How many chunks (distinct hashes) still have a place to be written. */
  get unwritten (): number {
    return this.slots.size
  }

  /**
   * Writes a chunk wherever the manifest puts it, in the background. `data`
   * must be the verified bytes of `hash` (as a chunk store's `put` checks
   * them). A chunk the tree does not list, or one already written, is
   * ignored; so is any chunk while too many bytes wait for the disk (`fill`
   * writes it from the store). A failed write is thrown by `fill` or `finish`.
   */
  write (hash: Uint8Array, data: Uint8Array): void {
    if (this.done || this.failure !== undefined) return
    const hex = toHex(hash)
    const slots = this.slots.get(hex)
    if (slots == null) return
    const bytes = data.byteLength * slots.length
    if (this.queuedBytes + bytes > MAX_QUEUED_BYTES) return
    this.slots.delete(hex)
    this.queuedBytes += bytes
    const job = this.writeSlots(slots, data)
      .catch((err) => { this.failure ??= err })
      .finally(() => {
        this.queuedBytes -= bytes
        this.pending.delete(job)
      })
    this.pending.add(job)
  }

  /**
   * Writes every place still empty with its chunk from `store`, several at
   * once. The chunks the store lacks (or found corrupt and dropped) stay
   * unwritten: fetch them, then call `fill` again.
   *
   * @throws MissingChunkError naming the first chunk the store lacks
   * @throws UnsafeTreeError when a chunk's length is not the one the manifest gives its place
   */
  async fill (store: ChunkStore): Promise<void> {
    await this.settle()
    let missing: string | undefined
    await eachAtOnce([...this.slots.keys()], FILL_CONCURRENCY, async (hex) => {
      const slots = this.slots.get(hex)
      if (slots == null || this.failure !== undefined) return
      const data = await store.get(this.hashOf(slots[0]))
      if (data === undefined) { missing ??= hex; return }
      this.slots.delete(hex)
      await this.writeSlots(slots, data)
    }).catch((err) => { this.failure ??= err })
    if (this.failure !== undefined) throw this.failure
    if (missing !== undefined) throw new MissingChunkError(missing)
  }

  /**
   * Closes every file and gives files and directories their modes,
   * directories last and children before parents, so no directory turns
   * read-only while something under it still needs one.
   *
   * @throws MissingChunkError when a chunk was never written
   */
  async finish (): Promise<void> {
    await this.settle()
    const left = this.slots.keys().next()
    if (!left.done) throw new MissingChunkError(left.value)
    await this.closeAll()
    this.done = true
    const { entries } = this.manifest
    await eachAtOnce(entries.filter(e => e.kind === TreeEntryKind.file), FILL_CONCURRENCY, async (entry) => {
      const handle = await open(join(this.targetDir, entry.path), MODE_FLAGS)
      try {
        await handle.chmod(entry.mode)
      } finally {
        await handle.close()
      }
    })
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i]
      if (entry.kind === TreeEntryKind.directory) await chmod(join(this.targetDir, entry.path), entry.mode)
    }
  }

  /** Stops writing, closes every file and removes `targetDir`. */
  async abort (): Promise<void> {
    this.done = true
    await Promise.allSettled([...this.pending])
    await this.closeAll()
    await removeTree(this.targetDir)
  }

  /** Waits for the writes in flight; throws the first that failed. */
  private async settle (): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
    if (this.failure !== undefined) throw this.failure
  }

  private hashOf (slot: Slot): Uint8Array {
    const entry = this.manifest.entries[slot.entry]
    return entry.chunks[slot.offset / this.manifest.chunkSize]
  }

  private async writeSlots (slots: Slot[], data: Uint8Array): Promise<void> {
    for (const slot of slots) {
      if (data.byteLength !== slot.length) {
        // The hash proves the bytes, not their length: a manifest whose sizes
        // disagree with its own chunks is the publisher's error, and must not
        // produce a file of another size than it says.
        const entry = this.manifest.entries[slot.entry]
        throw new UnsafeTreeError('malformed', `file "${entry.path}" chunk ${slot.offset / this.manifest.chunkSize} is ${data.byteLength} bytes, not ${slot.length}`)
      }
      await this.withFile(slot.entry, async (handle) => {
        let written = 0
        while (written < data.byteLength) {
          const { bytesWritten } = await handle.write(data, written, data.byteLength - written, slot.offset + written)
          written += bytesWritten
        }
      })
    }
  }

  private async withFile (entry: number, use: (handle: FileHandle) => Promise<void>): Promise<void> {
    let file = this.files.get(entry)
    if (file == null) {
      file = { handle: open(join(this.targetDir, this.manifest.entries[entry].path), WRITE_FLAGS), users: 0 }
      file.handle.catch(() => {}) // its users see the failure
    } else {
      this.files.delete(entry) // to the most recently used end
    }
    this.files.set(entry, file)
    file.users++
    try {
      await use(await file.handle)
    } finally {
      file.users--
      this.closeIdle(MAX_OPEN_FILES)
    }
  }

  /** Closes unused files, least recently used first, until at most `keep` are open. */
  private closeIdle (keep: number): void {
    for (const [entry, file] of this.files) {
      if (this.files.size <= keep) break
      if (file.users > 0) continue
      this.files.delete(entry)
      this.closing.push(file.handle.then(async (h) => { await h.close() }, () => {}))
    }
  }

  private async closeAll (): Promise<void> {
    this.closeIdle(0)
    const closing = this.closing.splice(0)
    const results = await Promise.allSettled(closing)
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed != null) throw failed.reason
  }
}

/**
 * Calls `use` on every item, at most `limit` at once. Every call ends before
 * it settles, so nothing is still running when a caller cleans up; then it
 * throws the first failure, if any.
 */
async function eachAtOnce<T> (items: readonly T[], limit: number, use: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  let failure: { err: unknown } | undefined
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === undefined) {
      const item = items[next++]
      try {
        await use(item)
      } catch (err) {
        failure ??= { err }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failure !== undefined) throw failure.err
}

/**
 * Removes a tree written by a {@link TreeWriter}, first giving its
 * directories back owner rwx: a tree may carry read-only directories, which
 * a process not running as root could not otherwise empty.
 */
export async function removeTree (dir: string): Promise<void> {
  const restore = async (path: string): Promise<void> => {
    let st
    try {
      st = await lstat(path)
    } catch {
      return
    }
    if (!st.isDirectory()) return
    await chmod(path, (st.mode & 0o777) | 0o700)
    for (const name of await readdir(path)) await restore(join(path, name))
  }
  await restore(dir)
  await rm(dir, { recursive: true, force: true })
}
