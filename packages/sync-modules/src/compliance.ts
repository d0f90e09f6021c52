import assert from 'node:assert/strict'
import { appendFile, mkdir, mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MAX_CONTENT_NAME_CHARS, MAX_CONTENT_SOURCE_CHARS, MAX_TREE_MANIFEST_BYTES, type ContentDescriptor } from '@waggle/protocol'
import type { DescribeOptions, FetchProgress, SyncModule } from './sync-module.js'
import { removeTree } from './tree/materialize.js'

/** What {@link syncModuleCompliance} runs a module against; made afresh for every test. */
export interface SyncModuleFixture {
  /** The module under test. */
  module: SyncModule
  /** A source holding some content, passed to `describe`. */
  source: string
  /** Passed to `describe` with the source (git: `{ ref: 'main' }`). */
  describeOptions?: DescribeOptions
  /** Changes the content at `source`, so that describing it again gives another descriptor (git: a new commit on the ref). */
  alter: () => Promise<void>
  /**
   * Changes content staged by `fetch` the way corruption or tampering
   * would. When absent, one byte is appended to the first regular file
   * found in the staging dir (dot entries such as `.git` skipped).
   */
  alterStaged?: (stagingDir: string) => Promise<void>
  /** Stops servers and removes what the fixture made. */
  cleanup?: () => Promise<void>
}

/** The first regular file under `dir`, in sorted order, skipping entries whose names start with '.'. */
async function firstFile (dir: string): Promise<string | undefined> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => a.name < b.name ? -1 : 1)
  for (const entry of entries) if (entry.isFile()) return join(dir, entry.name)
  for (const entry of entries) {
    if (!entry.isDirectory()) continue
    const found = await firstFile(join(dir, entry.name))
    if (found !== undefined) return found
  }
  return undefined
}

async function appendToFirstFile (stagingDir: string): Promise<void> {
  const file = await firstFile(stagingDir)
  if (file === undefined) throw new Error(`nothing to alter in ${stagingDir}: no regular file outside dot dirs; give the fixture an alterStaged`)
  await appendFile(file, 'x')
}

function isAbort (err: unknown): boolean {
  return (err as Error)?.name === 'AbortError'
}

/**
 * Registers mocha tests every {@link SyncModule} must pass, as js-libp2p's
 * interface-compliance-tests do for transports: call it inside a mocha
 * test file with a setup that builds a fresh {@link SyncModuleFixture}.
 * Needs mocha's globals (`describe`, `it`, hooks); every staging dir it
 * makes is removed after each test.
 *
 * What it checks: the descriptor is well formed, names the module and is
 * the same when described twice; describe → fetch into a fresh staging
 * dir → verify passes, again after a second fetch; verify fails with a
 * reason on a modified staging dir, a missing one, or another module's
 * descriptor; changed content gets another descriptor, and content fetched for one never
 * verifies for the other; an aborted describe or fetch rejects with an
 * AbortError and a fetch aborted so leaves nothing that verifies.
 *
 * @example
 * ```ts
 * import { syncModuleCompliance } from '@waggle/sync-modules'
 *
 * syncModuleCompliance('my-module', async () => {
 *   const server = await startServer()
 *   return { module: myModule(), source: server.url, alter: server.changeContent, cleanup: server.stop }
 * })
 * ```
 */
