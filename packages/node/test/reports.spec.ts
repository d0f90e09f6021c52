import assert from 'node:assert/strict'
import { generateIdentity, openReport, type WaveReport } from '@waggle/protocol'
import { ReportService } from '../src/services/reports.js'
import { silentLogging } from '../src/logger.js'
import type { WaggleLibp2p } from '../src/services/host.js'
import type { FederationLog } from '../src/services/federation-log.js'

/** Just enough of gossipsub: publish reaches `subscribers` peers, and subscriptions arrive as events. */
class FakePubsub extends EventTarget {
  subscribers = 0
  /** While set, publishes wait here until released (to finish out of order). */
  held?: Array<() => void>
  readonly published: Uint8Array[] = []
  readonly topicValidators = new Map<string, unknown>()
  subscribe (): void {}
  unsubscribe (): void {}
  async publish (_topic: string, data: Uint8Array): Promise<{ recipients: unknown[] }> {
    this.published.push(data)
    const recipients = new Array(this.subscribers).fill({})
    if (this.held != null) await new Promise<void>(resolve => { this.held?.push(resolve) })
    return { recipients }
  }

  subscribed (topic: string): void {
    this.dispatchEvent(new CustomEvent('subscription-change', { detail: { peerId: {}, subscriptions: [{ topic, subscribe: true }] } }))
  }
}

async function settle (): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, 5))
}

describe('ReportService', () => {
  const federationId = new Uint8Array(32).fill(3)
  const identity = generateIdentity()
  const base = { channel: 'site', channelVersion: 2, wave: 'ab'.repeat(32), bytes: 10, total: 10, fromPeers: 0, reason: '' }

  function service (): { reports: ReportService, pubsub: FakePubsub, opened: () => WaveReport[] } {
    const pubsub = new FakePubsub()
    const libp2p = { services: { pubsub } } as unknown as WaggleLibp2p
    const fedLog = { federationId, drop: () => {} } as unknown as FederationLog
    const reports = new ReportService({ libp2p, identity, fedLog, log: silentLogging().forComponent('reports') })
    reports.start()
    const opened = (): WaveReport[] => pubsub.published.map(b => {
      const r = openReport(b, federationId)
      assert.ok(r.ok, 'every published report opens')
      return r.value
    })
    return { reports, pubsub, opened }
  }

  it('sends a report that reached no peer again, newly stamped, when a peer subscribes', async () => {
    const { reports, pubsub, opened } = service()
    await reports.report({ ...base, state: 'applied' })
    assert.equal(pubsub.published.length, 1)
    assert.equal(reports.unsentCount, 1, 'no subscriber yet: the report waits')
    pubsub.subscribers = 1
    pubsub.subscribed('another-topic')
    await settle()
    assert.equal(pubsub.published.length, 1, 'a subscription to another topic changes nothing')
    pubsub.subscribed(reports.topic)
    await settle()
    const sent = opened()
    assert.equal(sent.length, 2)
    assert.equal(sent[1].state, 'applied')
    assert.equal(sent[1].reporter, identity.nodeId)
    assert.ok(sent[1].wallMs >= sent[0].wallMs, 'stamped anew, so gossip does not take it for the first one')
    assert.notDeepEqual(pubsub.published[1], pubsub.published[0])
    assert.equal(reports.unsentCount, 0)
    pubsub.subscribed(reports.topic)
    await settle()
    assert.equal(pubsub.published.length, 2, 'nothing is sent twice once it reached a peer')
    reports.stop()
  })

  it('sends a report again as it was when given its stamp: the same bytes, kept as they are by a peer that has them', async () => {
    const { reports, pubsub, opened } = service()
    pubsub.subscribers = 1
    await reports.report({ ...base, state: 'applied', wallMs: 1_700_000_000_000 })
    await reports.report({ ...base, state: 'applied', wallMs: 1_700_000_000_000 })
    const sent = opened()
    assert.equal(sent[0].wallMs, 1_700_000_000_000)
    assert.deepEqual(pubsub.published[1], pubsub.published[0])
    assert.equal(reports.stateOf(base.wave, identity.nodeId), 'applied')
    reports.stop()
  })

  it('keeps only the newest unsent report of a wave, and none once a later one got out', async () => {
    const { reports, pubsub, opened } = service()
    await reports.report({ ...base, state: 'fetching', bytes: 0 })
    await new Promise(resolve => setTimeout(resolve, 2))
    await reports.report({ ...base, state: 'failed', reason: 'disk full' })
    assert.equal(reports.unsentCount, 1)
    pubsub.subscribers = 2
    pubsub.subscribed(reports.topic)
    await settle()
    assert.deepEqual(opened().map(r => r.state), ['fetching', 'failed', 'failed'])
    assert.equal(reports.unsentCount, 0)
    await reports.report({ ...base, wave: 'cd'.repeat(32), state: 'applied' })
    assert.equal(reports.unsentCount, 0, 'a report that reached a peer does not wait')
    reports.stop()
  })

  it('keeps the later report when sends finish out of order, even stamped in the same millisecond', async () => {
    const { reports, pubsub, opened } = service()
    pubsub.held = []
    // both stamped in one millisecond
    const realNow = Date.now
    Date.now = () => 1_800_000_000_000
    let fetching: Promise<void>
    let applied: Promise<void>
    try {
      fetching = reports.report({ ...base, state: 'fetching', bytes: 0 })
      applied = reports.report({ ...base, state: 'applied' })
    } finally {
      Date.now = realNow
    }
    await settle()
    const [first, second] = pubsub.held
    pubsub.held = undefined
    second() // the applied report's send ends first
    await applied
    first()
    await fetching
    assert.equal(reports.unsentCount, 1)
    pubsub.subscribers = 1
    pubsub.subscribed(reports.topic)
    await settle()
    assert.deepEqual(opened().map(r => r.state), ['fetching', 'applied', 'applied'], 'the applied report is the one sent again')
    reports.stop()
  })
})
