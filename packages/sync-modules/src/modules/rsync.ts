import { mkdir, mkdtemp, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toHex, type ContentDescriptor } from '@waggle/protocol'
import { RSYNC_IO_TIMEOUT_S, RSYNC_TREE_CHUNK_BYTES } from '../constants.js'
import { UnsupportedSourceError } from '../errors.js'
import type { DescribeOptions, FetchOptions, FetchProgress, SyncModule, VerifyResult } from '../sync-module.js'
import { removeTree } from '../tree/materialize.js'
import { checkedSource, descriptorProblem } from './descriptor.js'
import { lastSegmentName, redactSource } from './names.js'
import { runTool, type Tool } from './run-tool.js'
import { hashTree } from './tree-root.js'

const MODULE = 'rsync'

/** Options of {@link rsyncModule}. */
export interface RsyncModuleInit {
  /** The rsync program: a name found on PATH or an absolute path; 'rsync' when absent. */
  rsyncPath?: string
  /** Where `describe` copies the source to hash it; the OS temp dir when absent. Needs room for the whole tree. */
  workDir?: string
}

/**
 * The source as rsync will be given it, without trailing slashes.
 *
 * @throws UnsupportedSourceError for anything but an absolute path or an
 * rsync:// URL naming a module: rsync reads `host:path` as "run ssh to
 * host", and a relative path means a different dir on every node.
 */
function rsyncSource (source: string): string {
  if (source.includes('\0')) throw new UnsupportedSourceError(MODULE, redactSource(source), 'it holds a NUL character')
  if (source.startsWith('rsync://')) {
    let url: URL
    try {
      url = new URL(source)
    } catch {
      throw new UnsupportedSourceError(MODULE, redactSource(source), 'it is not a valid rsync:// URL')
    }
    if (url.hostname === '' || url.pathname.replace(/\/+$/, '') === '') {
      throw new UnsupportedSourceError(MODULE, redactSource(source), 'an rsync:// URL must name a host and a module, as rsync://host/module/path')
    }
    return source.replace(/\/+$/, '')
  }
  if (source.startsWith('/')) return source.replace(/(.)\/+$/, '$1')
  throw new UnsupportedSourceError(MODULE, redactSource(source), 'give an absolute path or an rsync:// URL (host:path would run ssh; a relative path differs per node)')
}

/**
 * rsync's arguments to make `dest` a copy of the dir `source`. Beyond
 * `-a --delete`: sockets and devices are skipped (never content, and a
 * device node recreated on every host is a way in); symlinks pointing out
 * of the tree are skipped; owner, group and set-id bits are not copied, so
 * a node running as root gets no setuid file from a server. The publisher
 * describes a copy made with the same arguments, so both sides hash what
 * rsync delivers.
 */
function copyArgs (source: string, dest: string, progress: boolean): string[] {
  return [
    '-a', '--delete', '--no-specials', '--no-devices', '--safe-links',
    '--no-owner', '--no-group', '--chmod=ug-s',
    `--timeout=${RSYNC_IO_TIMEOUT_S}`,
    ...(progress ? ['--info=progress2', '--no-inc-recursive'] : []),
    // '--' and the trailing '/' (copy the dir's contents, not the dir): a
    // source can never read as an option, nor land one level too deep.
    '--', `${source === '/' ? '' : source}/`, `${dest}/`
  ]
}

/** Bytes transferred, from a `--info=progress2` line ("  1,048,576  50%  1.00MB/s  0:00:01 ..."). */
const PROGRESS2 = /^\s*([\d,]+)\s+\d+%/

class RsyncModule implements SyncModule {
  readonly name = MODULE
  private readonly tool: Tool
  private readonly workDir: string | undefined

  constructor (init: RsyncModuleInit) {
    this.tool = { name: 'rsync', path: init.rsyncPath ?? 'rsync', module: MODULE }
    this.workDir = init.workDir
  }

