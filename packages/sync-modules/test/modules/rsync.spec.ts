import assert from 'node:assert/strict'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { toHex } from '@waggle/protocol'
import { describeTree, fsChunkStore, rsyncModule } from '../../src/index.js'
import { makeTree } from '../sources.js'
import { snapshot, useTempDir } from '../tree-fixtures.js'

function isNamed (name: string, message?: RegExp): (err: Error) => boolean {
  return (err) => err.name === name && (message === undefined || message.test(err.message))
}

describe('rsyncModule', () => {
  const temp = useTempDir('rsync')
  const source = (): string => join(temp(), 'site')
  const staging = (): string => join(temp(), 'staging')
  beforeEach(() => { makeTree(source()) })

  it('describes a nested tree by its manifest root, file bytes and manifest size, named after the dir', async () => {
    const d = await rsyncModule().describe(source())
    const tree = await describeTree(source(), fsChunkStore(join(temp(), 'store')), { chunkSize: 256 * 1024 })
    assert.equal(d.module, 'rsync')
    assert.equal(d.name, 'site')
    assert.equal(d.source, source())
    assert.equal(toHex(d.sha256), toHex(tree.root))
    assert.equal(d.size, tree.size)
    assert.equal(d.manifestSize, tree.manifestBytes.byteLength)
  })

  it('fetches a nested tree that verifies and matches the source entry for entry', async () => {
    const d = await rsyncModule().describe(`${source()}/`)
    const progress: number[] = []
    await rsyncModule().fetch(d, staging(), { onProgress: ({ bytes }) => progress.push(bytes) })
    assert.deepEqual(await rsyncModule().verify(d, staging()), { ok: true })
    assert.deepEqual(snapshot(staging()), snapshot(source()))
    assert.deepEqual([progress[0], progress.at(-1)], [0, d.size])
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b), 'progress never goes back')
  })

  it('fails verify naming both roots when a nested file changed', async () => {
    const d = await rsyncModule().describe(source())
    await rsyncModule().fetch(d, staging())
    writeFileSync(join(staging(), 'assets', 'app.js'), 'console.log(2)\n')
    const checked = await rsyncModule().verify(d, staging())
    assert.ok(!checked.ok && checked.reason.includes(`expected ${toHex(d.sha256)}`), !checked.ok ? checked.reason : '')
  })

  it('removes from the staging dir what the source does not hold', async () => {
    const d = await rsyncModule().describe(source())
    mkdirSync(join(staging(), 'old'), { recursive: true })
    writeFileSync(join(staging(), 'old', 'stale.html'), 'stale')
    await rsyncModule().fetch(d, staging())
    assert.equal(existsSync(join(staging(), 'old')), false)
    assert.deepEqual(await rsyncModule().verify(d, staging()), { ok: true })
  })

  it('fails verify when the source changed after it was described', async () => {
    const d = await rsyncModule().describe(source())
    writeFileSync(join(source(), 'index.html'), '<h1>changed</h1>\n')
    await rsyncModule().fetch(d, staging())
    assert.equal((await rsyncModule().verify(d, staging())).ok, false)
  })

  it('says rsync is not installed when the program is missing', async () => {
    const missing = rsyncModule({ rsyncPath: join(temp(), 'no-such-rsync') })
    await assert.rejects(missing.describe(source()), isNamed('ToolNotInstalledError', /^rsync is not installed \(needed by the rsync module\)/))
    const d = await rsyncModule().describe(source())
    await assert.rejects(missing.fetch(d, staging()), isNamed('ToolNotInstalledError', /^rsync is not installed \(needed by the rsync module\)/))
  })

  it('refuses sources that are not an absolute path or an rsync:// URL naming a module', async () => {
    for (const bad of ['host:/srv/site', 'user@host:site', 'relative/site', '-e sh', 'rsync://host', 'rsync://host/']) {
      await assert.rejects(rsyncModule().describe(bad), isNamed('UnsupportedSourceError'), bad)
    }
    const d = await rsyncModule().describe(source())
    await assert.rejects(rsyncModule().fetch({ ...d, source: 'evil.example:/etc' }, staging()), isNamed('UnsupportedSourceError', /would run ssh/))
    assert.equal(existsSync(staging()), false)
  })

  it('kills a running rsync when the fetch is aborted, and rejects with the abort reason', async () => {
    const d = await rsyncModule().describe(source())
    // Stands in for an rsync stuck on a slow server: says it has started, then waits far past the test's timeout.
    const fake = join(temp(), 'slow-rsync')
    writeFileSync(fake, '#!/bin/sh\necho \'  100  1%\'\nexec sleep 600\n', { mode: 0o755 })
    const controller = new AbortController()
    const reason = new Error('superseded by a newer wave')
    await assert.rejects(rsyncModule({ rsyncPath: fake }).fetch(d, staging(), {
      signal: controller.signal,
      onProgress: ({ bytes }) => { if (bytes > 0) controller.abort(reason) }
    }), (err) => err === reason)
  })

  it('refuses a ref: an rsync source has no versions', async () => {
    await assert.rejects(rsyncModule().describe(source(), { ref: 'main' }), isNamed('UnsupportedSourceError', /no versions/))
  })

  it('fails with the end of rsync\'s own message when the source does not exist', async () => {
    await assert.rejects(rsyncModule().describe(join(temp(), 'nowhere')), isNamed('ToolFailedError', /rsync failed \(exit code \d+\): .*No such file or directory/s))
  })
})
