import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalFleet, waitFor, type BundleImportResult, type WavePublishResult } from '@waggle/node'
import { DEFAULT_CHUNK_SIZE } from '@waggle/protocol'

/**
 * A nomadic zone: two zones that cannot connect (their nodes bootstrap only
 * within their zone), each with a queen, carrying the log across by bundle
 * files in both directions.
 */
describe('bundles between zones that cannot connect', function () {
  // zone 0: nodes 0 (queen) and 1; zone 1: nodes 2 (queen) and 3
  const ZONES = [0, 0, 1, 1]
  let root: string
  let fleet: LocalFleet

  const file = (name: string): string => join(root, 'files', name)

  async function publish (node: number, channel: string): Promise<WavePublishResult> {
    const path = file(`${channel}-${randomBytes(4).toString('hex')}.txt`)
    writeFileSync(path, randomBytes(32))
    return await fleet.call(node, 'wave.publish', { channel, path, module: 'file' })
  }

  async function ids (node: number): Promise<string[]> {
    return (await fleet.call(node, 'log', {})).entries.map(e => e.id)
  }

  /** Waits until every node's log holds exactly the same entries in the same order; returns them. */
  async function converged (nodes: number[]): Promise<string[]> {
    return await waitFor('the nodes to hold the same log', async () => {
      const logs = await Promise.all(nodes.map(ids))
      return logs.every(l => JSON.stringify(l) === JSON.stringify(logs[0])) ? logs[0] : undefined
    }, { timeoutMs: 60_000, everyMs: 200 })
  }

  async function exportBundle (node: number, name: string, extra: { channels?: string[], network?: string, full?: boolean } = {}): Promise<string> {
    const path = file(name)
    await fleet.call(node, 'bundle.export', { path, ...extra })
    return path
  }

  async function importBundle (node: number, path: string, allowGap = false): Promise<BundleImportResult> {
    return await fleet.call(node, 'bundle.import', { path, allowGap })
  }

  async function refusal (node: number, path: string): Promise<string> {
    try {
      await importBundle(node, path)
    } catch (err: any) {
      return String(err.message)
    }
    assert.fail(`node ${node} imported ${path}`)
  }

  before(async function () {
    root = join(tmpdir(), `waggle-bundle-it-${randomBytes(4).toString('hex')}`)
    fleet = await LocalFleet.create({ size: 4, root, name: 'nomadic', queens: [2], zones: ZONES, networks: ['default', 'default', 'ship', 'ship'] })
    mkdirSync(join(root, 'files'), { recursive: true })
    await fleet.startAll({ parallel: 2 })
    await fleet.waitForPeers()
  })

  after(async function () {
    await fleet?.stopAll()
    rmSync(root, { recursive: true, force: true })
  })

  it('converges both zones to one log and one state, by bundle both ways', async function () {
    await publish(0, 'main')
    await publish(0, 'main')
    await publish(2, 'ship')
    const zone0 = await converged([0, 1])
    const zone1 = await converged([2, 3])
    // the zones really are cut off: each lacks the other's waves
    assert.equal(zone0.length, 3)
    assert.equal(zone1.length, 2)

    const out = await exportBundle(1, 'zone0-1.tar')
    const back = await exportBundle(3, 'zone1-1.tar')
    const inbound = await importBundle(3, out)
    assert.equal(inbound.added, 2) // the two main waves; genesis was there
    const outbound = await importBundle(1, back)
    assert.equal(outbound.added, 1)

    const all = await converged([0, 1, 2, 3])
    assert.equal(all.length, 4)
    const states = await Promise.all([0, 1, 2, 3].map(async i => (await fleet.call(i, 'status', {})).channels))
    for (const s of states) assert.deepEqual(s, states[0])
    assert.deepEqual(states[0].map(c => `${c.channel}@${c.version}`).sort(), ['main@2', 'ship@1'])
  })

  it('changes nothing when a bundle is imported twice', async function () {
    const before = await ids(3)
    const again = await importBundle(3, file('zone0-1.tar'))
    assert.equal(again.again, true)
    assert.equal(again.added, 0)
    assert.deepEqual(await ids(3), before)
  })

  it('refuses a bundle past a gap in its chain, naming the missing range, until told otherwise', async function () {
    await publish(0, 'main')
    await converged([0, 1])
    const second = await exportBundle(1, 'zone0-2.tar')
    await publish(0, 'main')
    await converged([0, 1])
    const third = await exportBundle(1, 'zone0-3.tar')
    const before = await ids(3)
    const message = await refusal(3, third)
    assert.match(message, /out-of-order/)
    assert.match(message, /missing: what the exporter received after .* through /)
    assert.deepEqual(await ids(3), before, 'a refused bundle changed the log')
    // past the gap on request, then the gap filled: the same log as the exporter's zone
    const forced = await importBundle(3, third, true)
    assert.ok(forced.gap?.includes('gap'), 'the forced import should still report its gap')
    await importBundle(3, second)
    await converged([0, 1, 2, 3])
  })

  it('refuses tampered, truncated and foreign bundles with the reason, applying nothing', async function () {
    await publish(0, 'main')
    await converged([0, 1])
    const good = await exportBundle(1, 'zone0-4.tar')
    const before = await ids(3)

    // tampered: one byte of one operation changed, the archive rebuilt with tar
    const work = join(root, 'tamper')
    mkdirSync(work, { recursive: true })
    execFileSync('tar', ['xf', good, '-C', work])
    const op = join(work, 'waggle-bundle', 'entries', '0000001.op')
    const bytes = readFileSync(op)
    bytes[bytes.length - 70] ^= 0xff
    writeFileSync(op, bytes)
    const tampered = file('tampered.tar')
    execFileSync('tar', ['cf', tampered, '-C', work, 'waggle-bundle'])
    assert.match(await refusal(3, tampered), /refused \((tampered|out-of-order)\)/)

    // truncated in transit
    const truncated = file('truncated.tar')
    writeFileSync(truncated, readFileSync(good).subarray(0, 1500))
    assert.match(await refusal(3, truncated), /truncated|not a waggle bundle/)

    // from another federation
    const foreign = await LocalFleet.create({ size: 1, root: join(root, 'foreign'), name: 'elsewhere' })
    try {
      await foreign.start(0)
      const stray = file('foreign.tar')
      await foreign.call(0, 'bundle.export', { path: stray })
      assert.match(await refusal(3, stray), /foreign-federation/)
    } finally {
      await foreign.stopAll()
    }

    assert.deepEqual(await ids(3), before, 'a refused bundle changed the log')
    await importBundle(3, good)
    await converged([0, 1, 2, 3])
  })

  it('carries only the chosen channels\' waves in a channel-limited bundle', async function () {
    await publish(0, 'main')
    await publish(0, 'weather')
    await converged([0, 1])
    const path = await exportBundle(1, 'main-only.tar', { channels: ['main'] })
    const listing = execFileSync('tar', ['xOf', path, 'waggle-bundle/manifest.json'], { encoding: 'utf8' })
    const manifest = JSON.parse(listing)
    assert.deepEqual(manifest.channels, ['main'])
    const imported = await importBundle(3, path)
    assert.equal(imported.added, 1, 'only the main wave is new to zone 1')
    const weather = (await fleet.call(3, 'log', { channel: 'weather' })).entries
    assert.equal(weather.length, 0, 'a weather wave crossed into a zone that takes only main')
  })

  it('never sends a network back what came from it', async function () {
    // zone 1 is network "ship": its wave reached zone 0 by bundle (test 1); a bundle for ship leaves it out
    const shipWaves = (await fleet.call(1, 'log', { channel: 'ship' })).entries.map(e => e.id)
    assert.ok(shipWaves.length > 0, 'zone 0 holds no ship wave: the test proves nothing')
    const entriesOf = (path: string): number => JSON.parse(execFileSync('tar', ['xOf', path, 'waggle-bundle/manifest.json'], { encoding: 'utf8' })).count
    const all = await exportBundle(1, 'all.tar', { full: true })
    const forShip = await exportBundle(1, 'for-ship.tar', { full: true, network: 'ship' })
    assert.equal(entriesOf(forShip), entriesOf(all) - shipWaves.length, 'the bundle for ship carries what came from ship')
    // zone 1 takes it; everything in it but zone 0's own news (the weather wave it was not sent) is a duplicate there
    const imported = await importBundle(3, forShip)
    assert.equal(imported.added + imported.duplicates, entriesOf(forShip))
    // a network the federation does not name is refused
    await assert.rejects(fleet.call(1, 'bundle.export', { path: file('nowhere.tar'), network: 'atlantis' }), /network "atlantis" is not one of the federation's/)
  })

  it('carries a wave\'s content to a zone that cannot fetch it, with --with-content', async function () {
    const dir = file('payload')
    mkdirSync(join(dir, 'data'), { recursive: true })
    writeFileSync(join(dir, 'README'), 'cargo for the ship\n')
    // two chunks' worth, so the bundle carries the manifest, the README and two chunks of it
    writeFileSync(join(dir, 'data', 'blob.bin'), randomBytes(DEFAULT_CHUNK_SIZE + 700 * 1024))
    const wave = await fleet.call(0, 'wave.publish', { channel: 'payload', path: dir })
    const appliedOn = async (i: number): Promise<number | undefined> => (await fleet.call(i, 'status', {})).applied.payload
    await waitFor('zone 0 to apply the payload', async () => (await appliedOn(1)) === wave.version ? true : undefined, { timeoutMs: 60_000, everyMs: 200 })

    const path = file('with-content.tar')
    const exported = await fleet.call(1, 'bundle.export', { path, withContent: true, channels: ['payload'] })
    assert.ok(exported.chunks >= 4, `expected the manifest and 3+ chunks, got ${exported.chunks}`)

    // a changed chunk is refused, and nothing of the bundle is applied
    const work = join(root, 'tamper-content')
    mkdirSync(work, { recursive: true })
    execFileSync('tar', ['xf', path, '-C', work])
    const chunkDir = join(work, 'waggle-bundle', 'chunks')
    const victim = join(chunkDir, execFileSync('ls', [chunkDir], { encoding: 'utf8' }).split('\n')[0])
    const bytes = readFileSync(victim)
    bytes[0] ^= 0xff
    writeFileSync(victim, bytes)
    const tampered = file('with-content-tampered.tar')
    execFileSync('tar', ['cf', tampered, '-C', work, 'waggle-bundle'])
    assert.match(await refusal(3, tampered), /refused \(tampered\)/)
    assert.equal(await appliedOn(3), undefined)

    const imported = await importBundle(3, path)
    assert.equal(imported.chunks, exported.chunks)
    // zone 1 applies it with no connection to zone 0: node 3 from the bundle, node 2 from node 3
    for (const i of [3, 2]) {
      await waitFor(`node ${i} to apply the payload`, async () => (await appliedOn(i)) === wave.version ? true : undefined, { timeoutMs: 60_000, everyMs: 200 })
      const current = join(fleet.nodes[i].dir.channels, 'payload', 'current')
      assert.ok(readFileSync(join(current, 'data', 'blob.bin')).equals(readFileSync(join(dir, 'data', 'blob.bin'))))
      assert.equal(readFileSync(join(current, 'README'), 'utf8'), 'cargo for the ship\n')
    }
  })

  it('carries content to a zone through a node the wave is not for, with --with-content', async function () {
    const dir = file('targeted')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'blob.bin'), randomBytes(DEFAULT_CHUNK_SIZE + 300 * 1024))
    // for nodes 1 and 2 only: node 3 imports the content but will not fetch it, and must still serve it to node 2
    const wave = await fleet.call(0, 'wave.publish', { channel: 'targeted', path: dir, nodes: [fleet.nodes[1].nodeId, fleet.nodes[2].nodeId] })
    const appliedOn = async (i: number): Promise<number | undefined> => (await fleet.call(i, 'status', {})).applied.targeted
    await waitFor('node 1 to apply it', async () => (await appliedOn(1)) === wave.version ? true : undefined, { timeoutMs: 60_000, everyMs: 200 })
    const path = file('targeted.tar')
    await fleet.call(1, 'bundle.export', { path, withContent: true, channels: ['targeted'] })
    await importBundle(3, path)
    await waitFor('node 2 to apply it from node 3', async () => (await appliedOn(2)) === wave.version ? true : undefined, { timeoutMs: 60_000, everyMs: 200 })
    assert.ok(readFileSync(join(fleet.nodes[2].dir.channels, 'targeted', 'current', 'blob.bin')).equals(readFileSync(join(dir, 'blob.bin'))))
    assert.equal(await appliedOn(3), undefined)
  })
})
