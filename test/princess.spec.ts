import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalFleet, waitFor } from '@waggle/node'
import { waitForWave } from './helpers/diagnose.js'

/**
 * Princesses and networks: a princess-first wave reaches a network's hosts
 * through its princess, so the data crosses into the network once.
 */
describe('princesses: a network fetches through its princess', function () {
  // node 0 the queen and node 1 in "default"; node 2 the princess of "lab", nodes 3-5 its hosts
  const NETWORKS = ['default', 'default', 'lab', 'lab', 'lab', 'lab']
  const PRINCESS = 2
  const LAB = [2, 3, 4, 5]
  const LAB_HOSTS = [3, 4, 5]
  const SIZE_BYTES = 2 * 1024 * 1024
  let root: string
  let fleet: LocalFleet

  before(async function () {
    this.timeout(120_000)
    root = join(tmpdir(), `waggle-princess-${process.pid}`)
    fleet = await LocalFleet.create({ size: NETWORKS.length, root, networks: NETWORKS, princesses: [PRINCESS], catchupIntervalMs: 1_000 })
    await fleet.startAll()
    await fleet.waitForPeers()
  })

  after(async function () {
    this.timeout(60_000)
    await fleet?.stopAll()
    rmSync(root, { recursive: true, force: true })
  })

  it('lets the princess fetch and apply first; its hosts then fetch only inside their network', async function () {
    this.timeout(180_000)
    const src = join(root, 'src')
    mkdirSync(src, { recursive: true })
    writeFileSync(join(src, 'data.bin'), randomBytes(SIZE_BYTES))
    const published = await fleet.call(0, 'wave.publish', { channel: 'lab-cfg', path: src, princessFirst: true })
    await waitForWave(fleet, { channel: 'lab-cfg', version: published.version }, 'the wave applied on every node', async () => {
      const applied = await Promise.all(fleet.nodes.map(async (_n, i) => (await fleet.call(i, 'status', {})).applied['lab-cfg']))
      if (applied.every(v => v === published.version)) return true
      throw new Error(`applied: ${JSON.stringify(applied)}`)
    }, { timeoutMs: 150_000, everyMs: 250 })
    for (const i of LAB_HOSTS) {
      const got = readFileSync(join(fleet.nodes[i].dir.channels, 'lab-cfg', 'current', 'data.bin'))
      assert.ok(got.equals(readFileSync(join(src, 'data.bin'))), `${fleet.nodes[i].name} holds other bytes`)
    }
    // who uploaded what to whom
    const statuses = await Promise.all(fleet.nodes.map(async (_n, i) => await fleet.call(i, 'status', {})))
    const outside = fleet.nodes.map((_n, i) => i).filter(i => !LAB.includes(i))
    const fromOutside = (to: number): number => outside.reduce((sum, i) => sum + (statuses[i].uploaded.byPeer[fleet.nodes[to].nodeId] ?? 0), 0)
    for (const h of LAB_HOSTS) assert.equal(fromOutside(h), 0, `${fleet.nodes[h].name} took bytes from outside its network`)
    const intoLab = LAB.reduce((sum, i) => sum + fromOutside(i), 0)
    assert.ok(intoLab >= SIZE_BYTES, `only ${intoLab} bytes entered the lab network`)
    assert.ok(intoLab < SIZE_BYTES * 1.2, `${intoLab} bytes entered the lab network for ${SIZE_BYTES} of content: it crossed more than once`)
    // and the hosts did fetch from the princess and each other, so the princess did not upload it three times
    const princessUp = statuses[PRINCESS].uploaded.bytes
    assert.ok(princessUp > 0, 'the princess served nothing')
  })

  it('fetches nothing for a channel its network does not subscribe to', async function () {
    this.timeout(120_000)
    const set = await fleet.call(0, 'root.param', { name: 'channels.lab', value: 'lab-cfg' })
    assert.equal(set.outcome, 'accepted')
    await waitFor('the subscription on every node', async () => {
      const logs = await Promise.all(fleet.nodes.map(async (_n, i) => (await fleet.call(i, 'log', { limit: 5 })).entries.map(e => e.id)))
      return logs.every(l => l.includes(set.entryId)) ? true : undefined
    }, { timeoutMs: 60_000, everyMs: 200 })
    const src = join(root, 'weather')
    mkdirSync(src, { recursive: true })
    writeFileSync(join(src, 'today.txt'), 'sunny\n')
    const published = await fleet.call(0, 'wave.publish', { channel: 'weather', path: src })
    const outsideLab = fleet.nodes.map((_n, i) => i).filter(i => !LAB.includes(i))
    await waitFor('weather applied outside the lab, declined inside it', async () => {
      const s = await fleet.call(0, 'wave.status', { channel: 'weather', version: published.version })
      const stateOf = (i: number): string | undefined => s.nodes.find(n => n.nodeId === fleet.nodes[i].nodeId)?.state
      return outsideLab.every(i => stateOf(i) === 'applied') && LAB.every(i => stateOf(i) === 'not-targeted') ? true : undefined
    }, { timeoutMs: 90_000, everyMs: 250 })
    for (const i of LAB) {
      const status = await fleet.call(i, 'status', {})
      assert.equal(status.applied.weather, undefined, `${fleet.nodes[i].name} applied a channel its network does not take`)
    }
  })

  it('lets a host that was down when its princess applied a princess-first wave fetch it once it is back', async function () {
    // the princess's "applied" report went out while the host was down: gossip does not
    // replay it, so the host learns it from the health summaries (a supernode checks the princess)
    this.timeout(240_000)
    const LATE = 5
    await fleet.stop(LATE)
    const src = join(root, 'late')
    mkdirSync(src, { recursive: true })
    writeFileSync(join(src, 'data.bin'), randomBytes(256 * 1024))
    const published = await fleet.call(0, 'wave.publish', { channel: 'lab-cfg', path: src, princessFirst: true })
    const up = fleet.nodes.map((_n, i) => i).filter(i => i !== LATE)
    await waitFor('the wave applied on every running node', async () => {
      const applied = await Promise.all(up.map(async i => (await fleet.call(i, 'status', {})).applied['lab-cfg']))
      return applied.every(v => v === published.version) ? true : undefined
    }, { timeoutMs: 120_000, everyMs: 250 })
    await fleet.start(LATE)
    // well within the five minutes a host waits for its princess before fetching from anyone
    await waitForWave(fleet, { channel: 'lab-cfg', version: published.version }, 'the late host to apply the wave', async () => {
      return (await fleet.call(LATE, 'status', {})).applied['lab-cfg'] === published.version ? true : undefined
    }, { timeoutMs: 60_000, everyMs: 250 })
    const got = readFileSync(join(fleet.nodes[LATE].dir.channels, 'lab-cfg', 'current', 'data.bin'))
    assert.ok(got.equals(readFileSync(join(src, 'data.bin'))), 'the late host holds other bytes')
    for (const i of fleet.nodes.map((_n, i) => i).filter(i => !LAB.includes(i))) {
      const status = await fleet.call(i, 'status', {})
      assert.equal(status.uploaded.byPeer[fleet.nodes[LATE].nodeId] ?? 0, 0, `the late host fetched from ${fleet.nodes[i].name}, outside its network`)
    }
  })

  it('still shows the wave applied host by host after the queen restarts (from the health summaries)', async function () {
    // the reports went out once and lived in the queen's memory
    this.timeout(180_000)
    const version = (await fleet.call(0, 'status', {})).applied['lab-cfg']
    assert.ok(version != null, 'the queen has applied no lab-cfg')
    await fleet.stop(0)
    await fleet.start(0)
    const ids = new Set(fleet.nodes.map(n => n.nodeId))
    await waitFor('every node shown applied on the restarted queen', async () => {
      const s = await fleet.call(0, 'wave.status', { channel: 'lab-cfg', version })
      const applied = s.nodes.filter(n => ids.has(n.nodeId) && n.state === 'applied')
      if (applied.length === ids.size) return true
      throw new Error(s.nodes.map(n => `${n.nodeId.slice(-6)} ${n.state} ${n.reason}`).join('; '))
    }, { timeoutMs: 90_000, everyMs: 500 })
  })
})

