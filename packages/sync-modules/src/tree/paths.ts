import { posix } from 'node:path'
import { fail, MAX_CHUNK_SIZE, type Result, type TreeEntry, type TreeManifest } from '@waggle/protocol'
import { MAX_SYMLINK_HOPS, MAX_TREE_PATH_CHARS, TREE_MANIFEST_VERSION, TreeEntryKind } from './constants.js'
import type { TreeRefusal } from './errors.js'

/** What a tree manifest that passed its checks holds. */
export interface TreeTotals {
  /** Bytes of all its files. */
  size: number
  /** Chunks its files list, counting repeats (a file's bytes / chunk size, rounded up, summed). */
  chunks: number
}

/** Options of {@link checkTreeManifest}. */
export interface CheckTreeManifestOptions {
  /** Refuse a tree whose files hold more than this many bytes in all (e.g. the announced size). */
  maxSize?: number
}

/** Bytes of a SHA-256 chunk hash. */
const HASH_BYTES = 32

/**
 * Why `path` cannot be an entry's path, or undefined when it can. Every
 * rule stops a way out of the target dir: an absolute path or a '..'
 * segment walks out directly, '' and '.' segments make two spellings of one
 * file (so the duplicate and parent checks could be dodged), '\\' is a
 * separator on Windows hosts, and NUL truncates the path in C APIs.
 */
export function treePathProblem (path: string): string | undefined {
  if (typeof path !== 'string') return 'path is not a string'
  if (path.length === 0) return 'path is empty'
  if (path.length > MAX_TREE_PATH_CHARS) return `path is longer than ${MAX_TREE_PATH_CHARS} characters`
  if (path.startsWith('/')) return `path "${path}" is absolute`
  if (path.includes('\\')) return `path "${path}" contains a backslash`
  if (path.includes('\0')) return `path "${path}" contains NUL`
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') return `path "${path}" has a "${segment}" segment`
  }
  return undefined
}

/**
 * Why the symlink at `path` may not point at `target`, looking at the
 * target's text alone (the whole-manifest check also follows the links
 * the tree itself makes). A target outside the tree would let a channel
 * version expose or replace any file on every host.
 */
export function symlinkTargetProblem (path: string, target: string): string | undefined {
  if (typeof target !== 'string' || target.length === 0) return `symlink "${path}" has an empty target`
  if (target.length > MAX_TREE_PATH_CHARS) return `symlink "${path}" has a target longer than ${MAX_TREE_PATH_CHARS} characters`
  if (target.startsWith('/')) return `symlink "${path}" has an absolute target "${target}"`
  if (target.includes('\\')) return `symlink "${path}" has a target containing a backslash`
  if (target.includes('\0')) return `symlink "${path}" has a target containing NUL`
  const resolved = posix.normalize(posix.join(posix.dirname(path), target))
  if (resolved === '..' || resolved.startsWith('../')) return `symlink "${path}" points outside the tree ("${target}")`
  return undefined
}

/**
 * Resolves a symlink the way the kernel would once the tree is written,
 * following the symlinks the manifest itself creates, and reports whether
 * it ever steps above the tree's root. Text alone is not enough: with
 * `d/up -> ..` (the root) a second link `s -> d/up/..` normalises to `d`
 * but really resolves to the root's parent.
 */
function resolvesOutside (linkPath: string, links: Map<string, string>): string | undefined {
  let hops = 0
  const resolve = (base: string[], target: string): string[] | 'outside' | 'loop' => {
    const stack = [...base]
    for (const segment of target.split('/')) {
      if (segment === '' || segment === '.') continue
      if (segment === '..') {
        if (stack.length === 0) return 'outside'
        stack.pop()
        continue
      }
      stack.push(segment)
      const next = links.get(stack.join('/'))
      if (next === undefined) continue
      if (++hops > MAX_SYMLINK_HOPS) return 'loop'
      stack.pop()
      const resolved = resolve(stack, next)
      if (typeof resolved === 'string') return resolved
      stack.splice(0, stack.length, ...resolved)
    }
    return stack
  }
  const result = resolve(linkPath.split('/').slice(0, -1), links.get(linkPath) ?? '')
  if (result === 'outside') return `symlink "${linkPath}" resolves outside the tree through the tree's own symlinks`
  if (result === 'loop') return `symlink "${linkPath}" is a loop or a chain of more than ${MAX_SYMLINK_HOPS} symlinks`
  return undefined
}

/** A value from a manifest of unknown origin, shown without calling anything on it. */
function show (value: unknown): string {
  return typeof value === 'number' ? String(value) : `a ${typeof value}`
}

function isCount (n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
}

