/**
 * @packageDocumentation
 *
 * waggle's protocol core, shared by every node: identities (Ed25519 keys
 * whose id is the libp2p PeerId), signed envelopes, the wire codecs, the
 * hybrid logical clock, the log's total order, the pure reducer that folds
 * the log into federation state, pre-validation and catch-up summaries.
 * Pure code: no sockets, no timers, no disk.
 *
 * @example
 * ```ts
 * import { generateIdentity, createGenesis, createEntry, OrderedLog, HybridLogicalClock } from '@waggle/protocol'
 *
 * const queen = generateIdentity()
 * const clock = new HybridLogicalClock()
 * const { entry: genesis, federationId } = createGenesis(queen, { name: 'lab', stamp: clock.now() })
 * const log = new OrderedLog(federationId)
 * log.insert(genesis)
 * log.insert(createEntry(queen, federationId, clock.now(), {
 *   type: 'wave.announce',
 *   wave: { channel: 'site-config', version: 1, expiresMs: 0, content: { module: 'file', size: 3, sha256, name: 'a.txt' } }
 * }))
 * log.state.channels.get('site-config')?.version // 1
 * ```
 */
export * from './constants.js'
export * from './errors.js'
export * from './bytes.js'
export * from './identity.js'
export * from './envelope.js'
export * from './hlc.js'
export * from './order.js'
export * from './operation.js'
export * from './genesis.js'
export * from './reducer.js'
export * from './log.js'
export * from './validate.js'
export * from './catchup.js'
export * from './bundle.js'
export * from './report.js'
export * from './membership.js'
export * from './assignment.js'
export * from './health.js'
export * from './chunk-wire.js'
export { Envelope, Operation, CatchupRequest, CatchupResponse, TreeManifest, TreeEntry, ChunkRequest, ChunkResponse, Report, Invite, JoinRequest, JoinRequestBody, JoinResponse, GenesisFile, HealthRequest, HealthReport, HealthSummary, MemberHealth } from './messages.js'
