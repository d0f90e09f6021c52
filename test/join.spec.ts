import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { JOIN_STATUS, LocalFleet, loadConfig, waitFor, type LogEntryView } from '@waggle/node'
import {
  CatchupRequest, decodeKeyFile, fromHex, generateIdentity, inviteToText, JoinRequest, PROTOCOL_VERSION, sealInvite, sealJoinRequest, toHex,
  type Identity
} from '@waggle/protocol'
import { ended, runWaggle, waggle } from './helpers/cli.js'
import { RoguePeer } from './helpers/rogue-peer.js'

/**
 * Joining and gating, with real daemons: only members get in; a host joins
 * with an invite or an admin's approval (on any supernode), through the
 * `waggle join` and `waggle admin` commands; a revoked node is cut off.
 */
describe('joining a federation', function () {
  const SIZE = 7
  /** Nodes 0 and 1 are supernodes, 2 and 3 hosts; 4, 5 and 6 are outside the genesis and must join. */
  const [SN0, SN1, HOST, DOOMED, BY_INVITE, BY_APPROVAL, DENIED] = [0, 1, 2, 3, 4, 5, 6]
  let root: string
  let fleet: LocalFleet
  let federationId: Uint8Array
  let queen: Identity
  const rogues: RoguePeer[] = []

  const name = (i: number): string => fleet.nodes[i].name
  const dirOf = (i: number): string => fleet.nodes[i].dir.root
  const addr = (i: number): string => fleet.nodes[i].multiaddr
  const id = (i: number): string => fleet.nodes[i].nodeId
  const isRunning = (i: number): boolean => {
    const p = fleet.nodes[i].process
    return p != null && p.exitCode == null && p.signalCode == null
  }
  const running = (): number[] => fleet.nodes.map(n => n.index).filter(isRunning)
  const stderrTail = (i: number): string => `\n--- ${name(i)} stderr (tail) ---\n${fleet.nodes[i].stderr.slice(-3000)}`

  const run = runWaggle

  async function dropped (i: number): Promise<Record<string, number>> {
    return (await fleet.call(i, 'status', {})).dropped
  }

  async function waitDrop (i: number, key: string, atLeast: number): Promise<number> {
    let seen: Record<string, number> = {}
    try {
      return await waitFor(`${name(i)}: dropped["${key}"] >= ${atLeast}`, async () => {
        seen = await dropped(i)
        return (seen[key] ?? 0) >= atLeast ? seen[key] : undefined
      }, { timeoutMs: 30_000, everyMs: 200 })
    } catch (err) {
      throw new Error(`${String((err as Error).message)}\ncounters: ${JSON.stringify(seen)}${stderrTail(i)}`)
    }
  }

  async function peersOf (i: number): Promise<string[]> {
    return (await fleet.call(i, 'peers', {})).peers.map(p => p.nodeId)
  }

  async function pendingOn (i: number): Promise<string[]> {
    return (await fleet.call(i, 'admin.requests', {})).requests.map(r => r.nodeId)
  }

  async function logOf (i: number): Promise<LogEntryView[]> {
    return (await fleet.call(i, 'log', {})).entries
  }

  /** A join request frame as `waggle join` sends it, signed by `who`. */
  function requestFrame (who: Identity, over: { invite?: Uint8Array, wallMs?: number } = {}): Uint8Array {
    const request = sealJoinRequest(who, federationId, { network: 'default', hostname: 'raw-peer', invite: over.invite, wallMs: over.wallMs ?? Date.now() })
    return JoinRequest.encode({ version: PROTOCOL_VERSION, request: new Uint8Array(request) })
  }

  before(async function () {
    root = join(tmpdir(), `waggle-join-it-${randomBytes(4).toString('hex')}`)
    fleet = await LocalFleet.create({ size: SIZE, root, name: 'joins', supernodes: [SN0, SN1], outsiders: [BY_INVITE, BY_APPROVAL, DENIED] })
    federationId = fromHex(fleet.federationId)
    queen = decodeKeyFile(readFileSync(fleet.queen.dir.key, 'utf8'))
    for (const i of [SN0, SN1, HOST, DOOMED]) await fleet.start(i)
    await fleet.waitForPeers({ nodes: [SN0, SN1, HOST, DOOMED] })
  })

  after(async function () {
    for (const r of rogues) await r.stop().catch(() => {})
    await fleet?.stopAll()
    if (root != null) rmSync(root, { recursive: true, force: true })
  })

  it('refuses an outsider at the connection on a member that is no supernode', async function () {
    // the outsider's own key, on a raw peer: its daemon would be refused the same way
    const outsider = await RoguePeer.start({ federationId, identity: decodeKeyFile(readFileSync(fleet.nodes[BY_INVITE].dir.key, 'utf8')) })
    try {
      const base = (await dropped(HOST))['gater.inbound-not-a-member'] ?? 0
      // the dialler may count its side done before the member's refusal reaches it (the muxer is named in the
      // Noise handshake): whichever, it gets no stream, and the connection is gone at once
      await outsider.libp2p.dial(multiaddr(addr(HOST)), { signal: AbortSignal.timeout(20_000) }).catch(() => {})
      await assert.rejects(outsider.pullFrom(addr(HOST), CatchupRequest.encode({ version: PROTOCOL_VERSION, federation: new Uint8Array(federationId), buckets: [] })))
      await waitDrop(HOST, 'gater.inbound-not-a-member', base + 1)
      await waitFor('the refused connection to close', () => outsider.libp2p.getConnections(peerIdFromString(id(HOST))).length === 0 ? true : undefined, { timeoutMs: 10_000, everyMs: 50 })
      assert.ok(!(await peersOf(HOST)).includes(outsider.identity.nodeId), `${name(HOST)} lists the outsider as a peer`)
    } finally {
      await outsider.stop()
    }
  })

  it('lets a stranger open only the join protocol on a supernode, and hangs up on it after its join window', async function () {
    const stranger = await RoguePeer.start({ federationId })
    rogues.push(stranger)
    const base = await dropped(SN0)
    await stranger.libp2p.dial(multiaddr(addr(SN0)), { signal: AbortSignal.timeout(20_000) })
    await assert.rejects(stranger.pullFrom(addr(SN0), CatchupRequest.encode({ version: PROTOCOL_VERSION, federation: new Uint8Array(federationId), buckets: [] })))
    await waitDrop(SN0, 'gater.stream-not-a-member', (base['gater.stream-not-a-member'] ?? 0) + 1)
    await waitFor(`${name(SN0)} to hang up on the stranger`, () => stranger.libp2p.getConnections(peerIdFromString(id(SN0))).length === 0 ? true : undefined, { timeoutMs: 30_000, everyMs: 100 })
    await waitDrop(SN0, 'gater.join-window-over', (base['gater.join-window-over'] ?? 0) + 1)
  })

  it('admits a host that brings an invite, which then receives waves', async function () {
    const invited = await run(['--data-dir', dirOf(SN0), 'admin', 'invite', '--expires', '1h', '--json'])
    assert.equal(invited.code, 0, invited.stderr)
    const invite = JSON.parse(invited.stdout)
    assert.equal(invite.network, 'default')
    assert.equal(invite.federationId, fleet.federationId)
    const joined = await run(['--data-dir', dirOf(BY_INVITE), 'join', '--via', addr(SN0), '--invite', invite.invite, '--json'])
    assert.equal(joined.code, 0, joined.stderr)
    const result = JSON.parse(joined.stdout)
    assert.equal(result.status, 'admitted')
    assert.equal(result.federationId, fleet.federationId)
    assert.equal(result.checked, true, 'the invite names the federation: the genesis must have been checked against it')
    assert.ok(loadConfig({ dataDir: dirOf(BY_INVITE), env: {} }).bootstrap.includes(addr(SN0)))
    // the admission is in the log, by invite
    const admission = (await logOf(SN0)).find(e => e.type === 'join.decision' && e.summary.includes(id(BY_INVITE)))
    assert.equal(admission?.outcome, 'accepted')
    assert.match(admission?.summary ?? '', /\(invite\)/)

    await fleet.start(BY_INVITE)
    await fleet.waitForPeers({ nodes: [BY_INVITE] })
    const file = join(root, 'wave.txt')
    writeFileSync(file, randomBytes(64))
    const wave = await fleet.call(SN0, 'wave.publish', { channel: 'after-join', path: file, module: 'file' })
    const seen = await waitFor(`${name(BY_INVITE)} to hold the wave`, async () => (await fleet.call(BY_INVITE, 'log', { channel: 'after-join' })).entries.find(e => e.id === wave.entryId), { timeoutMs: 60_000, everyMs: 200 })
    assert.equal(seen.outcome, 'accepted', stderrTail(BY_INVITE))

    // a second host with the same invite is refused, by the other supernode too, and nothing is written
    await waitFor(`${name(SN1)} to hold the admission`, async () => (await logOf(SN1)).some(e => e.id === admission?.id) ? true : undefined, { timeoutMs: 30_000, everyMs: 200 })
    rmSync(fleet.nodes[BY_APPROVAL].dir.genesis)
    const reused = await run(['--data-dir', dirOf(BY_APPROVAL), 'join', '--via', addr(SN1), '--invite', invite.invite])
    assert.equal(reused.code, 1, reused.stdout + reused.stderr)
    assert.match(reused.stderr, /refused: invite [0-9a-f]+ was already used/)
    assert.equal(existsSync(fleet.nodes[BY_APPROVAL].dir.genesis), false, 'a refused join wrote a genesis')
    // the supernode keeps the request, saying why the invite failed, so an admin may still approve it
    const kept = (await fleet.call(SN1, 'admin.requests', {})).requests.find(r => r.nodeId === id(BY_APPROVAL))
    assert.match(kept?.invite ?? '', /already used/)
  })

  it('refuses an expired invite, a stale request and one signed by another key, saying why', async function () {
    const expired = sealInvite(queen, federationId, { network: 'default', expiresMs: Date.now() - 60_000 })
    // the command sees the expiry itself
    const cli = await run(['--data-dir', dirOf(DENIED), 'join', '--via', addr(SN0), '--invite', inviteToText(expired)])
    assert.equal(cli.code, 1, cli.stderr)
    assert.match(cli.stderr, /refused: the invite expired/)
    // and the supernode refuses it from a client that does not
    const stranger = await RoguePeer.start({ federationId })
    rogues.push(stranger)
    const answers = {
      expired: await stranger.join(addr(SN0), requestFrame(stranger.identity, { invite: expired })),
      stale: await stranger.join(addr(SN0), requestFrame(stranger.identity, { wallMs: Date.now() - 10 * 60_000 })),
      relayed: await stranger.join(addr(SN0), requestFrame(generateIdentity()))
    }
    for (const a of Object.values(answers)) {
      assert.equal(a.status, JOIN_STATUS.refused)
      assert.equal(toHex(a.federation), fleet.federationId)
      assert.equal(a.genesis.byteLength, 0)
    }
    assert.match(answers.expired.reason, /expired/)
    assert.match(answers.stale.reason, /behind this node's clock/)
    assert.match(answers.relayed.reason, /signed by another node/)
  })

  it('keeps a join request without invite as pending through a restart, and answers denied once an admin denies it', async function () {
    const asking = waggle(['--data-dir', dirOf(DENIED), 'join', '--via', addr(SN0), '--wait', '5m'])
    const request = await waitFor(`${name(SN0)} to list ${name(DENIED)}'s request`, async () => (await fleet.call(SN0, 'admin.requests', {})).requests.find(r => r.nodeId === id(DENIED)), { timeoutMs: 60_000, everyMs: 200 })
    assert.equal(request.network, 'default')
    assert.equal(request.hostname, hostname())
    assert.equal(request.address, '127.0.0.1')
    assert.equal(request.invite, null)
    const listed = await run(['--data-dir', dirOf(SN0), 'admin', 'requests'])
    assert.match(listed.stdout, new RegExp(`${id(DENIED)}\\s+network default`))
    // Ctrl-C stops the host's command cleanly; the request stays
    asking.signal('SIGINT')
    const stopped = await ended(asking, 'an interrupted join')
    assert.equal(stopped.code, 1, stopped.stderr)
    assert.match(stopped.stderr, /stays pending/)
    // through a restart of the supernode
    assert.equal(await fleet.stop(SN0), 0)
    await fleet.start(SN0)
    assert.ok((await pendingOn(SN0)).includes(id(DENIED)), `${name(SN0)} forgot the pending request across a restart${stderrTail(SN0)}`)
    await fleet.waitForPeers({ nodes: [SN0] })

    const again = waggle(['--data-dir', dirOf(DENIED), 'join', '--via', addr(SN0), '--wait', '5m'])
    const denied = await run(['--data-dir', dirOf(SN0), 'admin', 'deny', id(DENIED), '--reason', 'not in the inventory'])
    assert.equal(denied.code, 0, denied.stderr)
    assert.match(denied.stdout, /denies/)
    const answer = await ended(again, 'a join that is denied')
    assert.equal(answer.code, 1, answer.stderr)
    assert.match(answer.stderr, /denied: not in the inventory/)
    assert.ok(!(await pendingOn(SN0)).includes(id(DENIED)))
  })

  it('admits a host that asked one supernode once another approves it', async function () {
    // no invite, no genesis, no --federation: the host learns the federation from the supernode
    assert.equal(existsSync(fleet.nodes[BY_APPROVAL].dir.genesis), false)
    const asking = waggle(['--data-dir', dirOf(BY_APPROVAL), 'join', '--via', addr(SN1), '--wait', '5m', '--json'])
    await waitFor(`${name(SN1)} to hold a fresh request of ${name(BY_APPROVAL)}`, async () => {
      const r = (await fleet.call(SN1, 'admin.requests', {})).requests.find(q => q.nodeId === id(BY_APPROVAL))
      return r != null && r.invite === null ? r : undefined
    }, { timeoutMs: 60_000, everyMs: 200 })
    // the other supernode never saw the request: it needs the network
    const blind = await run(['--data-dir', dirOf(SN0), 'admin', 'approve', id(BY_APPROVAL)])
    assert.equal(blind.code, 1)
    assert.match(blind.stderr, /no join request from .* reached this node; .*--network/)
    const approved = await run(['--data-dir', dirOf(SN0), 'admin', 'approve', id(BY_APPROVAL), '--network', 'default', '--json'])
    assert.equal(approved.code, 0, approved.stderr)
    assert.match(JSON.parse(approved.stdout).summary, /admits/)
    const joined = await ended(asking, 'a join approved elsewhere')
    assert.equal(joined.code, 0, joined.stderr)
    const result = JSON.parse(joined.stdout)
    assert.equal(result.federationId, fleet.federationId)
    assert.equal(result.checked, false)
    assert.ok(existsSync(fleet.nodes[BY_APPROVAL].dir.genesis))
    await waitFor(`${name(SN1)} to drop the decided request`, async () => !(await pendingOn(SN1)).includes(id(BY_APPROVAL)) ? true : undefined, { timeoutMs: 30_000, everyMs: 200 })
  })

  it('explains what an admin command cannot do', async function () {
    const errorOf = async (i: number, method: 'admin.approve' | 'admin.revoke' | 'admin.invite', params: any): Promise<string> => {
      try {
        await fleet.call(i, method, params)
      } catch (err: any) {
        return String(err.message)
      }
      return 'no error'
    }
    assert.match(await errorOf(HOST, 'admin.invite', {}), /is not an admin/)
    assert.match(await errorOf(SN0, 'admin.approve', { nodeId: id(HOST) }), /already a member/)
    assert.match(await errorOf(SN0, 'admin.approve', { nodeId: 'not-a-node' }), /is not a node id/)
    assert.match(await errorOf(SN0, 'admin.approve', { nodeId: generateIdentity().nodeId, network: 'mars' }), /network "mars" is not one of the federation's \(default\)/)
    assert.match(await errorOf(SN1, 'admin.revoke', { nodeId: id(SN0) }), /root admin/)
    assert.match(await errorOf(SN0, 'admin.revoke', { nodeId: generateIdentity().nodeId }), /is not a member/)
    const cli = await run(['--data-dir', dirOf(HOST), 'admin', 'requests'])
    assert.equal(cli.code, 1)
    assert.match(cli.stderr, /^waggle: this node .* is not an admin/)
  })

  it('disconnects a revoked node on every node within seconds, and keeps it out', async function () {
    const revoked = await run(['--data-dir', dirOf(SN0), 'admin', 'revoke', id(DOOMED), '--reason', 'decommissioned', '--json'])
    assert.equal(revoked.code, 0, revoked.stderr)
    const others = running().filter(i => i !== DOOMED)
    await Promise.all(others.map(async i => {
      await waitFor(`${name(i)} to hang up on ${name(DOOMED)}`, async () => !(await peersOf(i)).includes(id(DOOMED)) ? true : undefined, { timeoutMs: 15_000, everyMs: 100 })
    }))
    await waitFor(`${name(DOOMED)} to have no peer left`, async () => (await fleet.call(DOOMED, 'status', {})).peers === 0 ? true : undefined, { timeoutMs: 15_000, everyMs: 100 })
    // it keeps re-dialling its bootstrap peer, which refuses it each time
    const base = (await dropped(SN0))['gater.inbound-revoked'] ?? 0
    await waitDrop(SN0, 'gater.inbound-revoked', base + 2)
    assert.equal((await fleet.call(DOOMED, 'status', {})).peers, 0, stderrTail(DOOMED))
    for (const i of others) assert.ok(!(await peersOf(i)).includes(id(DOOMED)), `${name(i)} let ${name(DOOMED)} back in`)
  })
})

describe('join requests beyond the rate limit', function () {
  let root: string
  let fleet: LocalFleet
  const rogues: RoguePeer[] = []

  before(async function () {
    root = join(tmpdir(), `waggle-join-rate-${randomBytes(4).toString('hex')}`)
    mkdirSync(root, { recursive: true })
    fleet = await LocalFleet.create({ size: 1, root, name: 'join-rate', env: { WAGGLE_JOIN_REQUESTS_PER_MINUTE_PER_IP: '2' } })
    await fleet.start(0)
  })

  after(async function () {
    for (const r of rogues) await r.stop().catch(() => {})
    await fleet?.stopAll()
    rmSync(root, { recursive: true, force: true })
  })

  it('drops requests past the per-IP rate unanswered, and counts them', async function () {
    const federationId = fromHex(fleet.federationId)
    const stranger = await RoguePeer.start({ federationId })
    rogues.push(stranger)
    const frame = (): Uint8Array => JoinRequest.encode({
      version: PROTOCOL_VERSION,
      request: new Uint8Array(sealJoinRequest(stranger.identity, federationId, { network: 'default', hostname: 'flood', wallMs: Date.now() }))
    })
    const startedAt = Date.now()
    let answered = 0
    let dropped = 0
    for (let i = 0; i < 5; i++) {
      try {
        const a = await stranger.join(fleet.queen.multiaddr, frame())
        assert.equal(a.status, JOIN_STATUS.pending, a.reason)
        answered++
      } catch {
        dropped++
      }
    }
    const elapsedMs = Date.now() - startedAt
    // two a minute: the bucket holds two, and refills one every 30 s
    assert.ok(answered >= 2, `only ${answered} of the first requests were answered`)
    assert.ok(answered <= 2 + Math.floor(elapsedMs / 30_000), `${answered} requests answered in ${elapsedMs} ms at 2 a minute`)
    const counted = await waitFor('the node to count every dropped request', async () => {
      const n = (await fleet.call(0, 'status', {})).dropped['join.rate-limited-ip'] ?? 0
      return n >= dropped ? n : undefined
    }, { timeoutMs: 30_000, everyMs: 200 })
    assert.equal(counted, dropped)
    assert.ok((await fleet.call(0, 'admin.requests', {})).requests.some(r => r.nodeId === stranger.identity.nodeId))
  })
})
