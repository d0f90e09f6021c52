import { constants } from 'node:fs'
import { lstat, open, readdir, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { equalBytes, fail, sha256, toHex, type Result, type TreeManifest } from '@waggle/protocol'
import type { ChunkStore } from './chunk-store.js'
import { TreeEntryKind } from './constants.js'
import { MissingChunkError, UnsafeTreeError } from './errors.js'
import { checkTreeManifest } from './paths.js'
import { TreeWriter } from './writer.js'

export { removeTree } from './writer.js'

/** `has` calls in flight at once while listing missing chunks: a stat each, cheap, but 500,000 in a row are slow. */
const HAS_BATCH = 64

/**
 * The distinct chunk hashes a manifest lists that `store` does not hold, in
 * the order the manifest first lists them: the list to fetch from peers
 * before {@link materializeTree}. Call it on a manifest that passed
 * {@link checkTreeManifest}.
 */
export async function missingChunks (manifest: TreeManifest, store: ChunkStore): Promise<Uint8Array[]> {
  const seen = new Set<string>()
  const distinct: Uint8Array[] = []
  for (const entry of manifest.entries) {
    for (const hash of entry.chunks) {
      const hex = toHex(hash)
      if (seen.has(hex)) continue
      seen.add(hex)
      distinct.push(hash)
    }
  }
  const missing: Uint8Array[] = []
  for (let i = 0; i < distinct.length; i += HAS_BATCH) {
    const batch = distinct.slice(i, i + HAS_BATCH)
    const held = await Promise.all(batch.map(async (hash) => await store.has(hash)))
    batch.forEach((hash, j) => { if (!held[j]) missing.push(hash) })
  }
  return missing
}

/**
 * Writes the tree a manifest describes into `targetDir`, which must not
 * exist yet, from chunks in `store`. Everything is checked first: the
 * manifest with {@link checkTreeManifest} and the presence of every chunk,
 * so a refused or incomplete tree writes nothing at all. Directories get
 * their modes last, so a read-only directory can still be filled. If
 * writing fails midway (a chunk found corrupt, a full disk), `targetDir`
 * is removed again. Modification times are not carried.
 *
 * Meant for a staging directory beside the live one, then
 * {@link verifyTree}, then an atomic switch.
 *
 * @throws UnsafeTreeError when the manifest is refused; nothing is written
 * @throws MissingChunkError naming the first chunk the store lacks; nothing is written
 * @throws an `EEXIST` error (`err.code`) when `targetDir` already exists; it is left alone
 */
export async function materializeTree (manifest: TreeManifest, store: ChunkStore, targetDir: string): Promise<void> {
  const checked = checkTreeManifest(manifest)
  if (!checked.ok) throw new UnsafeTreeError(checked.reason, checked.detail)
  const missing = await missingChunks(manifest, store)
  if (missing.length > 0) throw new MissingChunkError(toHex(missing[0]))

  const writer = await TreeWriter.create(manifest, targetDir)
  try {
    await writer.fill(store)
    await writer.finish()
  } catch (err) {
    await writer.abort()
    throw err
  }
}

function describeError (err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? String(err)
}

/**
 * Re-reads a materialized tree and checks it is exactly the manifest's: the
 * same entries and no others, each of the same kind and mode, every file of
 * the listed size whose chunks hash as listed, every symlink with the
 * listed target. Run it on the staging directory before switching to it,
 * so what goes live is what was announced, whatever happened on the way.
 * Never throws for what it finds on disk.
 */
export async function verifyTree (manifest: TreeManifest, dir: string): Promise<Result<void, 'mismatch'>> {
  // Paths from an unchecked manifest must not even be read.
  const checked = checkTreeManifest(manifest)
  if (!checked.ok) return fail('mismatch', `the manifest is refused: ${checked.detail}`)

  for (const entry of manifest.entries) {
    const path = join(dir, entry.path)
    try {
      const st = await lstat(path)
      if (entry.kind === TreeEntryKind.directory) {
        if (!st.isDirectory()) return fail('mismatch', `"${entry.path}" is not a directory`)
        if ((st.mode & 0o777) !== entry.mode) return fail('mismatch', `"${entry.path}" has mode ${(st.mode & 0o777).toString(8)}, not ${entry.mode.toString(8)}`)
      } else if (entry.kind === TreeEntryKind.symlink) {
        if (!st.isSymbolicLink()) return fail('mismatch', `"${entry.path}" is not a symlink`)
        const target = await readlink(path)
        if (target !== entry.target) return fail('mismatch', `symlink "${entry.path}" points at "${target}", not "${entry.target}"`)
      } else {
        if (!st.isFile()) return fail('mismatch', `"${entry.path}" is not a file`)
        if ((st.mode & 0o777) !== entry.mode) return fail('mismatch', `"${entry.path}" has mode ${(st.mode & 0o777).toString(8)}, not ${entry.mode.toString(8)}`)
        if (st.size !== entry.size) return fail('mismatch', `"${entry.path}" is ${st.size} bytes, not ${entry.size}`)
        const problem = await fileChunksProblem(path, entry.chunks, manifest.chunkSize)
        if (problem !== undefined) return fail('mismatch', `"${entry.path}" ${problem}`)
      }
    } catch (err) {
      return fail('mismatch', `"${entry.path}" cannot be read: ${describeError(err)}`)
    }
  }

  // Anything else in the directory would go live unannounced.
  const listed = new Set(manifest.entries.map((entry) => entry.path))
  // Walked by hand: readdir's own recursive mode follows symlinks to directories.
  const pending = ['']
  while (pending.length > 0) {
    const rel = pending.pop() as string
    let found
    try {
      found = await readdir(rel === '' ? dir : join(dir, rel), { withFileTypes: true })
    } catch (err) {
      return fail('mismatch', `"${rel}" cannot be listed: ${describeError(err)}`)
    }
    for (const dirent of found) {
      const path = rel === '' ? dirent.name : `${rel}/${dirent.name}`
      if (!listed.has(path)) return fail('mismatch', `"${path}" is not in the manifest`)
      if (dirent.isDirectory()) pending.push(path)
    }
  }
  return { ok: true, value: undefined }
}

/** Reads a file chunk by chunk and says how it differs from `chunks`, or undefined when it does not. */
async function fileChunksProblem (path: string, chunks: Uint8Array[], chunkSize: number): Promise<string | undefined> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW)
  try {
    const buffer = new Uint8Array(chunkSize)
    for (let i = 0; ; i++) {
      let filled = 0
      while (filled < chunkSize) {
        const { bytesRead } = await handle.read(buffer, filled, chunkSize - filled, null)
        if (bytesRead === 0) break
        filled += bytesRead
      }
      if (i === chunks.length) return filled === 0 ? undefined : 'is longer than its chunks'
      if (!equalBytes(sha256(buffer.subarray(0, filled)), chunks[i])) return `chunk ${i} does not hash as listed`
    }
  } finally {
    await handle.close()
  }
}
