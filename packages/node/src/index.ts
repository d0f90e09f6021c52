/**
 * @packageDocumentation
 *
 * The waggle daemon and CLI: a libp2p host (TCP, Noise, yamux, identify,
 * gossipsub) carrying the federation's signed log, a level store, catch-up
 * between peers, and a local control API on a Unix socket.
 *
 * @example
 * ```ts
 * import { loadConfig, startDaemon } from '@waggle/node'
 *
 * const daemon = await startDaemon({ config: loadConfig({ dataDir: '/var/lib/waggle' }) })
 * await daemon.stopped
 * ```
 */
export { startDaemon, type Daemon, type StartDaemonOptions } from './daemon.js'
export { loadConfig, defaultConfigText, CONFIG_KEYS, type WaggleConfig, type ConfigFlags, type LoadConfigOptions } from './config/config.js'
export { callDaemon } from './control/client.js'
export type * from './control/protocol.js'
export { dataDirPaths, initDataDir, readGenesis, readIdentity, writeGenesis, parseGenesis, type DataDir } from './storage/data-dir.js'
export { LogStore, type StoredEntry } from './storage/log-store.js'
export { createLogging, silentLogging, type Logging, type ComponentLogger, type LogLevel } from './logger.js'
export { CATCHUP_PROTOCOL } from './services/catchup.js'
export { CHUNKS_PROTOCOL } from './services/chunks.js'
export { JOIN_PROTOCOL, JOIN_STATUS, MAX_JOIN_FRAME_BYTES } from './services/join.js'
export { requestLimiter, type RequestLimiter, type RequestLimiterInit } from './services/request-limiter.js'
export { reportsTopic } from './services/reports.js'
export { healthTopic, HEALTH_PROTOCOL, type MemberRow } from './services/health.js'
export { logTopic } from './services/gossip.js'
export { SignatureChecker, type SignatureCheckerInit } from './services/signature-checker.js'
export { createHost, type WaggleLibp2p, type HostInit } from './services/host.js'
export { ConfigError, UsageError, DataDirError, ControlError, JoinError } from './errors.js'
export { DAEMON_NODE_FLAGS, DEFAULT_PORT } from './constants.js'
export { main, buildProgram } from './cli/index.js'
export { freePort, LocalFleet, waitFor, WAGGLE_BIN, type FleetNode, type LocalFleetOptions } from './fleet/local-fleet.js'