  /**
   * Copies the source into a temp dir and describes that copy as a tree:
   * the descriptor is of what rsync delivers, the same thing every node's
   * verify hashes.
   */
  async describe (source: string, options: DescribeOptions = {}): Promise<ContentDescriptor> {
    const src = rsyncSource(source)
    if (options.ref !== undefined) throw new UnsupportedSourceError(MODULE, redactSource(source), 'an rsync source has no versions to pick: drop the ref')
    options.signal?.throwIfAborted()
    const workDir = this.workDir ?? tmpdir()
    await mkdir(workDir, { recursive: true })
    const copy = await mkdtemp(join(workDir, 'waggle-rsync-describe-'))
    try {
      await runTool(this.tool, copyArgs(src, copy, false), { step: 'rsync', signal: options.signal })
      const tree = await hashTree(copy, RSYNC_TREE_CHUNK_BYTES)
      return {
        module: MODULE,
        size: tree.size,
        sha256: new Uint8Array(tree.root),
        manifestSize: tree.manifestBytes.byteLength,
        name: lastSegmentName(src),
        source
      }
    } finally {
      await removeTree(copy)
    }
  }

  /**
   * rsync into the staging dir. A second fetch moves only what differs,
   * so an interrupted one resumes; `--delete` removes whatever the
   * source does not hold. "Differs" is rsync's quick check, size and
   * modification time: a staged file changed in place with both kept is
   * not repaired (`--checksum` would make the server read every file for
   * every node). verify still catches it; start over from an empty
   * staging dir then.
   */
  async fetch (descriptor: ContentDescriptor, stagingDir: string, options: FetchOptions = {}): Promise<void> {
    const src = rsyncSource(checkedSource(MODULE, descriptor))
    const { signal, onProgress } = options
    signal?.throwIfAborted()
    const total = descriptor.size
    await mkdir(stagingDir, { recursive: true })
    let reported = 0
    const report = (bytes: number): void => {
      // rsync counts this run's bytes, which a resume or a source grown
      // since describe can put anywhere: keep the figure monotonic and in bounds.
      reported = Math.max(reported, Math.min(bytes, total))
      onProgress?.({ bytes: reported, total } satisfies FetchProgress)
    }
    report(0)
    await runTool(this.tool, copyArgs(src, stagingDir, onProgress !== undefined), {
      step: 'rsync',
      signal,
      discardStdout: true,
      onStdout: onProgress === undefined
        ? undefined
        : (text) => {
            for (const line of text.split(/[\r\n]+/)) {
              const match = PROGRESS2.exec(line)
              if (match !== null) report(Number(match[1].replaceAll(',', '')))
            }
          }
    })
    report(total)
  }

  async verify (descriptor: ContentDescriptor, stagingDir: string): Promise<VerifyResult> {
    const problem = descriptorProblem(MODULE, descriptor)
    if (problem !== undefined) return { ok: false, reason: `the descriptor is refused: ${problem}` }
    try {
      if (!(await stat(stagingDir)).isDirectory()) return { ok: false, reason: 'the staging dir is not a directory' }
    } catch (err) {
      return { ok: false, reason: `the staging dir cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }
    }
    let tree
    try {
      tree = await hashTree(stagingDir, RSYNC_TREE_CHUNK_BYTES)
    } catch (err) {
      return { ok: false, reason: `the staged tree cannot be described: ${(err as Error).message}` }
    }
    const actual = toHex(tree.root)
    const expected = toHex(descriptor.sha256)
    if (actual !== expected || tree.size !== descriptor.size) {
      return { ok: false, reason: `the staged tree has root ${actual} (${tree.size} bytes), expected ${expected} (${descriptor.size} bytes)` }
    }
    return { ok: true }
  }
}

/**
 * The rsync sync module: content is a directory tree at an absolute path
 * (a shared mount, say) or an rsync:// URL.
 *
 * - `describe(source)` copies the tree with rsync into a temp dir and
 *   hashes it as a tree manifest (the swarm's format, kept nowhere): the
 *   descriptor's `sha256` is the manifest's root, `size` the bytes of its
 *   files, `manifestSize` the manifest's bytes.
 * - `fetch` runs `rsync -a --delete … -- <source>/ <stagingDir>/`, which
 *   resumes by moving only what differs; aborting kills rsync.
 * - `verify` hashes the staging dir the same way and compares the root:
 *   any changed byte, mode, name, symlink or extra file shows.
 *
 * @example
 * ```ts
 * const rsync = rsyncModule()
 * const descriptor = await rsync.describe('rsync://mirror.example.org/site') // publisher
 * await rsync.fetch(descriptor, stagingDir, { signal })                     // every node
 * const checked = await rsync.verify(descriptor, stagingDir)
 * ```
 */
export function rsyncModule (init: RsyncModuleInit = {}): SyncModule {
  return new RsyncModule(init)
}
