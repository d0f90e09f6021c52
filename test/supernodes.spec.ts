import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { DAEMON_NODE_FLAGS, freePort, LocalFleet, WAGGLE_BIN, waitFor, type LogEntryView, type MembersResult } from '@waggle/node'

const run = promisify(execFile)

/** Health rounds every 500 ms; a supernode silent for 6 s has failed (generous: two cores run every daemon). */
const GENESIS = { minSupernodes: 2, healthIntervalMs: 500, supernodeGraceMs: 6_000, policy: 'redistribute' as const }
/** Bound on any one convergence: a failure is seen after the grace, then gossip is immediate. */
const CONVERGE_TIMEOUT_MS = 90_000
const POLL_EVERY_MS = 250
const STDERR_TAIL_CHARS = 3000

/** Helpers over one fleet. */
function helpers (get: () => LocalFleet) {
  const name = (i: number): string => get().nodes[i].name
  const tail = (i: number): string => `\n--- ${name(i)} stderr (tail) ---\n${get().nodes[i].stderr.slice(-STDERR_TAIL_CHARS)}`
  const members = async (i: number): Promise<MembersResult> => await get().call(i, 'members', {})
  async function waitOn<T> (i: number, what: string, check: () => Promise<T | undefined | false>): Promise<T> {
    try {
      return await waitFor(`${name(i)}: ${what}`, check, { timeoutMs: CONVERGE_TIMEOUT_MS, everyMs: POLL_EVERY_MS })
    } catch (err: any) {
      throw new Error(`${String(err?.message ?? err)}${tail(i)}`)
    }
  }
  const takeovers = async (i: number): Promise<LogEntryView[]> => (await get().call(i, 'log', {})).entries.filter(e => e.type === 'takeover')
  const replacing = (es: LogEntryView[]): LogEntryView[] => es.filter(e => e.summary.startsWith('takes over'))
  const resuming = (es: LogEntryView[]): LogEntryView[] => es.filter(e => e.summary.startsWith('resumes'))
  const roleOf = (m: MembersResult, nodeId: string): string | undefined => m.members.find(r => r.nodeId === nodeId)?.role
  return { name, tail, members, waitOn, takeovers, replacing, resuming, roleOf }
}

