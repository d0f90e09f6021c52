import { createReadStream, createWriteStream } from 'node:fs'
import { rename, rm, stat } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import tar from 'tar-stream'
import { fromHex, MAX_BUNDLE_BYTES, MAX_BUNDLE_ENTRIES, toHex } from '@waggle/protocol'
import { BundleError } from '../errors.js'

/** The top folder of every path in a bundle. */
export const BUNDLE_ROOT = 'waggle-bundle'

/** A bundle's files, as read from or written to the archive. */
export interface BundleFiles<P = never> {
  manifest: Uint8Array
  signature: Uint8Array
  /** Canonical envelopes, in log order. */
  entries: Uint8Array[]
  /** With `prepare`: what it made of each entry file as it was read, in the order of `entries`. */
  prepared?: P[]
  /** Hashes of the content chunks carried (`waggle-bundle/chunks/<hex>`). */
  chunks: Uint8Array[]
}

/** Where a bundle's content chunks go: their bytes, one by one, while it is read or written. */
export interface ChunkSink {
  /** Stores a chunk read from a bundle; must verify that the bytes hash to `hash`. */
  put: (hash: Uint8Array, data: Uint8Array) => Promise<void>
}

/** Where a bundle's content chunks come from when it is written. */
export interface ChunkSource {
  get: (hash: Uint8Array) => Promise<Uint8Array | undefined>
}

/** Digits in entry file names: `entries/0000001.op` sorts as it counts. */
const ENTRY_NAME_DIGITS = 7

/**
 * Writes a bundle: a plain POSIX tar that `tar tf` lists and `tar xf`
 * unpacks: `waggle-bundle/manifest.json`, `waggle-bundle/manifest.sig`,
 * one file per operation, `waggle-bundle/entries/0000001.op`, … (each a
 * canonical envelope), and with content one file per chunk,
 * `waggle-bundle/chunks/<sha256 hex>`, read from `source`. Written to a temporary name and renamed, so a crash
 * never leaves half a bundle under the final name.
 */
export async function writeBundle (path: string, files: BundleFiles, mtimeMs: number, source?: ChunkSource): Promise<number> {
  const pack = tar.pack()
  const mtime = new Date(mtimeMs)
  const add = async (name: string, data: Uint8Array): Promise<void> => {
    await new Promise<void>((resolve, reject) => {
      pack.entry({ name: `${BUNDLE_ROOT}/${name}`, mode: 0o644, mtime }, Buffer.from(data.buffer, data.byteOffset, data.byteLength), err => { err != null ? reject(err) : resolve() })
    })
  }
  const tmp = `${path}.partial-${process.pid}`
  const written = pipeline(pack, createWriteStream(tmp, { mode: 0o644 }))
  try {
    await add('manifest.json', files.manifest)
    await add('manifest.sig', files.signature)
    for (let i = 0; i < files.entries.length; i++) await add(`entries/${String(i + 1).padStart(ENTRY_NAME_DIGITS, '0')}.op`, files.entries[i])
    // chunks one at a time from the store: a bundle with content may be far larger than memory
    for (const hash of files.chunks) {
      const data = await source?.get(hash)
      if (data == null) throw new BundleError(`chunk ${toHex(hash)} is not in this node's store`)
      await add(`chunks/${toHex(hash)}`, data)
    }
    pack.finalize()
    await written
    await rename(tmp, path)
  } catch (err) {
    pack.destroy()
    await written.catch(() => {})
    await rm(tmp, { force: true })
    throw err
  }
  return (await stat(path)).size
}

/**
 * Reads a bundle's files, refusing anything that is not one: too large, not
 * a tar archive or cut short, paths outside `waggle-bundle/` or with `..`,
 * links, a missing manifest. Entry files are returned in name order, so a
 * bundle built by hand with `tar` in any order reads the same.
 */
export async function readBundle<P = never> (path: string, sink?: ChunkSink, prepare?: (envelope: Uint8Array) => P): Promise<BundleFiles<P>> {
  let size: number
  try {
    size = (await stat(path)).size
  } catch (err: any) {
    throw new BundleError(err?.code === 'ENOENT' ? `${path}: no such file` : `${path}: ${String(err?.message ?? err)}`)
  }
  // chunks stream into the store as they are read; only the log part is held in memory
  if (size > MAX_BUNDLE_BYTES && sink == null) throw new BundleError(`${path}: ${size} bytes, larger than a bundle may be (${MAX_BUNDLE_BYTES})`)
  const carried: Uint8Array[] = []
  let logBytes = 0
  let manifest: Uint8Array | undefined
  let signature: Uint8Array | undefined
  const entries: Array<{ name: string, data: Uint8Array, prepared?: P }> = []
  const extract = tar.extract()
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = []
    stream.on('data', (c: unknown) => { chunks.push(c as Buffer) })
    stream.on('end', () => {
      const name = header.name.replace(/^\.\//, '')
      const data = new Uint8Array(Buffer.concat(chunks))
      if (header.type === 'directory') return next()
      if (header.type !== 'file') return next(new BundleError(`${path}: "${name}" is a ${header.type ?? 'special file'}; a bundle holds regular files only`))
      if (name.split('/').includes('..') || !name.startsWith(`${BUNDLE_ROOT}/`)) return next(new BundleError(`${path}: "${name}" lies outside ${BUNDLE_ROOT}/`))
      const rel = name.slice(BUNDLE_ROOT.length + 1)
      const chunk = /^chunks\/([0-9a-f]{64})$/.exec(rel)
      if (chunk != null) {
        if (sink == null) return next(new BundleError(`${path}: carries content; import it with a node that can store it`))
        const hash = fromHex(chunk[1])
        // put() checks the bytes against the name: a chunk cannot be tampered with unnoticed
        sink.put(hash, data).then(() => { carried.push(hash); next() }, (err: any) => {
          next(new BundleError(`${path}: refused (tampered): chunk ${chunk[1].slice(0, 16)}… does not match its name (${String(err?.message ?? err)})`))
        })
        return
      }
      logBytes += data.byteLength
      if (logBytes > MAX_BUNDLE_BYTES) return next(new BundleError(`${path}: its log part is larger than ${MAX_BUNDLE_BYTES} bytes`))
      if (rel === 'manifest.json') manifest = data
      else if (rel === 'manifest.sig') signature = data
      else if (/^entries\/[^/]+\.op$/.test(rel)) {
        if (entries.length >= MAX_BUNDLE_ENTRIES) return next(new BundleError(`${path}: more than ${MAX_BUNDLE_ENTRIES} entries`))
        // as each entry is read: work started here (signature checks, on worker threads) overlaps the rest
        entries.push({ name: rel, data, prepared: prepare?.(data) })
      } else return next(new BundleError(`${path}: unexpected file "${name}" in the bundle`))
      next()
    })
    stream.resume()
  })
  try {
    await pipeline(createReadStream(path), extract)
  } catch (err: any) {
    if (err?.name === 'BundleError') throw err
    throw new BundleError(`${path}: not a complete tar archive (truncated or damaged): ${String(err?.message ?? err)}`)
  }
  if (manifest == null || signature == null) throw new BundleError(`${path}: no ${BUNDLE_ROOT}/manifest.json and manifest.sig; not a waggle bundle, or truncated`)
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  return { manifest, signature, entries: entries.map(e => e.data), prepared: prepare != null ? entries.map(e => e.prepared as P) : undefined, chunks: carried }
}
