import { TopicValidatorResult } from '@libp2p/gossipsub'
import { toHex } from '@waggle/protocol'
import type { FederationLog } from './federation-log.js'
import type { PeerTrust } from './membership-gate.js'
import type { WaggleLibp2p } from './host.js'
import type { ComponentLogger } from '../logger.js'

/** The gossip topic of a federation's log operations. */
export function logTopic (federationId: Uint8Array): string {
  return `/waggle/log/1/${toHex(federationId)}`
}

/**
 * Spreads log operations on the federation's topic. The topic validator
 * admits each message (decode, signature, clock bound, authority) and maps
 * the verdict to Accept, Reject (the sender loses score) or Ignore; an
 * accepted entry is ingested at once, so it is stored before it is relayed.
 */
export class GossipService {
  readonly topic: string
  private readonly libp2p: WaggleLibp2p
  private readonly fedLog: FederationLog
  private readonly log: ComponentLogger
  private readonly trust?: PeerTrust

  constructor (components: { libp2p: WaggleLibp2p, fedLog: FederationLog, log: ComponentLogger, trust?: PeerTrust }) {
    this.libp2p = components.libp2p
    this.fedLog = components.fedLog
    this.log = components.log
    this.trust = components.trust
    this.topic = logTopic(components.fedLog.federationId)
  }

  start (): void {
    const pubsub = this.libp2p.services.pubsub
    pubsub.topicValidators.set(this.topic, (peer, msg) => {
      // a stranger (on an admin, in its join window) relays nothing
      if (this.trust != null && !this.trust.trusts(peer)) {
        this.fedLog.drop('gossip', 'not-a-member')
        return TopicValidatorResult.Reject
      }
      const admission = this.fedLog.admit(msg.data, 'gossip')
      if (!admission.ok) return admission.action === 'reject' ? TopicValidatorResult.Reject : TopicValidatorResult.Ignore
      this.fedLog.ingest([admission.entry], 'gossip').catch(err => { this.log.error('storing a gossiped entry failed', { err: String(err?.message ?? err) }) })
      return TopicValidatorResult.Accept
    })
    pubsub.subscribe(this.topic)
  }

  stop (): void {
    const pubsub = this.libp2p.services.pubsub
    pubsub.topicValidators.delete(this.topic)
    try { pubsub.unsubscribe(this.topic) } catch {}
  }

  /** Gossips an entry's envelope; returns how many peers it was sent to directly. */
  async publish (envelope: Uint8Array): Promise<number> {
    const { recipients } = await this.libp2p.services.pubsub.publish(this.topic, envelope)
    return recipients.length
  }
}
