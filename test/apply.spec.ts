import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalFleet, waitFor, type WaveNodeStatus } from '@waggle/node'

/**
 * Applying, as operators configure it: a scanner that refuses a version
 * (quarantined, reported, nothing switched), hooks that run, fail or hang
 * (the version stays applied, the node keeps working), a hold on a short
 * disk, and two waves in quick succession (the later one wins).
 */
/** A third-party sync module, as an operator would install it: one ESM file. */
const COPY_MODULE = `
import { createHash } from 'node:crypto'
import { copyFile, mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
const hash = (b) => new Uint8Array(createHash('sha256').update(b).digest())
export function createSyncModule () {
  return {
    name: 'copy',
    async describe (source) { const b = await readFile(source); return { module: 'copy', size: b.length, sha256: hash(b), name: 'copied.bin', source } },
    async fetch (d, dir) { await mkdir(dir, { recursive: true }); await copyFile(d.source, join(dir, d.name)) },
    async verify (d, dir) { const b = await readFile(join(dir, d.name)); return Buffer.from(hash(b)).equals(Buffer.from(d.sha256)) ? { ok: true } : { ok: false, reason: 'hash differs' } }
  }
}
`

describe('apply: scanners, hooks, holds, quick succession', function () {
  let root: string
  let fleet: LocalFleet
  const SCANNED = 1
  const HOOKED = 2
  const SHORT_DISK = 3

  const src = (name: string): string => join(root, 'src', name)
  const hookLog = (): string => join(root, 'hook.log')

  function tree (name: string, files: Record<string, string | Buffer>): string {
    const dir = src(name)
    mkdirSync(dir, { recursive: true })
    for (const [rel, data] of Object.entries(files)) writeFileSync(join(dir, rel), data)
    return dir
  }

  /** Waits until the node's newest report on the channel's version is in one of the states. */
  async function reportOf (node: number, channel: string, version: number, states: string[]): Promise<WaveNodeStatus> {
    const id = fleet.nodes[node].nodeId
    return await waitFor(`${fleet.nodes[node].name} to report ${channel} v${version} ${states.join('/')}`, async () => {
      const s = await fleet.call(0, 'wave.status', { channel, version }).catch(() => undefined)
      const mine = s?.nodes.find(n => n.nodeId === id)
      return mine != null && states.includes(mine.state) ? mine : undefined
    }, { timeoutMs: 60_000, everyMs: 200 })
  }

  /** Waits for the node's own report in this state (a health summary also shows a version applied, without a report). */
  async function reportedOf (node: number, channel: string, version: number, state: string): Promise<WaveNodeStatus> {
    const id = fleet.nodes[node].nodeId
    return await waitFor(`${fleet.nodes[node].name}'s own report of ${channel} v${version} ${state}`, async () => {
      const s = await fleet.call(0, 'wave.status', { channel, version }).catch(() => undefined)
      const mine = s?.nodes.find(n => n.nodeId === id)
      return mine?.state === state && mine.reason !== 'known from a health summary' ? mine : undefined
    }, { timeoutMs: 60_000, everyMs: 200 })
  }

  async function applied (node: number, channel: string): Promise<number | undefined> {
    return (await fleet.call(node, 'status', {})).applied[channel]
  }

  before(async function () {
    root = join(tmpdir(), `waggle-apply-it-${randomBytes(4).toString('hex')}`)
    // five: in a smaller swarm a share given to a peer that does not fetch never stalls the fetch (the tag-targeted test)
    fleet = await LocalFleet.create({ size: 5, root, name: 'apply' })
    mkdirSync(join(root, 'src'), { recursive: true })
    appendFileSync(fleet.nodes[SCANNED].dir.config, '\n[channels.site]\nscanner = "test ! -e \\"$WAGGLE_DIR/forbidden\\""\n')
    appendFileSync(fleet.nodes[HOOKED].dir.config,
      `\n[channels.site]\nhook = "echo \\"$WAGGLE_CHANNEL $WAGGLE_VERSION $(cat site.toml)\\" >> ${hookLog()}"\n` +
      '\n[channels.slow]\nhook = "sleep 60"\ntimeout_ms = 500\n' +
      '\n[channels.broken]\nhook = "echo nope >&2; exit 3"\n' +
      `\n[channels.history]\nall_versions = true\nhook = "echo $WAGGLE_VERSION >> ${join(root, 'history.log')}"\n` +
      // a hook that waits (at most 60 s) for the test to let it finish: the node is killed while it runs
      `\n[channels.interrupted]\nall_versions = true\nhook = "echo $WAGGLE_VERSION >> ${join(root, 'interrupted.log')}; for i in $(seq 600); do test -e ${join(root, 'release')} && break; sleep 0.1; done"\n`)
    // a threshold no disk meets: this node must hold, never fetch
    const cfg = readFileSync(fleet.nodes[SHORT_DISK].dir.config, 'utf8').replace(/min_free_disk_mib = \d+/, 'min_free_disk_mib = 1000000000')
    writeFileSync(fleet.nodes[SHORT_DISK].dir.config, cfg)
    // a third-party module every node loads from a file: it copies a file from a shared path
    const copyModule = join(root, 'copy-module.mjs')
    writeFileSync(copyModule, COPY_MODULE)
    for (const n of fleet.nodes) appendFileSync(n.dir.config, `\n[modules]\ncopy = "${copyModule}"\n`)
    const scannedCfg = readFileSync(fleet.nodes[SCANNED].dir.config, 'utf8').replace('tags = []', 'tags = ["lab"]')
    writeFileSync(fleet.nodes[SCANNED].dir.config, scannedCfg)
    await fleet.startAll({ parallel: 2 })
    await fleet.waitForPeers()
  })

  after(async function () {
    await fleet?.stopAll()
    rmSync(root, { recursive: true, force: true })
  })

  it('quarantines a version its scanner refuses, reports why, and switches nothing', async function () {
    await fleet.call(0, 'wave.publish', { channel: 'site', path: tree('v1', { 'site.toml': 'v = 1\n', forbidden: 'x' }) })
    const failed = await reportOf(SCANNED, 'site', 1, ['failed'])
    assert.match(failed.reason, /the scanner rejected it \(exit 1\); quarantined in /)
    const dir = join(fleet.nodes[SCANNED].dir.channels, 'site')
    assert.equal(existsSync(join(dir, 'current')), false, 'the refused version was switched to')
    assert.equal(readdirSync(join(dir, 'quarantine')).length, 1)
    assert.equal(await applied(SCANNED, 'site'), undefined)
    // others without that scanner applied it
    await reportOf(0, 'site', 1, ['applied'])
    await reportOf(HOOKED, 'site', 1, ['applied'])
  })

  it('applies the next version the scanner accepts', async function () {
    await fleet.call(0, 'wave.publish', { channel: 'site', path: tree('v2', { 'site.toml': 'v = 2\n' }) })
    await reportOf(SCANNED, 'site', 2, ['applied'])
    assert.equal(readlinkSync(join(fleet.nodes[SCANNED].dir.channels, 'site', 'current')), join('versions', '2'))
  })

  it('runs the hook in the new version after the switch', async function () {
    await reportOf(HOOKED, 'site', 2, ['applied'])
    const lines = readFileSync(hookLog(), 'utf8').trim().split('\n')
    assert.deepEqual(lines, ['site 1 v = 1', 'site 2 v = 2'])
  })

  it('keeps a version applied when its hook fails or hangs, says so, and keeps working', async function () {
    await fleet.call(0, 'wave.publish', { channel: 'broken', path: tree('b1', { a: '1' }) })
    const broken = await reportOf(HOOKED, 'broken', 1, ['failed'])
    assert.match(broken.reason, /applied, but the post-apply hook failed: exit 3: nope/)
    await fleet.call(0, 'wave.publish', { channel: 'slow', path: tree('s1', { a: '1' }) })
    const slow = await reportOf(HOOKED, 'slow', 1, ['failed'])
    assert.match(slow.reason, /post-apply hook failed: timed out after 500 ms and was killed/)
    assert.equal(await applied(HOOKED, 'broken'), 1)
    assert.equal(await applied(HOOKED, 'slow'), 1)
    // still working: the next wave lands
    await fleet.call(0, 'wave.publish', { channel: 'site', path: tree('v3', { 'site.toml': 'v = 3\n' }) })
    await reportOf(HOOKED, 'site', 3, ['applied'])
  })

  it('holds waves on a node short of disk, saying how short', async function () {
    const held = await reportOf(SHORT_DISK, 'site', 3, ['held'])
    assert.match(held.reason, /free disk \d+ MiB is below the 1000000000 MiB minimum/)
    assert.equal(await applied(SHORT_DISK, 'site'), undefined)
    assert.equal(existsSync(join(fleet.nodes[SHORT_DISK].dir.channels, 'site')), false, 'a held node wrote content')
  })

  it('lets the later of two quick waves win on every node', async function () {
    await fleet.call(0, 'wave.publish', { channel: 'quick', path: tree('q1', { data: randomBytes(2 * 1024 * 1024) }) })
    const later = await fleet.call(0, 'wave.publish', { channel: 'quick', path: tree('q2', { data: randomBytes(2 * 1024 * 1024) }) })
    assert.equal(later.version, 2)
    for (const i of [0, SCANNED, HOOKED]) {
      await reportOf(i, 'quick', 2, ['applied'])
      const current = join(fleet.nodes[i].dir.channels, 'quick', 'current')
      assert.ok(readFileSync(join(current, 'data')).equals(readFileSync(join(src('q2'), 'data'))), `${fleet.nodes[i].name} does not hold the later version`)
      assert.equal(await applied(i, 'quick'), 2)
    }
  })

  it('applies a wave only on the nodes it targets, by tag or by node id; the others say so', async function () {
    const byTag = await fleet.call(0, 'wave.publish', { channel: 'lab-only', path: tree('lab', { a: 'lab\n' }), tags: ['lab'] })
    await reportOf(SCANNED, 'lab-only', byTag.version, ['applied'])
    for (const i of [0, HOOKED]) {
      await reportOf(i, 'lab-only', byTag.version, ['not-targeted'])
      assert.equal(await applied(i, 'lab-only'), undefined)
      assert.equal(existsSync(join(fleet.nodes[i].dir.channels, 'lab-only')), false)
    }
    const byNode = await fleet.call(0, 'wave.publish', { channel: 'one-node', path: tree('one', { a: 'one\n' }), nodes: [fleet.nodes[HOOKED].nodeId] })
    await reportOf(HOOKED, 'one-node', byNode.version, ['applied'])
    await reportOf(SCANNED, 'one-node', byNode.version, ['not-targeted'])
    const s = await fleet.call(0, 'wave.status', { channel: 'one-node' })
    assert.deepEqual(s.targets.nodes, [fleet.nodes[HOOKED].nodeId])
    assert.equal(s.counts.applied, 1)
  })

  it('gives the peers a tag-targeted wave is not for no share of its chunks (none stalls the fetch)', async function () {
    // only SCANNED has the tag: the others say so in their not-targeted reports, and a share of the chunks
    // given to them would wait 4 s for a fetch that never comes, then be shared out again
    const before = (await fleet.call(SCANNED, 'status', {})).downloaded.stalledShares
    const wave = await fleet.call(0, 'wave.publish', { channel: 'lab-image', path: tree('lab-image', { 'image.bin': randomBytes(6 * 1024 * 1024) }), tags: ['lab'] })
    await reportOf(SCANNED, 'lab-image', wave.version, ['applied'])
    for (const i of [HOOKED, SHORT_DISK]) await reportOf(i, 'lab-image', wave.version, ['not-targeted'])
    const after = (await fleet.call(SCANNED, 'status', {})).downloaded
    assert.equal(after.stalledShares, before, 'a share of the fetch stalled')
    assert.ok(readFileSync(join(fleet.nodes[SCANNED].dir.channels, 'lab-image', 'current', 'image.bin')).equals(readFileSync(join(src('lab-image'), 'image.bin'))))
  })

  it('applies every version in order on a channel that asks for all versions', async function () {
    for (let v = 1; v <= 3; v++) await fleet.call(0, 'wave.publish', { channel: 'history', path: tree(`h${v}`, { data: randomBytes(512 * 1024) }) })
    await waitFor('every version applied in order', async () => (await applied(HOOKED, 'history')) === 3 ? true : undefined, { timeoutMs: 60_000, everyMs: 200 })
    // the version is recorded before its hook runs: wait for the hook of the last one too
    await waitFor('the hook of version 3', () => readFileSync(join(root, 'history.log'), 'utf8').trim().split('\n').length >= 3 ? true : undefined, { timeoutMs: 30_000, everyMs: 100 })
    assert.deepEqual(readFileSync(join(root, 'history.log'), 'utf8').trim().split('\n'), ['1', '2', '3'])
    assert.ok(readFileSync(join(fleet.nodes[HOOKED].dir.channels, 'history', 'current', 'data')).equals(readFileSync(join(src('h3'), 'data'))))
  })

  it('fetches through a third-party module that the config names', async function () {
    const source = join(root, 'shared-image.bin')
    writeFileSync(source, randomBytes(100 * 1024))
    const wave = await fleet.call(0, 'wave.publish', { channel: 'copied', path: source, module: 'copy' })
    for (const i of [0, SCANNED, HOOKED]) {
      await reportOf(i, 'copied', wave.version, ['applied'])
      assert.ok(readFileSync(join(fleet.nodes[i].dir.channels, 'copied', 'current', 'copied.bin')).equals(readFileSync(source)))
    }
  })

  it('runs a hook a kill interrupted again at restart, then the versions published meanwhile, and reports again what it recorded', async function () {
    this.timeout(180_000)
    const log = join(root, 'interrupted.log')
    const lines = (): string[] => existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []
    const first = await fleet.call(0, 'wave.publish', { channel: 'interrupted', path: tree('i1', { a: '1\n' }) })
    await waitFor('the hook to start', () => lines().length === 1 ? true : undefined, { timeoutMs: 60_000, everyMs: 100 })
    // switched in and recorded, its hook not finished: applied here, but not yet to anyone else,
    // neither by report nor in a health summary taken while the hook runs
    assert.equal(await applied(HOOKED, 'interrupted'), first.version)
    const hookStartedMs = Date.now()
    const row = await waitFor('a health check of HOOKED while its hook runs', async () => {
      const m = await fleet.call(0, 'members', {})
      return m.members.find(r => r.nodeId === fleet.nodes[HOOKED].nodeId && r.lastSeenMs > hookStartedMs)
    }, { timeoutMs: 60_000, everyMs: 200 })
    assert.notEqual(row.applied.interrupted, first.version, 'a health summary says applied while its hook runs')
    const meanwhile = await fleet.call(0, 'wave.status', { channel: 'interrupted', version: first.version })
    assert.notEqual(meanwhile.nodes.find(n => n.nodeId === fleet.nodes[HOOKED].nodeId)?.state, 'applied', 'shown applied while its hook runs')
    await fleet.kill(HOOKED)
    // a version published while it is down: all_versions applies it after the first one's hook
    const second = await fleet.call(0, 'wave.publish', { channel: 'interrupted', path: tree('i2', { a: '2\n' }) })
    // the queen restarts too, so it holds no report of HOOKED's from before
    await fleet.stop(0)
    await fleet.start(0)
    await fleet.start(HOOKED)
    await waitFor('the hook to run again', () => lines().length === 2 ? true : undefined, { timeoutMs: 60_000, everyMs: 100 })
    writeFileSync(join(root, 'release'), '')
    await reportedOf(HOOKED, 'interrupted', first.version, 'applied')
    await reportedOf(HOOKED, 'interrupted', second.version, 'applied')
    assert.deepEqual(lines(), [first.version, first.version, second.version].map(String))
    assert.equal(readFileSync(join(fleet.nodes[HOOKED].dir.channels, 'interrupted', 'current', 'a'), 'utf8'), '2\n')
    // what it recorded before the restart it reports again: a hook failure only a report can tell
    const broken = await reportedOf(HOOKED, 'broken', 1, 'failed')
    assert.match(broken.reason, /applied, but the post-apply hook failed: exit 3: nope/)
    await reportedOf(HOOKED, 'site', 3, 'applied')
  })
})