/**
 * Checks a tree manifest before anything is written from it. A node runs
 * this on every manifest a peer hands it; a tree that passes can be written
 * under a fresh directory without any path leaving it, and every file's
 * chunk list is consistent with its size. Pure; never throws, whatever the
 * input.
 *
 * Refused as `unsafe-path`: a path that is empty, absolute, contains '\\'
 * or NUL, has an '', '.' or '..' segment, or is longer than 4096
 * characters; a symlink target that is empty, absolute, or resolves outside
 * the tree (by its text, or through the tree's own symlinks).
 * Refused as `malformed`: version other than 1; chunk size outside
 * 1..MAX_CHUNK_SIZE; duplicate or unsorted paths (plain string order); an
 * entry whose parent is not an earlier directory entry; an unknown kind; a
 * directory or symlink with a size or chunks; a non-symlink with a target;
 * a file whose chunk count is not ceil(size / chunkSize) or whose chunk
 * hashes are not 32 bytes; a mode outside 0..0o777; a total size over
 * `opts.maxSize`.
 *
 * @returns the total bytes and chunks of the tree's files
 */
export function checkTreeManifest (manifest: TreeManifest, opts: CheckTreeManifestOptions = {}): Result<TreeTotals, TreeRefusal> {
  if (manifest == null || typeof manifest !== 'object') return fail('malformed', 'manifest is not an object')
  if (manifest.version !== TREE_MANIFEST_VERSION) return fail('malformed', `manifest version ${show(manifest.version)} is not ${TREE_MANIFEST_VERSION}`)
  const chunkSize = manifest.chunkSize
  if (!isCount(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
    return fail('malformed', `chunk size ${show(chunkSize)} is outside 1..${MAX_CHUNK_SIZE}`)
  }
  if (!Array.isArray(manifest.entries)) return fail('malformed', 'manifest entries are not a list')

  // Parents must be earlier directory entries, so every write lands in a
  // directory this tree created, never through a symlink it created.
  const directories = new Set<string>()
  const links = new Map<string, string>()
  let previous: string | undefined
  let size = 0
  let chunks = 0
  for (const entry of manifest.entries as Array<TreeEntry | undefined>) {
    if (entry == null || typeof entry !== 'object') return fail('malformed', 'an entry is not an object')
    const path = entry.path
    const pathProblem = treePathProblem(path)
    if (pathProblem !== undefined) return fail('unsafe-path', pathProblem)
    if (previous !== undefined) {
      if (path === previous) return fail('malformed', `path "${path}" is listed twice`)
      if (path < previous) return fail('malformed', `path "${path}" is listed after "${previous}"`)
    }
    previous = path
    const slash = path.lastIndexOf('/')
    if (slash !== -1 && !directories.has(path.slice(0, slash))) {
      return fail('malformed', `"${path}" is not preceded by its parent directory "${path.slice(0, slash)}"`)
    }
    if (!isCount(entry.mode) || entry.mode > 0o777) return fail('malformed', `"${path}" has mode ${isCount(entry.mode) ? `0o${entry.mode.toString(8)}` : show(entry.mode)}, outside 0..0o777`)
    const chunkList: unknown = entry.chunks
    if (!Array.isArray(chunkList)) return fail('malformed', `"${path}" has no chunk list`)
    if (entry.kind !== TreeEntryKind.symlink && entry.target !== '' && entry.target != null) {
      return fail('malformed', `"${path}" is not a symlink but has a target`)
    }

    switch (entry.kind) {
      case TreeEntryKind.file: {
        if (!isCount(entry.size)) return fail('malformed', `file "${path}" has size ${show(entry.size)}`)
        const expected = Math.ceil(entry.size / chunkSize)
        if (chunkList.length !== expected) {
          return fail('malformed', `file "${path}" of ${entry.size} bytes lists ${chunkList.length} chunks, not ${expected}`)
        }
        for (const hash of chunkList) {
          if (!(hash instanceof Uint8Array) || hash.byteLength !== HASH_BYTES) {
            return fail('malformed', `file "${path}" lists a chunk hash that is not ${HASH_BYTES} bytes`)
          }
        }
        size += entry.size
        chunks += expected
        if (!Number.isSafeInteger(size)) return fail('malformed', 'the total size is too large to count')
        break
      }
      case TreeEntryKind.directory:
      case TreeEntryKind.symlink: {
        if (entry.size !== 0 || chunkList.length !== 0) {
          return fail('malformed', `"${path}" is not a file but has a size or chunks`)
        }
        if (entry.kind === TreeEntryKind.directory) {
          directories.add(path)
        } else {
          const targetProblem = symlinkTargetProblem(path, entry.target)
          if (targetProblem !== undefined) return fail('unsafe-path', targetProblem)
          links.set(path, entry.target)
        }
        break
      }
      default:
        return fail('malformed', `"${path}" has unknown kind ${show(entry.kind)}`)
    }
  }

  if (opts.maxSize !== undefined && size > opts.maxSize) {
    return fail('malformed', `the tree's files hold ${size} bytes, more than the ${opts.maxSize} allowed`)
  }
  // Only now are all links known: a link may point through one listed after it.
  for (const path of links.keys()) {
    const problem = resolvesOutside(path, links)
    if (problem !== undefined) return fail('unsafe-path', problem)
  }
  return { ok: true, value: { size, chunks } }
}
