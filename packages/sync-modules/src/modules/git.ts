import { lstat, mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { equalBytes, sha256, type ContentDescriptor } from '@waggle/protocol'
import { MAX_REASON_LINES } from '../constants.js'
import { InvalidDescriptorError, RefNotFoundError, UnsupportedSourceError } from '../errors.js'
import type { DescribeOptions, FetchOptions, SyncModule, VerifyResult } from '../sync-module.js'
import { removeTree } from '../tree/materialize.js'
import { checkedSource, descriptorProblem } from './descriptor.js'
import { contentFileName, redactSource } from './names.js'
import { runTool, type Tool } from './run-tool.js'

const MODULE = 'git'

/** A full SHA-1 commit id as git prints it: what a git descriptor pins. */
const COMMIT_ID = /^[0-9a-f]{40}$/

/** Characters git's check-ref-format refuses, plus whitespace and controls: none can name a ref. */
const BAD_REF_CHARS = /[\s\p{Cc}~^:?*[\\]/u

/**
 * Settings every git run gets. `ext::` runs any command as a "transport";
 * git refuses it by default, and this keeps it refused whatever a user's
 * config says.
 */
const SAFE_CONFIG = ['-c', 'protocol.ext.allow=never']

/**
 * No run may wait for a password: a node has no one at the keyboard. Each
 * run also has no controlling terminal (see runTool), so ssh cannot prompt
 * either.
 */
const GIT_ENV = { GIT_TERMINAL_PROMPT: '0' }

/** Options of {@link gitModule}. */
export interface GitModuleInit {
  /** The git program: a name found on PATH or an absolute path; 'git' when absent. */
  gitPath?: string
  /** Where `describe` makes its throwaway repository when checking a commit id; the OS temp dir when absent. */
  workDir?: string
}

/**
 * Checks a repository source.
 *
 * @throws UnsupportedSourceError for a string git would read as an option,
 * a `<helper>::` remote (which runs a program), or anything but an http,
 * https, ssh, git or file URL, an absolute path, or scp-style host:path
 */
function gitSource (source: string): string {
  const refuse = (why: string): never => { throw new UnsupportedSourceError(MODULE, redactSource(source), why) }
  if (source === '' || source.startsWith('-')) refuse('it would read as an option')
  if (/\p{Cc}/u.test(source)) refuse('it holds a control character')
  if (/^[\w+.-]+::/.test(source)) refuse('remote helpers ("<helper>::<address>") run programs and are not allowed')
  if (source.startsWith('/')) return source
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(source)?.[1].toLowerCase()
  if (scheme !== undefined) {
    if (!['https', 'http', 'ssh', 'git', 'file'].includes(scheme)) refuse(`git URLs are https, http, ssh, git or file, not ${scheme}`)
    try {
      void new URL(source)
    } catch {
      refuse('it is not a valid URL')
    }
    return source
  }
  // scp-style [user@]host:path, read by git as ssh; a host must not start with '-' (it would reach ssh as an option).
  if (/^(?:[^@/:\s]+@)?[A-Za-z0-9][\w.-]*:/.test(source)) return source
  return refuse('give a git URL (https, http, ssh, git, file), an absolute path, or host:path')
}

/** The repository's name: the last segment without '.git'. */
function repoName (source: string): string {
  const trimmed = source.replace(/\/+$/, '').replace(/\/\.git$/, '').replace(/\.git$/, '')
  return contentFileName(trimmed.split(/[/:]/).filter((segment) => segment !== '').at(-1) ?? '')
}

/** What a git descriptor's sha256 holds: SHA-256 of the commit id's characters, as the protocol defines for git. */
function commitHash (commit: string): Uint8Array<ArrayBuffer> {
  return sha256(new TextEncoder().encode(commit))
}

/** Bytes received, from git's "Receiving objects:  40% (4/10), 1.20 MiB | 1.00 MiB/s". */
const RECEIVING = /Receiving objects:[^,\r\n]*,\s+([\d.]+)\s+(bytes|KiB|MiB|GiB)/g
const UNIT_BYTES: Record<string, number> = { bytes: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }

class GitModule implements SyncModule {
  readonly name = MODULE
  private readonly tool: Tool
  private readonly workDir: string | undefined

  constructor (init: GitModuleInit) {
    this.tool = { name: 'git', path: init.gitPath ?? 'git', module: MODULE }
    this.workDir = init.workDir
  }

  private async git (args: string[], step: string, extra: { signal?: AbortSignal, onStderr?: (text: string) => void } = {}): Promise<string> {
    return await runTool(this.tool, args, { step, env: GIT_ENV, ...extra })
  }

  /**
   * Resolves a branch or tag with `git ls-remote`, as `git fetch` would
   * (the name itself, refs/, refs/tags/, refs/heads/, refs/remotes/), an
   * annotated tag to its commit.
   */
  private async resolveName (source: string, ref: string, signal?: AbortSignal): Promise<string> {
    const out = await this.git([...SAFE_CONFIG, 'ls-remote', '--', source, ref, `${ref}^{}`], 'git ls-remote', { signal })
    const refs = new Map<string, string>()
    for (const line of out.split('\n')) {
      const [id, name] = line.split('\t')
      if (name !== undefined && COMMIT_ID.test(id)) refs.set(name, id)
    }
    const candidates = ref === 'HEAD' ? ['HEAD'] : [ref, `refs/${ref}`, `refs/tags/${ref}`, `refs/heads/${ref}`, `refs/remotes/${ref}`]
    for (const candidate of candidates) {
      const id = refs.get(`${candidate}^{}`) ?? refs.get(candidate)
      if (id !== undefined) return id
    }
    throw new RefNotFoundError(redactSource(source), ref)
  }

  /**
   * Checks that the repository serves `commit` by its id, with the same
   * shallow fetch every node will run, into a throwaway bare repository.
   * A commit the server does not have, or will not serve by id, fails here
   * on the publisher instead of on every node.
   */
  private async checkCommit (source: string, commit: string, signal?: AbortSignal): Promise<void> {
    const workDir = this.workDir ?? tmpdir()
    await mkdir(workDir, { recursive: true })
    const temp = await mkdtemp(join(workDir, 'waggle-git-describe-'))
    try {
      await this.git(['init', '-q', '--bare', temp], 'git init', { signal })
      try {
        await this.git(['--git-dir', temp, ...SAFE_CONFIG, 'fetch', '-q', '--depth', '1', '--no-tags', '--', source, commit], 'git fetch', { signal })
        await this.git(['--git-dir', temp, 'cat-file', '-e', `${commit}^{commit}`], 'git cat-file', { signal })
      } catch (err) {
        if ((err as Error).name !== 'ToolFailedError') throw err
        throw new RefNotFoundError(redactSource(source), commit, (err as Error).message)
      }
    } finally {
      await removeTree(temp)
    }
  }

  /**
   * Resolves `options.ref` (a branch, a tag, a full commit id; HEAD when
   * absent) to the commit id nodes will fetch. The descriptor pins that
   * commit: a branch moving after the wave changes nothing a node fetches.
   */
  async describe (source: string, options: DescribeOptions = {}): Promise<ContentDescriptor> {
    const src = gitSource(source)
    const ref = options.ref ?? 'HEAD'
    if (ref === '' || ref.startsWith('-') || BAD_REF_CHARS.test(ref)) {
      throw new RefNotFoundError(redactSource(source), ref, 'that is not a branch, tag or commit id git accepts')
    }
    const { signal } = options
    signal?.throwIfAborted()
    let commit: string
    if (COMMIT_ID.test(ref.toLowerCase())) {
      commit = ref.toLowerCase()
      await this.checkCommit(src, commit, signal)
    } else {
      commit = await this.resolveName(src, ref, signal)
    }
    // size 0: unknown. Counting the checkout's bytes would need the whole tree on the publisher.
    return { module: MODULE, size: 0, sha256: commitHash(commit), name: repoName(src), source, ref: commit }
  }

  /**
   * `git init`, a shallow fetch of exactly the descriptor's commit (skipped
   * when the staging repository holds it already, so a repeated fetch is
   * local), then a forced detached checkout and `git clean -ffdx`, so
   * whatever an earlier fetch or anyone else left in the dir is replaced.
   */
  async fetch (descriptor: ContentDescriptor, stagingDir: string, options: FetchOptions = {}): Promise<void> {
    const src = gitSource(checkedSource(MODULE, descriptor))
    const commit = descriptor.ref ?? ''
    if (!COMMIT_ID.test(commit)) {
      throw new InvalidDescriptorError(MODULE, `its ref "${commit}" is not a 40-hex commit id: nodes fetch only the exact commit the publisher resolved`)
    }
    // A descriptor is signed as a whole, but a node checks what it can: the hash must be of this commit.
    if (!equalBytes(descriptor.sha256, commitHash(commit))) {
      throw new InvalidDescriptorError(MODULE, `its sha256 is not the SHA-256 of its ref "${commit}"`)
    }
    const { signal, onProgress } = options
    signal?.throwIfAborted()
    // Absolute, so the dir can never read as an option to git.
    const dir = resolve(stagingDir)
    const repo = ['--git-dir', join(dir, '.git'), '--work-tree', dir]
    const total = descriptor.size
    await mkdir(dir, { recursive: true })
    onProgress?.({ bytes: 0, total })
    await this.git(['init', '-q', dir], 'git init', { signal })
    let held = true
    try {
      await this.git([...repo, 'cat-file', '-e', `${commit}^{commit}`], 'git cat-file', { signal })
    } catch (err) {
      if ((err as Error).name !== 'ToolFailedError') throw err
      held = false
    }
    if (!held) {
      let received = 0
      await this.git([...repo, ...SAFE_CONFIG, 'fetch', '--progress', '--depth', '1', '--no-tags', '--recurse-submodules=no', '--', src, commit], 'git fetch', {
        signal,
        onStderr: onProgress === undefined
          ? undefined
          : (text) => {
              for (const match of text.matchAll(RECEIVING)) {
                const bytes = Math.round(Number(match[1]) * UNIT_BYTES[match[2]])
                if (bytes > received) {
                  received = bytes
                  onProgress({ bytes, total })
                }
              }
            }
      })
    }
    await this.git([...repo, '-c', 'advice.detachedHead=false', 'checkout', '-q', '--force', '--detach', commit], 'git checkout', { signal })
    await this.git([...repo, 'clean', '-q', '-ffdx'], 'git clean', { signal })
  }

  async verify (descriptor: ContentDescriptor, stagingDir: string): Promise<VerifyResult> {
    const problem = descriptorProblem(MODULE, descriptor)
    if (problem !== undefined) return { ok: false, reason: `the descriptor is refused: ${problem}` }
    const commit = descriptor.ref ?? ''
    if (!COMMIT_ID.test(commit)) return { ok: false, reason: `the descriptor's ref "${commit}" is not a 40-hex commit id` }
    if (!equalBytes(descriptor.sha256, commitHash(commit))) return { ok: false, reason: `the descriptor's sha256 is not the SHA-256 of its ref "${commit}"` }
    const dir = resolve(stagingDir)
    const gitDir = join(dir, '.git')
    // Given explicitly, so a staging dir inside some other repository is
    // never mistaken for that repository's checkout.
    const repo = ['--git-dir', gitDir, '--work-tree', dir]
    try {
      if (!(await lstat(gitDir)).isDirectory()) return { ok: false, reason: 'the staging dir\'s .git is not a directory' }
    } catch (err) {
      return { ok: false, reason: `the staging dir is not a git checkout: .git ${(err as NodeJS.ErrnoException).code ?? String(err)}` }
    }
    try {
      const head = (await this.git([...repo, 'rev-parse', '--verify', '-q', 'HEAD'], 'git rev-parse')).trim()
      if (head !== commit) return { ok: false, reason: `the staged checkout is at commit ${head}, expected ${commit}` }
      // --ignored and all untracked files: an ignored or untracked file is content going live unannounced too.
      const status = await this.git([...repo, 'status', '--porcelain', '--ignored', '--untracked-files=all'], 'git status')
      const lines = status.split('\n').filter((line) => line !== '')
      if (lines.length > 0) {
        const more = lines.length > MAX_REASON_LINES ? ` and ${lines.length - MAX_REASON_LINES} more` : ''
        return { ok: false, reason: `the staged checkout differs from commit ${commit}: ${lines.slice(0, MAX_REASON_LINES).join('; ')}${more}` }
      }
      return { ok: true }
    } catch (err) {
      return { ok: false, reason: `the staged checkout cannot be checked: ${(err as Error).message}` }
    }
  }
}

/**
 * The git sync module: content is one commit of a git repository, checked
 * out with its `.git` dir.
 *
 * - `describe(repoUrl, { ref })` resolves the ref (branch, tag, commit;
 *   HEAD when absent) to a 40-hex commit id, the descriptor's `ref`;
 *   `sha256` is the SHA-256 of that id's characters, `size` 0 (unknown).
 * - `fetch` shallow-fetches exactly that commit into the staging dir and
 *   checks it out detached; git itself checks every object's hash on the way.
 * - `verify` checks HEAD is the commit and `git status` shows nothing
 *   modified, added, untracked or ignored.
 *
 * @example
 * ```ts
 * const git = gitModule()
 * const descriptor = await git.describe('https://example.org/site.git', { ref: 'main' }) // publisher
 * await git.fetch(descriptor, stagingDir, { signal })                                    // every node
 * const checked = await git.verify(descriptor, stagingDir)
 * ```
 */
export function gitModule (init: GitModuleInit = {}): SyncModule {
  return new GitModule(init)
}