describe('supernodes: health, standbys and the node map', function () {
  describe('a federation of two supernodes, two standbys and two hosts', function () {
    let root: string
    let fleet: LocalFleet
    /** Each supernode's loopback HTTP port (metrics are per checking supernode). */
    const httpPorts: number[] = []
    const h = helpers(() => fleet)
    const SN = [0, 1]
    const STANDBYS = [2, 3]
    const KILLED = 1
    let standIn: number

    before(async function () {
      root = join(tmpdir(), `waggle-sn-${randomBytes(6).toString('hex')}`)
      while (httpPorts.length < SN.length) httpPorts.push(await freePort())
      fleet = await LocalFleet.create({
        size: 6,
        root: join(root, 'fleet'),
        name: 'supernodes',
        supernodes: SN,
        standbys: STANDBYS,
        networks: ['default', 'default', 'default', 'lab', 'default', 'lab'],
        genesis: GENESIS,
        nodeEnv: Object.fromEntries(SN.map((s, k) => [s, { WAGGLE_HTTP_LISTEN: `127.0.0.1:${httpPorts[k]}` }]))
      })
      await fleet.startAll()
      await fleet.waitForPeers()
    })

    after(async function () {
      if (fleet != null) await fleet.stopAll()
      if (root != null) rmSync(root, { recursive: true, force: true })
    })

    it('shows every node healthy, with its role, network, supernode and applied versions, on any node', async function () {
      const dir = join(root, 'content')
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'site.toml'), 'v = 1\n')
      await fleet.call(0, 'wave.publish', { channel: 'site', path: dir })
      for (const viewer of [0, 4]) {
        const map = await h.waitOn(viewer, 'every node ok with site@1', async () => {
          const m = await h.members(viewer)
          return m.members.length === 6 && m.members.every(r => r.health === 'ok' && r.applied.site === 1) ? m : undefined
        })
        const ids = fleet.nodes.map(n => n.nodeId)
        for (const r of map.members) {
          const i = ids.indexOf(r.nodeId)
          assert.equal(r.role, SN.includes(i) ? 'supernode' : STANDBYS.includes(i) ? 'standby' : 'host')
          assert.equal(r.network, [3, 5].includes(i) ? 'lab' : 'default')
          // supernodes answer for themselves; everyone else has one of the two
          if (SN.includes(i)) assert.equal(r.supernode, r.nodeId)
          else assert.ok(SN.map(s => ids[s]).includes(r.supernode ?? ''), `${h.name(i)} is assigned to ${String(r.supernode)}`)
          assert.ok(r.metrics != null && r.metrics.logEntries >= 2 && r.metrics.rssBytes > 0 && r.metrics.memTotalBytes > 0)
        }
        // members of one supernode: both supernodes carry some (six nodes, rendezvous hashing)
        assert.deepEqual(map.supernodes.live.sort(), SN.map(s => ids[s]).sort())
      }
      // the CLI prints the same map as JSON, and filters it
      const { stdout } = await run(process.execPath, [...DAEMON_NODE_FLAGS, WAGGLE_BIN, '--data-dir', fleet.nodes[4].dir.root, 'members', '--role', 'standby', '--json'])
      const cli = JSON.parse(stdout) as MembersResult
      assert.deepEqual(cli.members.map(r => r.nodeId).sort(), STANDBYS.map(i => fleet.nodes[i].nodeId).sort())
      const human = await run(process.execPath, [...DAEMON_NODE_FLAGS, WAGGLE_BIN, '--data-dir', fleet.nodes[4].dir.root, 'members', '--network', 'lab'])
      assert.match(human.stdout, /2 members; supernodes: 2 live/)
      await assert.rejects(run(process.execPath, [...DAEMON_NODE_FLAGS, WAGGLE_BIN, '--data-dir', fleet.nodes[4].dir.root, 'members', '--network', 'nowhere']), /not one of the federation's networks/)
    })

    it('serves /members and Prometheus /metrics over loopback HTTP', async function () {
      const res = await fetch(`http://127.0.0.1:${httpPorts[0]}/members`)
      assert.equal(res.status, 200)
      const map = await res.json() as MembersResult
      assert.equal(map.members.length, 6)
      // per-member series come from the supernode that checks the member: ask one that has some
      // (rendezvous hashing may give every host to the same supernode)
      const ids = fleet.nodes.map(n => n.nodeId)
      const checker = SN.findIndex(s => map.members.some(r => r.supernode === ids[s] && r.nodeId !== ids[s]))
      assert.ok(checker >= 0, 'no supernode checks any member')
      const base = `http://127.0.0.1:${httpPorts[checker]}`
      const metrics = await fetch(`${base}/metrics`)
      assert.equal(metrics.status, 200)
      assert.match(metrics.headers.get('content-type') ?? '', /text\/plain/)
      const text = await metrics.text()
      assert.match(text, /^waggle_log_entries\{[^}]*\} \d+/m)
      assert.match(text, /^waggle_peers\{[^}]*\} [1-9]/m)
      assert.match(text, /^waggle_channel_applied_version\{channel="site"[^}]*\} 1$/m)
      assert.match(text, /^waggle_chunks_served_bytes\{/m)
      assert.match(text, /^# TYPE waggle_dropped_inputs gauge$/m)
      // a series per member the supernode checks, labelled node, network and role
      const checked = [...text.matchAll(/^waggle_member_up\{node="([^"]+)",network="([^"]+)",role="([^"]+)"[^}]*\} 1$/gm)]
      assert.ok(checked.length >= 1, `no per-member series in\n${text.slice(0, 2000)}`)
      for (const [, node, network, role] of checked) {
        const row = map.members.find(r => r.nodeId === node)
        assert.equal(row?.network, network)
        assert.equal(row?.role, role)
      }
      assert.match(text, /^waggle_member_applied_version\{[^}]*channel="site"[^}]*\} 1$/m)
      assert.equal((await fetch(`${base}/nothing`)).status, 404)
      assert.equal((await fetch(`${base}/metrics`, { method: 'POST' })).status, 405)
    })

    it('replaces a killed supernode by exactly one standby and reassigns its members', async function () {
      const ids = fleet.nodes.map(n => n.nodeId)
      assert.equal(h.replacing(await h.takeovers(0)).length, 0, 'a takeover before any supernode failed')
      await fleet.kill(KILLED)
      const accepted = await h.waitOn(0, 'an accepted takeover', async () => {
        const t = h.replacing(await h.takeovers(0)).filter(e => e.outcome === 'accepted')
        return t.length > 0 ? t : undefined
      })
      assert.equal(accepted.length, 1)
      standIn = ids.indexOf(accepted[0].author)
      assert.ok(STANDBYS.includes(standIn), `${accepted[0].author} took over, not a standby`)
      // every running node's map: the stand-in is a supernode, the killed one down, nobody assigned to it, everyone else ok
      for (const viewer of [0, 2, 3, 4, 5]) {
        await h.waitOn(viewer, 'the map after the takeover', async () => {
          const m = await h.members(viewer)
          const killed = m.members.find(r => r.nodeId === ids[KILLED])
          const others = m.members.filter(r => r.nodeId !== ids[KILLED])
          return h.roleOf(m, ids[standIn]) === 'supernode' && killed?.health === 'down' &&
            others.every(r => r.health === 'ok' && r.supernode !== ids[KILLED]) && m.supernodes.live.length === 2
        })
      }
      // every takeover in the log but the first was refused
      const all = h.replacing(await h.takeovers(0))
      assert.equal(all.filter(e => e.outcome === 'accepted').length, 1)
      for (const e of all) if (e.id !== accepted[0].id) assert.match(e.outcome, /^refused: not-active/)
      const other = STANDBYS.find(s => s !== standIn) as number
      assert.equal(h.roleOf(await h.members(0), ids[other]), 'standby')
    })

    it('gives a restarted supernode its role back, sends the stand-in back to standby, and takes over no more', async function () {
      const ids = fleet.nodes.map(n => n.nodeId)
      await fleet.start(KILLED)
      const resumed = await h.waitOn(0, 'an accepted resume', async () => {
        const r = h.resuming(await h.takeovers(0)).filter(e => e.outcome === 'accepted')
        return r.length > 0 ? r : undefined
      })
      assert.equal(resumed[0].author, ids[KILLED])
      for (const viewer of [0, KILLED, standIn]) {
        await h.waitOn(viewer, 'the map after the resume', async () => {
          const m = await h.members(viewer)
          return h.roleOf(m, ids[KILLED]) === 'supernode' && h.roleOf(m, ids[standIn]) === 'standby' && m.members.every(r => r.health === 'ok')
        })
      }
      // two graces of summaries later, still no new takeover: the standbys heard the resumed supernode
      const heardAt = (await h.members(0)).atMs
      await h.waitOn(0, 'two graces of rounds from the resumed supernode', async () => {
        const m = await h.members(0)
        const row = m.members.find(r => r.nodeId === ids[KILLED])
        return row != null && row.health === 'ok' && row.lastSeenMs > heardAt + 2 * GENESIS.supernodeGraceMs
      })
      const after = h.replacing(await h.takeovers(0))
      assert.equal(after.filter(e => e.outcome === 'accepted').length, 1, 'a second takeover after the supernode came back')
      const m = await h.members(0)
      assert.deepEqual(m.supernodes.live.sort(), SN.map(s => ids[s]).sort())
      assert.ok(m.members.every(r => r.health === 'ok'))
    })
  })

  describe('racing standbys and volunteers', function () {
    let root: string
    let fleet: LocalFleet
    const h = helpers(() => fleet)
    const STANDBYS = [2, 3]
    const VOLUNTEER = 4

    before(async function () {
      root = join(tmpdir(), `waggle-race-${randomBytes(6).toString('hex')}`)
      // no wait between ranks: both standbys act as soon as each sees the failure
      const eager = { WAGGLE_STANDBY_STEP_MS: '0' }
      fleet = await LocalFleet.create({
        size: 5,
        root: join(root, 'fleet'),
        name: 'race',
        supernodes: [0, 1],
        standbys: STANDBYS,
        genesis: GENESIS,
        nodeEnv: { 2: eager, 3: eager }
      })
      await fleet.startAll()
      await fleet.waitForPeers()
      await h.waitOn(0, 'every node ok', async () => (await h.members(0)).members.every(r => r.health === 'ok'))
    })

    after(async function () {
      if (fleet != null) await fleet.stopAll()
      if (root != null) rmSync(root, { recursive: true, force: true })
    })

    it('lets exactly one of two standbys that act at once take over; every node refuses the other', async function () {
      const ids = fleet.nodes.map(n => n.nodeId)
      await fleet.kill(1)
      const winner = await h.waitOn(0, 'an accepted takeover', async () => h.replacing(await h.takeovers(0)).find(e => e.outcome === 'accepted'))
      // both standbys end with the same log verdicts: one supernode, one standby
      for (const viewer of [0, ...STANDBYS, VOLUNTEER]) {
        await h.waitOn(viewer, 'one stand-in', async () => {
          const m = await h.members(viewer)
          const roles = STANDBYS.map(s => h.roleOf(m, ids[s])).sort()
          return roles[0] === 'standby' && roles[1] === 'supernode' && h.roleOf(m, winner.author) === 'supernode'
        })
        const all = h.replacing(await h.takeovers(viewer))
        assert.equal(all.filter(e => e.outcome === 'accepted').length, 1, `${h.name(viewer)} accepted more than one takeover`)
        for (const e of all) if (e.id !== winner.id) assert.match(e.outcome, /^refused: not-active/)
      }
    })

    it('makes a volunteer a supernode once a root approves, with clear errors on the way', async function () {
      const ids = fleet.nodes.map(n => n.nodeId)
      const offer = await fleet.call(VOLUNTEER, 'supernode.volunteer', { note: 'spare capacity' })
      assert.equal(offer.outcome, 'accepted')
      await assert.rejects(fleet.call(VOLUNTEER, 'supernode.volunteer', {}), /still waiting for the root admins/)
      await assert.rejects(fleet.call(VOLUNTEER, 'root.decide', { request: offer.entryId, approve: true }), /is not a root admin/)
      const pending = await h.waitOn(0, 'the volunteer request', async () => {
        const p = await fleet.call(0, 'root.pending', {})
        return p.volunteers.find(v => v.requestId === offer.entryId)
      })
      assert.equal(pending.nodeId, ids[VOLUNTEER])
      assert.equal(pending.note, 'spare capacity')
      await assert.rejects(fleet.call(0, 'root.decide', { request: 'zz', approve: true }), /not an entry id/)
      // the same through the CLI, as an admin types it
      const cli = async (i: number, ...args: string[]): Promise<{ stdout: string, stderr: string }> => await run(process.execPath, [...DAEMON_NODE_FLAGS, WAGGLE_BIN, '--data-dir', fleet.nodes[i].dir.root, ...args])
      assert.match((await cli(0, 'root', 'pending')).stdout, new RegExp(`${offer.entryId.slice(0, 16)}  ${ids[VOLUNTEER]} \\(host, default\\) volunteers as supernode: "spare capacity"`))
      await assert.rejects(cli(0, 'root', 'decide', offer.entryId), (err: any) => err.code === 2 && /either --approve or --refuse/.test(err.stderr))
      await assert.rejects(cli(VOLUNTEER, 'root', 'sign', offer.entryId), (err: any) => err.code === 1 && /is not a root admin/.test(err.stderr))
      await assert.rejects(fleet.call(0, 'root.sign', { entry: offer.entryId }), /no pending operation has id/)
      await assert.rejects(fleet.call(0, 'root.param', { name: 'min_supernodes', value: 'many' }), /whole number/)
      await assert.rejects(fleet.call(0, 'root.param', { name: 'colour', value: 'red' }), /not a parameter/)
      await assert.rejects(fleet.call(0, 'root.role', { grant: false, role: 'supernode', node: ids[VOLUNTEER] }), /is not a supernode/)
      await assert.rejects(fleet.call(0, 'root.role', { grant: true, role: 'emperor', node: ids[VOLUNTEER] }), /not a role/)
      const decided = await fleet.call(0, 'root.decide', { request: offer.entryId.slice(0, 12), approve: true })
      assert.equal(decided.outcome, 'accepted')
      await h.waitOn(0, 'the volunteer in service', async () => {
        const m = await h.members(0)
        const row = m.members.find(r => r.nodeId === ids[VOLUNTEER])
        return row?.role === 'supernode' && row.health === 'ok' && m.supernodes.live.includes(ids[VOLUNTEER]) && row.supernode === ids[VOLUNTEER]
      })
      // and withdraws again: a host, which some live supernode checks
      const gone = await fleet.call(VOLUNTEER, 'supernode.withdraw', {})
      assert.equal(gone.outcome, 'accepted')
      await h.waitOn(0, 'the volunteer a host again', async () => {
        const row = (await h.members(0)).members.find(r => r.nodeId === ids[VOLUNTEER])
        return row?.role === 'host' && row.supernode !== ids[VOLUNTEER] && row.health === 'ok'
      })
      await assert.rejects(fleet.call(VOLUNTEER, 'supernode.withdraw', {}), /nothing to withdraw/)
    })
  })
})