export function syncModuleCompliance (name: string, setup: () => Promise<SyncModuleFixture>): void {
  describe(`${name}: sync module compliance`, () => {
    let fixture: SyncModuleFixture | undefined
    let temp: string | undefined

    beforeEach(async () => {
      temp = await mkdtemp(join(tmpdir(), 'waggle-compliance-'))
      fixture = await setup()
    })
    afterEach(async () => {
      await fixture?.cleanup?.()
      fixture = undefined
      if (temp !== undefined) await removeTree(temp)
      temp = undefined
    })

    const f = (): SyncModuleFixture => {
      if (fixture === undefined) throw new Error('no fixture outside a test')
      return fixture
    }
    /** A staging dir that does not exist yet, its parent neither: fetch must create it. */
    const staging = (label = 'v1'): string => join(temp as string, 'staging', label)
    const describeContent = async (options: DescribeOptions = {}): Promise<ContentDescriptor> => {
      return await f().module.describe(f().source, { ...f().describeOptions, ...options })
    }
    /** What the network hands a node: a copy, never the publisher's object. */
    const copy = (d: ContentDescriptor): ContentDescriptor => ({ ...d, sha256: new Uint8Array(d.sha256) })

    it('describes content with a well-formed descriptor naming the module, the same when described again', async () => {
      const d = await describeContent()
      assert.equal(d.module, f().module.name)
      assert.equal(d.sha256.byteLength, 32, 'sha256 must be 32 bytes')
      assert.ok(Number.isSafeInteger(d.size) && d.size >= 0, `size ${d.size} is not a byte count`)
      assert.ok(d.name.length > 0 && d.name.length <= MAX_CONTENT_NAME_CHARS, `name "${d.name}" is not 1..${MAX_CONTENT_NAME_CHARS} characters`)
      assert.ok((d.source ?? '').length <= MAX_CONTENT_SOURCE_CHARS && (d.ref ?? '').length <= MAX_CONTENT_SOURCE_CHARS, 'source or ref too long for a wave')
      if (d.manifestSize !== undefined) {
        assert.ok(Number.isSafeInteger(d.manifestSize) && d.manifestSize >= 1 && d.manifestSize <= MAX_TREE_MANIFEST_BYTES, `manifestSize ${d.manifestSize} is out of range`)
      }
      assert.deepEqual(await describeContent(), d, 'describing unchanged content twice must give the same descriptor')
    })

    it('fetches into a staging dir that does not exist yet, and the content verifies', async () => {
      const d = copy(await describeContent())
      const progress: FetchProgress[] = []
      await f().module.fetch(d, staging(), { onProgress: (p) => { progress.push(p) } })
      assert.deepEqual(await f().module.verify(d, staging()), { ok: true })
      for (const p of progress) {
        assert.equal(p.total, d.size, 'progress total must be the descriptor size')
        assert.ok(p.bytes >= 0 && (d.size === 0 || p.bytes <= d.size), `progress of ${p.bytes} bytes is outside 0..${d.size}`)
      }
    })

    it('fetches again into a staging dir holding the content, and it still verifies', async () => {
      const d = copy(await describeContent())
      await f().module.fetch(d, staging())
      await f().module.fetch(d, staging())
      assert.deepEqual(await f().module.verify(d, staging()), { ok: true })
    })

    it('fails verify with a reason once the staged content is modified', async () => {
      const d = copy(await describeContent())
      await f().module.fetch(d, staging())
      await (f().alterStaged ?? appendToFirstFile)(staging())
      const checked = await f().module.verify(d, staging())
      assert.equal(checked.ok, false, 'modified content must not verify')
      assert.ok(!checked.ok && checked.reason.length > 0, 'a failed verify must say why')
    })

    it('fails verify with a reason, without throwing, on a missing or empty staging dir', async () => {
      const d = copy(await describeContent())
      const missing = await f().module.verify(d, staging('missing'))
      assert.ok(!missing.ok && missing.reason.length > 0)
      await mkdir(staging('empty'), { recursive: true })
      const empty = await f().module.verify(d, staging('empty'))
      assert.ok(!empty.ok && empty.reason.length > 0)
    })

    it('gives changed content another descriptor, and content fetched for one never verifies for the other', async () => {
      const before = copy(await describeContent())
      await f().alter()
      const after = copy(await describeContent())
      assert.notDeepEqual(after.sha256, before.sha256, 'changed content must get another sha256')
      await f().module.fetch(after, staging())
      assert.deepEqual(await f().module.verify(after, staging()), { ok: true })
      assert.equal((await f().module.verify(before, staging())).ok, false)
    })

    it('refuses a descriptor made for another module', async () => {
      const d = copy(await describeContent())
      const other = { ...d, module: d.module === 'other' ? 'another' : 'other' }
      await assert.rejects(f().module.fetch(other, staging()))
      await f().module.fetch(d, staging())
      assert.equal((await f().module.verify(other, staging())).ok, false)
    })

    it('rejects a fetch whose signal is already aborted, leaving nothing that verifies', async () => {
      const d = copy(await describeContent())
      const controller = new AbortController()
      controller.abort()
      await assert.rejects(f().module.fetch(d, staging(), { signal: controller.signal }), isAbort)
      assert.equal((await f().module.verify(d, staging())).ok, false)
    })

    it('rejects a describe whose signal is already aborted', async () => {
      const controller = new AbortController()
      controller.abort()
      await assert.rejects(describeContent({ signal: controller.signal }), isAbort)
    })
  })
}