/**
 * A firewalled network: its hosts reach only nodes of their own network
 * (the gater emulates the firewall, `network.isolated`), so everything
 * reaches them through their princess; they still get every wave, and the
 * data crosses into the network once.
 */
describe('princesses: a firewalled network gets every wave through its princess', function () {
  const NETWORKS = ['default', 'default', 'lab', 'lab', 'lab', 'lab']
  const PRINCESS = 2
  const LAB = [2, 3, 4, 5]
  const LAB_HOSTS = [3, 4, 5]
  // the lab's own supernode (a host of it): checks cannot come in from outside
  const LAB_SUPERNODE = 3
  const SIZE_BYTES = 1024 * 1024
  let root: string
  let fleet: LocalFleet

  before(async function () {
    this.timeout(120_000)
    root = join(tmpdir(), `waggle-firewall-${process.pid}`)
    const isolated = { WAGGLE_NETWORK_ISOLATED: 'true' }
    fleet = await LocalFleet.create({
      size: NETWORKS.length,
      root,
      networks: NETWORKS,
      princesses: [PRINCESS],
      supernodes: [0, LAB_SUPERNODE],
      catchupIntervalMs: 1_000,
      nodeEnv: Object.fromEntries(LAB_HOSTS.map(i => [i, isolated]))
    })
    await fleet.startAll()
  })

  after(async function () {
    this.timeout(60_000)
    await fleet?.stopAll()
    rmSync(root, { recursive: true, force: true })
  })

  it('keeps the hosts to their network, delivers every wave, and lets each wave\'s data cross in once', async function () {
    this.timeout(240_000)
    const bytesIntoLab = async (): Promise<number> => {
      const statuses = await Promise.all(fleet.nodes.map(async (_n, i) => await fleet.call(i, 'status', {})))
      let sum = 0
      for (const [i, s] of statuses.entries()) {
        if (LAB.includes(i)) continue
        for (const j of LAB) sum += s.uploaded.byPeer[fleet.nodes[j].nodeId] ?? 0
      }
      return sum
    }
    const src = join(root, 'src')
    let into = 0
    for (const [k, princessFirst] of [true, false].entries()) {
      const dir = join(src, `v${k}`)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'data.bin'), randomBytes(SIZE_BYTES))
      const published = await fleet.call(0, 'wave.publish', { channel: 'fw', path: dir, princessFirst })
      await waitForWave(fleet, { channel: 'fw', version: published.version }, `wave ${k + 1} applied on every node`, async () => {
        const applied = await Promise.all(fleet.nodes.map(async (_n, i) => (await fleet.call(i, 'status', {})).applied.fw))
        if (applied.every(v => v === published.version)) return true
        throw new Error(`applied: ${JSON.stringify(applied)}`)
      }, { timeoutMs: 150_000, everyMs: 250 })
      for (const i of LAB_HOSTS) {
        const got = readFileSync(join(fleet.nodes[i].dir.channels, 'fw', 'current', 'data.bin'))
        assert.ok(got.equals(readFileSync(join(dir, 'data.bin'))), `${fleet.nodes[i].name} holds other bytes`)
      }
      const now = await bytesIntoLab()
      assert.ok(now - into >= SIZE_BYTES, `wave ${k + 1}: only ${now - into} bytes entered the lab`)
      assert.ok(now - into < SIZE_BYTES * 1.2, `wave ${k + 1}: ${now - into} bytes entered the lab for ${SIZE_BYTES} of content`)
      into = now
    }
    // the hosts never held a connection outside their network, and their logs are the queen's
    const outside = new Set(fleet.nodes.filter((_n, i) => !LAB.includes(i)).map(n => n.nodeId))
    for (const i of LAB_HOSTS) {
      const { peers } = await fleet.call(i, 'peers', {})
      assert.ok(peers.length > 0, `${fleet.nodes[i].name} has no peers`)
      assert.deepEqual(peers.filter(p => outside.has(p.nodeId)).map(p => p.nodeId), [], `${fleet.nodes[i].name} is connected outside its network`)
    }
    const ids = async (i: number): Promise<string[]> => (await fleet.call(i, 'log', {})).entries.map(e => e.id)
    const queenLog = await ids(0)
    for (const i of LAB_HOSTS) assert.deepEqual(await ids(i), queenLog)
    // the lab's members are checked from inside it, and the queen's map shows them well
    const labSupernode = fleet.nodes[LAB_SUPERNODE].nodeId
    const lab = new Set(LAB.map(i => fleet.nodes[i].nodeId))
    await waitFor('the lab checked by its own supernode, ok on the queen\'s map', async () => {
      const rows = (await fleet.call(0, 'members', {})).members.filter(r => lab.has(r.nodeId))
      if (rows.length === LAB.length && rows.every(r => r.supernode === labSupernode && r.health === 'ok')) return true
      throw new Error(rows.map(r => `${r.nodeId.slice(-6)} by ${String(r.supernode).slice(-6)} ${r.health}`).join('; '))
    }, { timeoutMs: 60_000, everyMs: 500 })
  })
})
