import { createHash } from 'node:crypto'
import { createLibp2p, type Libp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify, type Identify } from '@libp2p/identify'
import { gossipsub, StrictNoSign, type GossipSub } from '@libp2p/gossipsub'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { MAX_ENVELOPE_BYTES, type Identity } from '@waggle/protocol'
import type { MembershipGate } from './membership-gate.js'

export type WaggleLibp2p = Libp2p<{ identify: Identify, pubsub: GossipSub }>

export interface HostInit {
  identity: Identity
  listen: readonly string[]
  announce: readonly string[]
  /** Who may connect and use which protocol; none: anyone (a test's raw peer). */
  gate?: MembershipGate
}

/**
 * The libp2p host: TCP, Noise, yamux, identify and gossipsub. The node's
 * Ed25519 key is its libp2p key, so its PeerId is its node id. Gossipsub's
 * own signing is off: every message is a waggle envelope, which is the
 * authentication, and the message id is the SHA-256 of its bytes. With a
 * gate, only the federation's members get in (see MembershipGate).
 */
export async function createHost (init: HostInit): Promise<WaggleLibp2p> {
  const privateKey = await generateKeyPairFromSeed('Ed25519', init.identity.seed)
  const gate = init.gate
  const libp2p = await createLibp2p({
    start: false,
    privateKey,
    addresses: { listen: [...init.listen], announce: [...init.announce] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: { reconnectRetries: 10, reconnectRetryInterval: 250, reconnectBackoffFactor: 1.5 },
    connectionGater: gate?.gater,
    services: {
      identify: identify(),
      pubsub: gossipsub({
        globalSignaturePolicy: StrictNoSign,
        msgIdFn: (msg) => new Uint8Array(createHash('sha256').update(msg.data).digest()),
        emitSelf: false,
        // flood publishing reaches every known subscriber before the mesh forms
        floodPublish: true,
        // a publish encodes its RPC once for every recipient, not once per peer: a queen's
        // wave goes to all its peers in one burst, and each send it spends CPU on is one
        // more moment for the peers it has already woken to take the CPU from it
        batchPublish: true,
        allowPublishToZeroTopicPeers: true,
        ignoreDuplicatePublishError: true,
        // an envelope plus RPC framing; larger frames are dropped unread
        maxInboundDataLength: MAX_ENVELOPE_BYTES * 4,
        // Gossipsub penalises many peers on one IP (a Sybil defence). In a
        // federation every peer is authenticated, and a site behind one NAT
        // (or a test fleet on loopback) shares an address: past 10 peers the
        // penalty graylisted them all and waves stopped spreading.
        scoreParams: { IPColocationFactorWeight: 0, ...(gate != null ? { appSpecificScore: gate.appSpecificScore } : {}) }
      })
    }
  })
  gate?.guardHandlers(libp2p)
  return libp2p
}
