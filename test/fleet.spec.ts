import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalFleet, waitFor, type LogEntryView, type WavePublishResult } from '@waggle/node'
import {
  CATCHUP_BATCH_ENTRIES, CATCHUP_MAX_BUCKETS, CatchupRequest, CatchupResponse, createEntry, decodeEntry, decodeKeyFile,
  Envelope, fromHex, generateIdentity, OP_PAYLOAD_TYPE, Operation, PROTOCOL_VERSION, sha256, type Identity, type LogEntry
} from '@waggle/protocol'
import { RoguePeer } from './helpers/rogue-peer.js'

/** Daemons in the fleet, the queen included; the last one joins late. */
const FLEET_SIZE = 6
const LATE_NODE = FLEET_SIZE - 1
/** Bound on any one convergence: gossip is immediate, catch-up's periodic backstop runs every 15 s. */
const CONVERGE_TIMEOUT_MS = 60_000
/** Control API polling period while waiting; a few calls per second per node is nothing to a daemon. */
const POLL_EVERY_MS = 200
const STDERR_TAIL_CHARS = 4000

describe('fleet of waggle daemons', function () {
  let root: string
  let files: string
  let fleet: LocalFleet
  let federationId: Uint8Array
  let queenIdentity: Identity
  const rogues: RoguePeer[] = []
  /** The hostile peers' keys: members (hosts) by the genesis, since only members may connect at all. */
  const rogueKeys = { gossip: generateIdentity(), catchup: generateIdentity() }

  const name = (i: number): string => fleet.nodes[i].name
  const stderrTail = (i: number): string => `\n--- ${name(i)} stderr (tail) ---\n${fleet.nodes[i].stderr.slice(-STDERR_TAIL_CHARS)}`
  const isRunning = (i: number): boolean => {
    const p = fleet.nodes[i].process
    return p != null && p.exitCode == null && p.signalCode == null
  }
  const running = (): number[] => fleet.nodes.map(n => n.index).filter(isRunning)

  /** waitFor, with the node's stderr tail in the error when it times out. */
  async function waitOn<T> (i: number, what: string, check: () => Promise<T | undefined | false>, timeoutMs = CONVERGE_TIMEOUT_MS): Promise<T> {
    try {
      return await waitFor(`${name(i)}: ${what}`, check, { timeoutMs, everyMs: POLL_EVERY_MS })
    } catch (err: any) {
      throw new Error(`${String(err?.message ?? err)}${stderrTail(i)}`)
    }
  }

  /** Starts a node that was stopped or killed, and checks a daemon really runs for it now. */
  async function restart (i: number): Promise<void> {
    const previous = fleet.nodes[i].process
    await fleet.start(i)
    assert.ok(isRunning(i) && fleet.nodes[i].process !== previous,
      `fleet.start(${i}) resolved but started no daemon for ${name(i)} (its previous process ended with ` +
      `exit code ${String(previous?.exitCode)}, signal ${String(previous?.signalCode)})`)
  }

  async function logOf (i: number, channel?: string): Promise<LogEntryView[]> {
    return (await fleet.call(i, 'log', channel != null ? { channel } : {})).entries
  }

  async function logIds (i: number): Promise<string[]> {
    return (await logOf(i)).map(e => e.id)
  }

  async function dropped (i: number): Promise<Record<string, number>> {
    return (await fleet.call(i, 'status', {})).dropped
  }

  async function publishWave (channel: string): Promise<WavePublishResult> {
    const path = join(files, `${channel}-${randomBytes(4).toString('hex')}.txt`)
    writeFileSync(path, randomBytes(64))
    return await fleet.call(0, 'wave.publish', { channel, path, module: 'file' })
  }

  /** Waits until the entry is in the node's log and returns how the node judged it. */
  async function waitForEntry (i: number, id: string, channel: string): Promise<LogEntryView> {
    return await waitOn(i, `entry ${id.slice(0, 16)} in its log`, async () => (await logOf(i, channel)).find(e => e.id === id))
  }

  /** Waits until every running node holds the entry, accepted. */
  async function waitAcceptedEverywhere (wave: WavePublishResult): Promise<void> {
    await Promise.all(running().map(async i => {
      const entry = await waitForEntry(i, wave.entryId, wave.channel)
      assert.equal(entry.outcome, 'accepted', `${name(i)} judged ${wave.channel} v${wave.version} "${entry.outcome}" (${entry.detail ?? ''})${stderrTail(i)}`)
    }))
  }

  /** Waits until the node's log has the queen's entries in the queen's order. */
  async function waitSameLogAsQueen (i: number): Promise<string[]> {
    let last: { mine: string[], queen: string[] } = { mine: [], queen: [] }
    try {
      return await waitOn(i, 'the same log as the queen', async () => {
        last = { mine: await logIds(i), queen: await logIds(0) }
        return last.mine.length === last.queen.length && last.mine.every((id, k) => id === last.queen[k]) ? last.mine : undefined
      })
    } catch (err) {
      assert.deepEqual(last.mine, last.queen, String((err as Error).message))
      throw err
    }
  }

  async function waitDropCount (i: number, key: string, atLeast: number): Promise<number> {
    let seen: Record<string, number> = {}
    try {
      return await waitOn(i, `dropped["${key}"] >= ${atLeast}`, async () => {
        seen = await dropped(i)
        return (seen[key] ?? 0) >= atLeast ? seen[key] : undefined
      })
    } catch (err) {
      throw new Error(`${String((err as Error).message)}\ncounters: ${JSON.stringify(seen)}`)
    }
  }

  /** Asserts that no running node's log holds the entry. */
  async function assertInNoLog (entry: LogEntry, what: string): Promise<void> {
    for (const i of running()) {
      const ids = await logIds(i)
      assert.ok(!ids.includes(entry.idHex), `${name(i)} took ${what} (${entry.idHex.slice(0, 16)}) into its log${stderrTail(i)}`)
    }
  }

  function announceBody (channel: string, version = 1): Parameters<typeof createEntry>[3] {
    return { type: 'wave.announce', wave: { channel, version, expiresMs: 0, content: { module: 'file', size: 3, sha256: sha256(Buffer.from(channel)), name: 'forged.txt' } } }
  }

  before(async function () {
    root = join(tmpdir(), `waggle-it-${randomBytes(6).toString('hex')}`)
    files = join(root, 'files')
    fleet = await LocalFleet.create({ size: FLEET_SIZE, root: join(root, 'fleet'), name: 'integration', logLevel: 'info', extraMembers: Object.values(rogueKeys).map(k => k.publicKey) })
    mkdirSync(files, { recursive: true })
    federationId = fromHex(fleet.federationId)
    queenIdentity = decodeKeyFile(readFileSync(fleet.queen.dir.key, 'utf8'))
    // startAll starts every node; the late joiner must stay down until it has waves to miss
    const todo = fleet.nodes.map(n => n.index).filter(i => i !== LATE_NODE)
    await Promise.all([0, 1].map(async () => {
      for (let i = todo.shift(); i != null; i = todo.shift()) await fleet.start(i)
    }))
    await Promise.all(running().map(async i => {
      await waitOn(i, 'at least one peer', async () => (await fleet.call(i, 'status', {})).peers >= 1)
    }))
  })

  after(async function () {
    for (const r of rogues) await r.stop().catch(() => {})
    if (fleet != null) await fleet.stopAll()
    if (root != null) rmSync(root, { recursive: true, force: true })
  })

  it('delivers a queen\'s announcement to every node\'s log, accepted everywhere', async function () {
    assert.ok(running().length >= 5, `expected at least 5 running daemons, got ${running().length}`)
    const wave = await publishWave('site-config')
    assert.equal(wave.version, 1)
    await waitAcceptedEverywhere(wave)
    for (const i of running()) {
      const status = await fleet.call(i, 'status', {})
      const channel = status.channels.find(c => c.channel === 'site-config')
      assert.equal(channel?.entryId, wave.entryId, `${name(i)} does not show site-config at the new wave${stderrTail(i)}`)
      assert.equal(channel?.sha256, wave.sha256)
    }
  })

  it('brings a node started late up to the queen\'s log by catch-up', async function () {
    assert.ok(!isRunning(LATE_NODE), 'the late node must not be running yet')
    const missed = [await publishWave('late-a'), await publishWave('late-b'), await publishWave('late-a')]
    for (const wave of missed) await waitAcceptedEverywhere(wave)
    await fleet.start(LATE_NODE)
    const ids = await waitSameLogAsQueen(LATE_NODE)
    for (const wave of missed) assert.ok(ids.includes(wave.entryId))
    const [mine, queens] = await Promise.all([fleet.call(LATE_NODE, 'status', {}), fleet.call(0, 'status', {})])
    assert.deepEqual(mine.channels, queens.channels, `${name(LATE_NODE)} folds the log to another state than the queen${stderrTail(LATE_NODE)}`)
    assert.equal(mine.log.refused, queens.log.refused)
  })

  it('keeps its log through a clean restart (SIGTERM) and catches up on what it missed', async function () {
    const i = 1
    await waitSameLogAsQueen(i)
    const held = await logOf(i)
    const code = await fleet.stop(i)
    assert.equal(code, 0, `${name(i)} exited with ${String(code)} on SIGTERM${stderrTail(i)}`)
    const missed = await publishWave('restart')
    await waitAcceptedEverywhere(missed)
    await restart(i)
    // right after start, before any catch-up could matter: its own store gave back every entry,
    // with the time it first stored each (an entry fetched again would carry a new one)
    const reloaded = new Map((await logOf(i)).map(e => [e.id, e]))
    for (const e of held) {
      assert.equal(reloaded.get(e.id)?.receivedAtMs, e.receivedAtMs, `${name(i)} lost or re-fetched ${e.type} ${e.id.slice(0, 16)} across the restart${stderrTail(i)}`)
    }
    const ids = await waitSameLogAsQueen(i)
    assert.ok(ids.includes(missed.entryId))
    const entry = await waitForEntry(i, missed.entryId, missed.channel)
    assert.equal(entry.outcome, 'accepted')
  })

  it('re-dials a bootstrap peer it lost once that peer is back', async function () {
    // LocalFleet gives node 4 node 1 as a bootstrap peer, and node 1 only the
    // queen: a connection between them again can only be node 4 re-dialling.
    const [watcher, lost] = [4, 1]
    const lostId = fleet.nodes[lost].nodeId
    const peersOf = async (i: number): Promise<string[]> => (await fleet.call(i, 'peers', {})).peers.map(p => p.nodeId)
    await waitOn(watcher, `connected to ${name(lost)}`, async () => (await peersOf(watcher)).includes(lostId))
    assert.equal(await fleet.stop(lost), 0)
    await waitOn(watcher, `noticing ${name(lost)} is gone`, async () => !(await peersOf(watcher)).includes(lostId))
    await restart(lost)
    await waitOn(watcher, `re-dialling ${name(lost)}`, async () => (await peersOf(watcher)).includes(lostId))
  })

  it('keeps its log through a crash (SIGKILL) and catches up on what it missed', async function () {
    const i = 2
    await waitSameLogAsQueen(i)
    const held = await logOf(i)
    await fleet.kill(i)
    assert.equal(fleet.nodes[i].process?.signalCode, 'SIGKILL')
    const missed = await publishWave('crash')
    await waitAcceptedEverywhere(missed)
    await restart(i)
    const reloaded = new Map((await logOf(i)).map(e => [e.id, e]))
    for (const e of held) {
      assert.equal(reloaded.get(e.id)?.receivedAtMs, e.receivedAtMs, `${name(i)} lost or re-fetched ${e.type} ${e.id.slice(0, 16)} across the crash${stderrTail(i)}`)
    }
    const ids = await waitSameLogAsQueen(i)
    assert.ok(ids.includes(missed.entryId))
  })

  describe('against a hostile peer', function () {
    /** Nodes the rogue connects to directly; the others only ever hear of its messages through them. */
    const TARGETS = [3, 4]
    let rogue: RoguePeer

    before(async function () {
      rogue = await RoguePeer.start({ federationId, identity: rogueKeys.gossip })
      rogues.push(rogue)
      for (const t of TARGETS) await rogue.connect(fleet.nodes[t].multiaddr)
    })

    /** Gossips bytes from the rogue and checks they went straight to every target. */
    async function gossipToTargets (data: Uint8Array): Promise<void> {
      const sentTo = await rogue.gossip(data)
      for (const t of TARGETS) assert.ok(sentTo.includes(fleet.nodes[t].nodeId), `the rogue's message did not go to ${name(t)} (sent to ${sentTo.join(', ')})`)
    }

    it('rejects an announcement signed by a key that is not a queen, on every node', async function () {
      const base = await Promise.all(TARGETS.map(async t => (await dropped(t))['gossip.not-a-queen'] ?? 0))
      const forged = createEntry(rogue.identity, federationId, { wallMs: Date.now(), counter: 0 }, announceBody('site-config', 99))
      await gossipToTargets(forged.envelope)
      await Promise.all(TARGETS.map(async (t, k) => { await waitDropCount(t, 'gossip.not-a-queen', base[k] + 1) }))
      // a later real wave that reached everyone: whatever the forged one could have caused has happened
      await waitAcceptedEverywhere(await publishWave('after-forgery'))
      await assertInNoLog(forged, 'a non-queen\'s announcement')
      for (const i of running()) {
        const channel = (await fleet.call(i, 'status', {})).channels.find(c => c.channel === 'site-config')
        assert.equal(channel?.version, 1, `${name(i)} moved site-config to version ${String(channel?.version)}${stderrTail(i)}`)
      }
    })

    it('refuses a queen\'s announcement stamped past the clock bound', async function () {
      const base = await Promise.all(TARGETS.map(async t => (await dropped(t))['gossip.clock-skew'] ?? 0))
      // the federation's bound is the 60 s default; ten minutes ahead is far past it
      const future = createEntry(queenIdentity, federationId, { wallMs: Date.now() + 10 * 60_000, counter: 0 }, announceBody('future'))
      await gossipToTargets(future.envelope)
      await Promise.all(TARGETS.map(async (t, k) => { await waitDropCount(t, 'gossip.clock-skew', base[k] + 1) }))
      await waitAcceptedEverywhere(await publishWave('after-skew'))
      await assertInNoLog(future, 'a far-future announcement')
      for (const i of running()) {
        assert.equal((await logOf(i, 'future')).length, 0, `${name(i)} has an entry on channel "future"${stderrTail(i)}`)
      }
    })

    it('drops garbage on the gossip topic, counts it, and keeps delivering waves', async function () {
      const valid = createEntry(queenIdentity, federationId, { wallMs: Date.now(), counter: 0 }, announceBody('truncated'))
      const garbage = [new Uint8Array(randomBytes(256)), valid.envelope.slice(0, valid.envelope.byteLength - 7)]
      // the counter each one must land in, as the node's own decoder judges it
      const expected = new Map<string, number>()
      for (const g of garbage) {
        const decoded = decodeEntry(g)
        assert.ok(!decoded.ok, 'test garbage unexpectedly decodes')
        const key = `gossip.${decoded.reason}`
        expected.set(key, (expected.get(key) ?? 0) + 1)
      }
      const base = await Promise.all(TARGETS.map(async t => await dropped(t)))
      for (const g of garbage) await gossipToTargets(g)
      await Promise.all(TARGETS.map(async (t, k) => {
        for (const [key, n] of expected) await waitDropCount(t, key, (base[k][key] ?? 0) + n)
      }))
      await waitAcceptedEverywhere(await publishWave('after-garbage'))
      await assertInNoLog(valid, 'a truncated envelope')
    })

    it('counts a garbage catch-up request and keeps serving catch-up', async function () {
      const t = TARGETS[0]
      const addr = fleet.nodes[t].multiaddr
      let frame: Uint8Array
      // random bytes that the node's request decoder, with its limits, refuses
      for (;;) {
        frame = new Uint8Array(randomBytes(96))
        try {
          CatchupRequest.decode(frame, { limits: { buckets: CATCHUP_MAX_BUCKETS } })
        } catch {
          break
        }
      }
      const base = (await dropped(t))['catchup-serve.malformed-request'] ?? 0
      await rogue.sendCatchupFrame(addr, frame)
      await waitDropCount(t, 'catchup-serve.malformed-request', base + 1)
      // an empty summary asks for everything: the node still answers, with its whole log in order
      const responses = await rogue.pullFrom(addr, CatchupRequest.encode({ version: PROTOCOL_VERSION, federation: new Uint8Array(federationId), buckets: [] }))
      assert.equal(responses.map(r => r.error).join(''), '', `${name(t)} refused a sound catch-up request${stderrTail(t)}`)
      const served = responses.flatMap(r => r.envelopes).map(bytes => {
        const decoded = decodeEntry(bytes)
        assert.ok(decoded.ok, `${name(t)} served an undecodable entry`)
        return decoded.value.idHex
      })
      assert.deepEqual(served, await logIds(t), `${name(t)} served another log than it holds${stderrTail(t)}`)
    })

    it('counts garbage served by a catch-up peer and takes nothing from it', async function () {
      const t = TARGETS[1]
      const addr = fleet.nodes[t].multiaddr
      let reply: Uint8Array[] = []
      const server = await RoguePeer.start({ federationId, identity: rogueKeys.catchup, catchupFrames: () => reply })
      rogues.push(server)
      const heldBefore = await logIds(t)
      const response = (envelopes: Uint8Array[]): Uint8Array =>
        CatchupResponse.encode({ version: PROTOCOL_VERSION, envelopes: envelopes.map(e => new Uint8Array(e)), done: true, error: '' })

      // a node pulls from a peer when it identifies it as a catch-up server; reconnecting asks again
      const pullAndExpect = async (frames: Uint8Array[], key: string): Promise<void> => {
        reply = frames
        const base = (await dropped(t))[key] ?? 0
        await server.disconnect(addr)
        await server.connect(addr)
        await waitDropCount(t, key, base + 1)
      }

      // (1) a frame that is no CatchupResponse
      let malformed: Uint8Array
      for (;;) {
        malformed = new Uint8Array(randomBytes(96))
        try {
          CatchupResponse.decode(malformed, { limits: { envelopes: CATCHUP_BATCH_ENTRIES } })
        } catch {
          break
        }
      }
      await pullAndExpect([malformed], 'catchup.malformed-frame')

      // (2) a sound frame carrying an envelope whose operation breaks the schema (it has no body)
      const bodiless = Envelope.encode({
        version: PROTOCOL_VERSION,
        payloadType: OP_PAYLOAD_TYPE,
        payload: Operation.encode({ version: PROTOCOL_VERSION, federation: new Uint8Array(federationId), wallMs: Date.now(), counter: 0 }),
        signer: new Uint8Array(server.identity.publicKey),
        signature: new Uint8Array(randomBytes(64))
      })
      const judged = decodeEntry(bodiless)
      assert.ok(!judged.ok && judged.reason === 'invalid-operation', 'test envelope should be an invalid operation')
      await pullAndExpect([response([bodiless])], 'catchup.invalid-operation')

      // (3) a validly signed announcement by a key that is not a queen: catch-up must not smuggle it in
      const smuggled = createEntry(server.identity, federationId, { wallMs: Date.now(), counter: 0 }, announceBody('smuggled'))
      await pullAndExpect([response([smuggled.envelope])], 'catchup.not-a-queen')

      assert.ok(server.pullsServed >= 3, `the rogue served ${server.pullsServed} pulls`)
      assert.deepEqual(await logIds(t), heldBefore, `${name(t)}'s log changed after pulling garbage${stderrTail(t)}`)
      await assertInNoLog(smuggled, 'an entry smuggled through catch-up')
      // and it still takes real waves
      await waitAcceptedEverywhere(await publishWave('after-catchup-garbage'))
      await waitSameLogAsQueen(t)
    })
  })
})
