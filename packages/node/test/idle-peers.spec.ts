import assert from 'node:assert/strict'
import { createGenesis, foldGenesis, generateIdentity, type FederationState } from '@waggle/protocol'
import { idlePeers } from '../src/services/content.js'

describe('idle peers of a wave (no share of its chunks)', function () {
  const queen = generateIdentity()
  const host = generateIdentity()
  const princess = generateIdentity()
  const labHost = generateIdentity()
  const darkHost = generateIdentity()
  const { entry, federationId } = createGenesis(queen, {
    name: 'idle',
    stamp: { wallMs: Date.now(), counter: 0 },
    networks: ['default', 'lab', 'dark'],
    members: [
      { key: host.publicKey, network: 'default', role: 'host' },
      { key: princess.publicKey, network: 'lab', role: 'princess' },
      { key: labHost.publicKey, network: 'lab', role: 'host' },
      { key: darkHost.publicKey, network: 'dark', role: 'host' }
    ]
  })
  const genesisState = foldGenesis({ entry, approvals: [], federationId })
  // the dark network takes one channel only
  const state: FederationState = { ...genesisState, params: { ...genesisState.params, subscriptions: { dark: ['dark-only'] } } }

  it('leaves out the networks that do not take the channel', function () {
    assert.deepEqual([...idlePeers(state, { channel: 'cfg', princessFirst: false })], [darkHost.nodeId])
    assert.deepEqual([...idlePeers(state, { channel: 'dark-only', princessFirst: false })], [])
  })

  it('leaves out, for a princess-first wave, the hosts that wait for their princess, not the princess', function () {
    const idle = idlePeers(state, { channel: 'cfg', princessFirst: true })
    assert.deepEqual([...idle].sort(), [labHost.nodeId, darkHost.nodeId].sort())
    assert.ok(!idle.has(princess.nodeId) && !idle.has(host.nodeId) && !idle.has(queen.nodeId))
  })

  it('leaves out the members a wave that names node ids does not name, and no one for a wave that also names tags', function () {
    const named = idlePeers(state, { channel: 'cfg', princessFirst: false, targets: { tags: [], nodes: [host.nodeId, labHost.nodeId] } })
    // the queen is not named either: whoever fetches keeps her as its origin regardless
    assert.deepEqual([...named].sort(), [queen.nodeId, princess.nodeId, darkHost.nodeId].sort())
    // a tag may target anyone (tags are each node's own configuration): only the channel rules apply
    const tagged = idlePeers(state, { channel: 'cfg', princessFirst: false, targets: { tags: ['gpu'], nodes: [host.nodeId] } })
    assert.deepEqual([...tagged], [darkHost.nodeId])
    assert.deepEqual([...idlePeers(state, { channel: 'cfg', princessFirst: false, targets: { tags: [], nodes: [] } })], [darkHost.nodeId])
  })
})
