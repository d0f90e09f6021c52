import assert from 'node:assert/strict'
import { waveStatus } from '../src/control/methods/wave-status.js'
import type { DaemonContext } from '../src/control/context.js'
import type { WaveReport } from '@waggle/protocol'

/**
 * wave.status merges each node's newest report with what the supernodes'
 * health summaries say it has applied: a summary fills in a node with no
 * report, or one whose report still says fetching or held (its applied
 * report may never have reached this node), never one that failed.
 */
describe('wave.status', () => {
  const WAVE = 'cd'.repeat(32)
  const nodes = ['node-a', 'node-b', 'node-c', 'node-d', 'node-e']
  const entry = {
    idHex: WAVE,
    stamp: { wallMs: 1_000, counter: 0 },
    body: { type: 'wave.announce', wave: { channel: 'site', version: 4, content: { module: 'swarm', size: 100 }, targetTags: [], targetNodes: [] } }
  }

  function context (reports: Array<Pick<WaveReport, 'reporter' | 'state'>>, healthApplied: Record<string, number>): DaemonContext {
    return {
      identity: { nodeId: 'node-a' },
      fedLog: {
        state: { channels: new Map([['site', { version: 4 }]]), members: new Map(nodes.map(id => [`key-${id}`, { nodeId: id }])) },
        entries: [entry],
        outcomeOf: () => ({ accepted: true })
      },
      reports: { reportsFor: (w: string) => w === WAVE ? reports.map(r => ({ channel: 'site', channelVersion: 4, wave: WAVE, bytes: 10, total: 100, fromPeers: 1, reason: '', wallMs: 2_000, ...r })) : [] },
      health: { appliedVersion: (key: string) => healthApplied[key.slice(4)] != null ? { version: healthApplied[key.slice(4)], seenMs: 3_000 } : undefined },
      libp2p: { getPeers: () => [] }
    } as unknown as DaemonContext
  }

  it('shows applied from a health summary a node with no report or a stale in-progress one, and keeps a failure', async () => {
    const ctx = context([
      { reporter: 'node-a', state: 'applied' },
      { reporter: 'node-b', state: 'fetching' },
      { reporter: 'node-c', state: 'failed' },
      { reporter: 'node-d', state: 'held' }
    ], { 'node-b': 4, 'node-c': 4, 'node-d': 3, 'node-e': 4 })
    const s = await waveStatus(ctx, { channel: 'site' })
    const byNode = Object.fromEntries(s.nodes.map(n => [n.nodeId, n]))
    assert.equal(byNode['node-a'].state, 'applied')
    assert.equal(byNode['node-a'].reason, '')
    // its fetching report is older news than the summary that says it has version 4
    assert.equal(byNode['node-b'].state, 'applied')
    assert.equal(byNode['node-b'].reason, 'known from a health summary')
    // a failure (a hook that failed after the switch) says more than "applied"
    assert.equal(byNode['node-c'].state, 'failed')
    // the summary says another version: the report stands
    assert.equal(byNode['node-d'].state, 'held')
    assert.equal(byNode['node-e'].state, 'applied')
    assert.deepEqual(s.counts, { applied: 3, fetching: 0, failed: 1, held: 1, 'not-targeted': 0, silent: 0 })
  })
})
