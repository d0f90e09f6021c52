import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { approveEntry, createGenesis, generateIdentity, HybridLogicalClock, type Identity, type LogEntry } from '@waggle/protocol'
import { FederationLog } from '../src/services/federation-log.js'
import { LogStore } from '../src/storage/log-store.js'
import { silentLogging } from '../src/logger.js'
import { rootDecide, rootParam, rootPending, rootRole, rootSign } from '../src/control/methods/root.js'
import { supernodeVolunteer, supernodeWithdraw } from '../src/control/methods/supernode.js'
import type { DaemonContext } from '../src/control/context.js'

/** Two of three roots must approve; a host that volunteers. */
describe('root and supernode control methods', () => {
  const r1 = generateIdentity()
  const r2 = generateIdentity()
  const r3 = generateIdentity()
  const host = generateIdentity()
  const clock = new HybridLogicalClock()
  const { entry: genesis, federationId } = createGenesis(r1, {
    name: 'roots',
    roots: [r1.publicKey, r2.publicKey, r3.publicKey],
    rootThreshold: 2,
    members: [{ key: host.publicKey, network: 'default', role: 'host' }],
    stamp: clock.now()
  })
  const seal = approveEntry(r2, federationId, genesis, clock.now())
  let dir: string
  const logs: FederationLog[] = []
  const stores: LogStore[] = []

  /** A node's control context: its own log over the shared genesis, gossip a no-op. */
  async function node (identity: Identity): Promise<DaemonContext> {
    const store = new LogStore(join(dir, `db-${logs.length}`))
    await store.open()
    stores.push(store)
    const fedLog = new FederationLog({ identity, store, genesis, genesisApprovals: [seal], federationId, log: silentLogging().forComponent('log') })
    await fedLog.start()
    logs.push(fedLog)
    return { identity, fedLog, gossip: { publish: async () => 0 } } as unknown as DaemonContext
  }

  /** Hands every entry of one node's log to another, as gossip would. */
  async function sync (from: DaemonContext, to: DaemonContext): Promise<void> {
    const fresh: LogEntry[] = from.fedLog.entries.filter(e => !to.fedLog.has(e.idHex))
    await to.fedLog.ingest(fresh, 'gossip')
  }

  before(() => { dir = mkdtempSync(join(tmpdir(), 'waggle-root-')) })
  after(async () => {
    for (const s of stores) await s.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('holds a root-level operation until a second root signs it, then applies it', async () => {
    const a = await node(r1)
    const b = await node(r2)
    const proposed = await rootParam(a, { name: 'min-supernodes', value: '3' })
    assert.equal(proposed.outcome, 'pending approval')
    assert.deepEqual(proposed.approvals, { have: 1, need: 2 })
    await sync(a, b)
    const listed = await rootPending(b, {})
    assert.equal(listed.root, true)
    assert.equal(listed.pending.length, 1)
    assert.equal(listed.pending[0].approvedByMe, false)
    await assert.rejects(rootSign(a, { entry: proposed.entryId }), /already approved/)
    const signed = await rootSign(b, { entry: proposed.entryId.slice(0, 10) })
    assert.equal(signed.outcome, 'accepted')
    assert.equal(signed.approved, proposed.entryId)
    assert.equal(b.fedLog.state.params.minSupernodes, 3)
    await assert.rejects(rootSign(b, { entry: proposed.entryId }), /no pending operation has id/)
  })

  it('turns a volunteer into a supernode through a decision two roots approve, and refuses non-roots', async () => {
    const a = await node(r1)
    const c = await node(r3)
    const h = await node(host)
    const offer = await supernodeVolunteer(h, { note: 'big disk' })
    assert.equal(offer.outcome, 'accepted')
    await assert.rejects(supernodeWithdraw(h, {}), /nothing to withdraw/)
    await assert.rejects(rootDecide(h, { request: offer.entryId, approve: true }), /is not a root admin/)
    await sync(h, a)
    const listed = await rootPending(a, {})
    assert.equal(listed.volunteers[0]?.note, 'big disk')
    const decision = await rootDecide(a, { request: offer.entryId, approve: true })
    assert.equal(decision.outcome, 'pending approval')
    await sync(a, c)
    assert.equal((await rootPending(c, {})).volunteers[0]?.decision, decision.entryId)
    const signed = await rootSign(c, { entry: decision.entryId })
    assert.equal(signed.outcome, 'accepted')
    assert.equal(c.fedLog.state.members.get(Buffer.from(host.publicKey).toString('hex'))?.role, 'supernode')
  })

  it('says clearly what is wrong with a role change', async () => {
    const a = await node(r1)
    await assert.rejects(rootRole(a, { grant: true, role: 'emperor', node: host.nodeId }), /not a role/)
    await assert.rejects(rootRole(a, { grant: true, role: 'supernode', node: 'not-a-node-id' }), /is not a node id/)
    await assert.rejects(rootRole(a, { grant: false, role: 'standby', node: host.nodeId }), /is not a standby/)
    await assert.rejects(rootRole(a, { grant: false, role: 'supernode', node: generateIdentity().nodeId }), /is not a member/)
    await assert.rejects(rootRole(a, { grant: true, role: 'supernode', node: generateIdentity().nodeId }), /say which --network/)
    await assert.rejects(rootRole(a, { grant: true, role: 'supernode', node: host.nodeId, channels: ['site'] }), /queen role only/)
    await assert.rejects(rootRole(a, { grant: true, role: 'standby', node: host.nodeId, network: 'mars' }), /not one of the federation's networks/)
    const granted = await rootRole(a, { grant: true, role: 'queen', node: host.nodeId, channels: ['site'] })
    assert.equal(granted.outcome, 'pending approval')
  })
})
