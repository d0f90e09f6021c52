import { lstat, open, readdir, readlink, stat } from 'node:fs/promises'
import type { Stats } from 'node:fs'
import { basename, join } from 'node:path'
import { DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE, MAX_TREE_MANIFEST_BYTES, sha256, TreeManifest, type TreeEntry } from '@waggle/protocol'
import type { ChunkStore } from './chunk-store.js'
import { TREE_MANIFEST_VERSION, TreeEntryKind } from './constants.js'
import { UnsafeTreeError, UnsupportedFileTypeError } from './errors.js'
import { checkTreeManifest, symlinkTargetProblem, treePathProblem } from './paths.js'

/** Options of {@link describeTree}. */
export interface DescribeTreeOptions {
  /** Bytes per chunk, 1..MAX_CHUNK_SIZE; DEFAULT_CHUNK_SIZE when absent. */
  chunkSize?: number
}

/** A described tree: what a publisher announces and serves. */
export interface DescribedTree {
  /** The tree's manifest, sorted by path. */
  manifest: TreeManifest
  /** `TreeManifest.encode(manifest)`: the bytes peers fetch and hash. */
  manifestBytes: Uint8Array
  /** SHA-256 of `manifestBytes`: the tree's name (`ContentDescriptor.sha256`), and the manifest's key in the store. */
  root: Uint8Array
  /** Bytes of all the tree's files (`ContentDescriptor.size`). */
  size: number
}

/** Names are strings on the wire, so a name that is not UTF-8 could not be recreated byte for byte. */
const UTF8 = new TextDecoder('utf-8', { fatal: true })

function decodeName (raw: Buffer, where: string): string {
  try {
    return UTF8.decode(raw)
  } catch {
    throw new UnsafeTreeError('unsafe-path', `a name in "${where}" is not valid UTF-8`)
  }
}

function typeOf (st: Stats): string {
  if (st.isSocket()) return 'socket'
  if (st.isFIFO()) return 'FIFO'
  if (st.isBlockDevice()) return 'block device'
  if (st.isCharacterDevice()) return 'character device'
  return 'special file'
}

/**
 * Reads a file chunk by chunk, hashing each and putting it into the store,
 * so a file of any size costs one chunk of memory. The size is what was
 * read, not what stat said: a file growing during the read still yields a
 * manifest that matches the chunks stored.
 */
async function chunkFile (path: string, chunkSize: number, store: ChunkStore): Promise<{ size: number, chunks: Uint8Array<ArrayBuffer>[] }> {
  const handle = await open(path, 'r')
  try {
    const chunks: Uint8Array<ArrayBuffer>[] = []
    let size = 0
    for (;;) {
      // A fresh buffer per chunk: a store may keep the bytes it is given.
      const buffer = new Uint8Array(chunkSize)
      let filled = 0
      while (filled < chunkSize) {
        const { bytesRead } = await handle.read(buffer, filled, chunkSize - filled, null)
        if (bytesRead === 0) break
        filled += bytesRead
      }
      if (filled === 0) break
      const chunk = buffer.subarray(0, filled)
      const hash = sha256(chunk)
      await store.put(hash, chunk)
      chunks.push(hash)
      size += filled
      if (filled < chunkSize) break
    }
    return { size, chunks }
  } finally {
    await handle.close()
  }
}

function symlinkEntry (path: string, target: string, mode: number): TreeEntry {
  const problem = symlinkTargetProblem(path, target)
  if (problem !== undefined) throw new UnsafeTreeError('unsafe-path', problem)
  return { path, kind: TreeEntryKind.symlink, mode, size: 0, chunks: [], target }
}

/**
 * Describes the content at `source` as a tree, on the publisher: a regular
 * file becomes a tree of one file named `basename(source)`; a directory
 * becomes every file, directory and symlink under it, sorted by path
 * (the directory itself is the tree's root and is not an entry). Each
 * file's chunks, and then the manifest itself (under `root`), are put into
 * `store`, so the publisher can serve the whole tree from it. Files are
 * streamed, never read whole.
 *
 * A symlink is kept as a link, never followed, and must resolve inside the
 * tree; a socket, device or FIFO is refused. A symlink given as `source`
 * itself is followed: naming it is the publisher's choice.
 *
 * @throws UnsafeTreeError naming the path, for a symlink pointing outside the tree or a name a tree cannot carry
 * @throws UnsupportedFileTypeError naming the path, for a socket, device or FIFO
 */
export async function describeTree (source: string, store: ChunkStore, opts: DescribeTreeOptions = {}): Promise<DescribedTree> {
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
    throw new RangeError(`chunk size ${chunkSize} is outside 1..${MAX_CHUNK_SIZE}`)
  }

  const entries: TreeEntry[] = []
  const top = await stat(source)
  if (top.isFile()) {
    const name = basename(source)
    const problem = treePathProblem(name)
    if (problem !== undefined) throw new UnsafeTreeError('unsafe-path', problem)
    const { size, chunks } = await chunkFile(source, chunkSize, store)
    entries.push({ path: name, kind: TreeEntryKind.file, mode: top.mode & 0o777, size, chunks, target: '' })
  } else if (top.isDirectory()) {
    // Depth-first with an explicit stack, so a deep tree cannot exhaust the call stack.
    const pending: string[] = ['']
    while (pending.length > 0) {
      const dir = pending.pop() as string
      const names = await readdir(dir === '' ? source : join(source, dir), { encoding: 'buffer' })
      for (const raw of names) {
        const name = decodeName(raw, dir === '' ? source : join(source, dir))
        const path = dir === '' ? name : `${dir}/${name}`
        const problem = treePathProblem(path)
        if (problem !== undefined) throw new UnsafeTreeError('unsafe-path', problem)
        const abs = join(source, path)
        const st = await lstat(abs)
        const mode = st.mode & 0o777
        if (st.isDirectory()) {
          entries.push({ path, kind: TreeEntryKind.directory, mode, size: 0, chunks: [], target: '' })
          pending.push(path)
        } else if (st.isFile()) {
          const { size, chunks } = await chunkFile(abs, chunkSize, store)
          entries.push({ path, kind: TreeEntryKind.file, mode, size, chunks, target: '' })
        } else if (st.isSymbolicLink()) {
          const target = decodeName(await readlink(abs, { encoding: 'buffer' }), abs)
          entries.push(symlinkEntry(path, target, mode))
        } else {
          throw new UnsupportedFileTypeError(abs, typeOf(st))
        }
      }
    }
    // Plain string order, as the manifest requires: 'a-b' sorts between 'a' and 'a/x'.
    entries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  } else {
    throw new UnsupportedFileTypeError(source, typeOf(top))
  }

  const manifest: TreeManifest = { version: TREE_MANIFEST_VERSION, chunkSize, entries }
  // Catches what one entry alone cannot show, such as a symlink escaping through another symlink.
  const checked = checkTreeManifest(manifest)
  if (!checked.ok) throw new UnsafeTreeError(checked.reason, checked.detail)
  const manifestBytes = TreeManifest.encode(manifest)
  if (manifestBytes.byteLength > MAX_TREE_MANIFEST_BYTES) {
    throw new UnsafeTreeError('malformed', `the manifest is ${manifestBytes.byteLength} bytes, over the ${MAX_TREE_MANIFEST_BYTES} peers accept: use a larger chunk size or fewer files`)
  }
  const root = sha256(manifestBytes)
  await store.put(root, manifestBytes)
  return { manifest, manifestBytes, root, size: checked.value.size }
}
