import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256, type TreeEntry, type TreeManifest } from '@waggle/protocol'
import { removeTree } from '../src/index.js'

/** A temp dir per test, removed after it (read-only dirs included). */
export function useTempDir (prefix: string): () => string {
  let dir: string | undefined
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), `waggle-${prefix}-`)) })
  afterEach(async () => {
    if (dir !== undefined) await removeTree(dir)
    dir = undefined
  })
  return () => {
    if (dir === undefined) throw new Error('no temp dir outside a test')
    return dir
  }
}

/** A file entry of `size` bytes whose chunks hash distinct made-up bytes. */
export function fileEntry (path: string, size: number, chunkSize = 1024, mode = 0o644): TreeEntry {
  const chunks = Array.from({ length: Math.ceil(size / chunkSize) }, (_, i) => sha256(Buffer.from(`${path}#${i}`)))
  return { path, kind: 0, mode, size, chunks, target: '' }
}

export function dirEntry (path: string, mode = 0o755): TreeEntry {
  return { path, kind: 1, mode, size: 0, chunks: [], target: '' }
}

export function linkEntry (path: string, target: string): TreeEntry {
  return { path, kind: 2, mode: 0o777, size: 0, chunks: [], target }
}

export function manifestOf (entries: TreeEntry[], chunkSize = 1024): TreeManifest {
  return { version: 1, chunkSize, entries }
}

/** What a tree holds, as one comparable list: path, kind, mode, and content or target. */
export function snapshot (root: string): string[] {
  const out: string[] = []
  const walk = (rel: string): void => {
    for (const name of readdirSync(rel === '' ? root : join(root, rel)).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`
      const abs = join(root, path)
      const st = lstatSync(abs)
      if (st.isSymbolicLink()) {
        out.push(`${path} link -> ${readlinkSync(abs)}`)
      } else if (st.isDirectory()) {
        out.push(`${path} dir ${(st.mode & 0o777).toString(8)}`)
        walk(path)
      } else {
        out.push(`${path} file ${(st.mode & 0o777).toString(8)} ${readFileSync(abs).toString('hex')}`)
      }
    }
  }
  walk('')
  return out
}

/** Files named like chunks (64 hex) under a store dir: one per distinct stored chunk. */
export function chunkFiles (storeDir: string): string[] {
  const files: string[] = []
  let fans: string[]
  try {
    fans = readdirSync(storeDir)
  } catch {
    return files
  }
  for (const fan of fans) {
    for (const name of readdirSync(join(storeDir, fan))) files.push(name)
  }
  return files.filter((name) => /^[0-9a-f]{64}$/.test(name))
}

/** Every file under a store dir, chunk-named or not (temporaries included). */
export function allFiles (storeDir: string): string[] {
  try {
    return readdirSync(storeDir, { recursive: true }).map(String).filter((p) => lstatSync(join(storeDir, p)).isFile())
  } catch {
    return []
  }
}
