import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { dataDirPaths, lockDataDir, readGenesis, readIdentity } from './storage/data-dir.js'
import { LogStore } from './storage/log-store.js'
import { FederationLog } from './services/federation-log.js'
import { createHost, type WaggleLibp2p } from './services/host.js'
import { GossipService } from './services/gossip.js'
import { CatchupService } from './services/catchup.js'
import { PeeringService } from './services/peering.js'
import { BundleService } from './services/bundles.js'
import { ChunkService } from './services/chunks.js'
import { ContentService } from './services/content.js'
import { HeapTrimmer } from './services/heap-trimmer.js'
import { TRIM_AFTER_CONTENT_BYTES, TRIM_AFTER_ENTRIES } from './constants.js'
import { ReportService } from './services/reports.js'
import { loadModules } from './services/module-loader.js'
import { HealthService } from './services/health.js'
import { MetricsService } from './services/metrics.js'
import { HttpServer } from './http/server.js'
import { parseHostPort } from './config/config.js'
import { MembershipGate } from './services/membership-gate.js'
import { JoinService } from './services/join.js'
import { JoinRequestStore } from './storage/join-requests.js'
import { defaultModules, fsChunkStore } from '@waggle/sync-modules'
import { ControlServer } from './control/server.js'
import { METHODS } from './control/methods/index.js'
import { createLogging, type Logging } from './logger.js'
import { DataDirError } from './errors.js'
import { SignatureChecker } from './services/signature-checker.js'
import type { WaggleConfig } from './config/config.js'
import type { DaemonContext } from './control/context.js'
import type { Identity } from '@waggle/protocol'

/** A running node. */
export interface Daemon {
  readonly identity: Identity
  readonly config: WaggleConfig
  readonly libp2p: WaggleLibp2p
  readonly fedLog: FederationLog
  readonly gossip: GossipService
  readonly catchup: CatchupService
  /** Resolves when the daemon has stopped (by stop(), a signal or the control API). */
  readonly stopped: Promise<void>
  stop: () => Promise<void>
}

export interface StartDaemonOptions {
  config: WaggleConfig
  logging?: Logging
}

/**
 * Starts a node on its data dir: takes the daemon lock (a second daemon on
 * the same data dir refuses to start), loads the identity, the genesis and
 * the stored log, starts libp2p, gossip, catch-up, peering and the control
 * socket. Anything that fails at start is undone before the error is thrown.
 */
export async function startDaemon (opts: StartDaemonOptions): Promise<Daemon> {
  const { config } = opts
  const logging = opts.logging ?? createLogging(config.logLevel)
  const log = logging.forComponent('daemon')
  const dir = dataDirPaths(config.dataDir)
  const identity = readIdentity(dir)
  const genesis = readGenesis(dir)
  const unlock = lockDataDir(dir)
  const undo: Array<() => Promise<void> | void> = [unlock]
  const rollback = async (): Promise<void> => {
    for (const fn of undo.reverse()) { try { await fn() } catch {} }
  }
  try {
    const store = new LogStore(dir.db)
    try {
      await store.open()
    } catch (err: any) {
      throw new DataDirError(`${dir.db}: the log store cannot be opened: ${String(err?.cause?.message ?? err?.message ?? err)}`)
    }
    undo.push(async () => { await store.close() })

    const checker = new SignatureChecker({ workers: config.verifyWorkers })
    undo.push(async () => { await checker.close() })
    const fedLog = new FederationLog({ identity, store, genesis: genesis.entry, genesisApprovals: genesis.approvals, federationId: genesis.federationId, log: logging.forComponent('log'), checker })
    await fedLog.start()

    // only members get in; the gate reads the log, so it exists before the host
    const gate = new MembershipGate({ identity, fedLog, log: logging.forComponent('gate') }, { bootstrap: config.bootstrap, isolated: config.isolated })
    const libp2p = await createHost({ identity, listen: config.listen, announce: config.announce, gate })
    undo.push(async () => { await libp2p.stop() })
    const gossip = new GossipService({ libp2p, fedLog, log: logging.forComponent('gossip'), trust: gate })
    const catchup = new CatchupService({ libp2p, fedLog, log: logging.forComponent('catchup'), trust: gate }, { intervalMs: config.catchupIntervalMs })
    const peering = new PeeringService({ libp2p, log: logging.forComponent('peering') }, { bootstrap: config.bootstrap, redialIntervalMs: config.redialIntervalMs })

    const chunkStore = fsChunkStore(dir.chunks)
    // rsync and git copy into a work dir: the data dir's, not a small /tmp
    const modules = defaultModules({ rsync: { workDir: join(dir.root, 'work') }, git: { workDir: join(dir.root, 'work') } })
    await loadModules(modules, config.modules)
    const chunks = new ChunkService(
      { libp2p, store: chunkStore, log: logging.forComponent('chunks'), drop: (source, reason) => { fedLog.drop(source, reason) }, trust: gate },
      { uploadKibps: config.uploadKibps, downloadKibps: config.downloadKibps }
    )
    const reports = new ReportService({ libp2p, identity, fedLog, log: logging.forComponent('reports'), trust: gate })
    const joinRequests = new JoinRequestStore(store.table('join-requests'))
    await joinRequests.load()
    const joins = new JoinService(
      { libp2p, identity, fedLog, gossip, gate, requests: joinRequests, genesisFile: () => readFileSync(dir.genesis), caughtUp: () => catchup.caughtUp, log: logging.forComponent('join') },
      { perIpPerMinute: config.joinRequestsPerMinutePerIp, perMinute: config.joinRequestsPerMinute }
    )
    const later: { health?: HealthService } = {}
    const content = new ContentService({
      identity,
      fedLog,
      store,
      chunkStore,
      chunks,
      reports,
      gossip,
      channelsDir: dir.channels,
      dataDir: dir.root,
      minFreeDiskMib: config.minFreeDiskMib,
      channelConfig: (channel) => config.channels[channel],
      tags: config.tags,
      modules,
      // the health service comes later (it reports what content applied)
      appliedBy: (key, channel) => later.health?.appliedVersion(key, channel)?.version,
      log: logging.forComponent('content')
    })

    await libp2p.start()
    gate.start(libp2p)
    undo.push(() => { gate.stop() })
    gossip.start()
    reports.start()
    await chunks.start()
    await catchup.start()
    await peering.start()
    await joins.start()
    undo.push(async () => { await joins.stop() })
    undo.push(() => { peering.stop() }, async () => { await catchup.stop() }, async () => { await chunks.stop() }, () => { reports.stop() }, () => { gossip.stop() })
    await content.start()
    undo.push(async () => { await content.stop() })
    const startedAtMs = Date.now()
    const health = new HealthService({ libp2p, identity, fedLog, gossip, content, dataDir: dir.root, startedAtMs, log: logging.forComponent('health'), trust: gate }, { standbyStepMs: config.standbyStepMs })
    later.health = health
    await health.start()
    undo.push(async () => { await health.stop() })
    // after start-up, a catch-up, a bundle or a wave of content, give the heap's free pages back
    const trimmer = new HeapTrimmer({ log: logging.forComponent('memory'), busy: () => checker.workers > 0 })
    trimmer.watch({ name: 'log entries', total: () => fedLog.size, threshold: TRIM_AFTER_ENTRIES })
    trimmer.watch({ name: 'content bytes', total: () => chunks.received.bytes + chunks.served.bytes, threshold: TRIM_AFTER_CONTENT_BYTES })
    trimmer.start()
    undo.push(() => { trimmer.stop() })

    let stopping: Promise<void> | undefined
    let resolveStopped!: () => void
    const stopped = new Promise<void>(resolve => { resolveStopped = resolve })
    const stop = async (): Promise<void> => {
      stopping ??= (async () => {
        log('stopping')
        await rollback()
        log('stopped')
        resolveStopped()
      })()
      await stopping
    }

    const bundles = new BundleService({ identity, fedLog, store, gossip, chunkStore, log: logging.forComponent('bundles') })
    const ctx: DaemonContext = {
      identity,
      config,
      fedLog,
      gossip,
      libp2p,
      bundles,
      content,
      chunks,
      reports,
      health,
      startedAtMs,
      joins,
      // let the control response go out before the socket closes
      requestShutdown: () => { setTimeout(() => { void stop() }, 20) }
    }
    const control = new ControlServer(ctx, dir.socket, logging.forComponent('control'))
    await control.start()
    undo.push(async () => { await control.stop() })
    const hostPort = parseHostPort(config.httpListen)
    if (hostPort != null) {
      // only a node that serves /metrics keeps them: the default ones sample the event loop's delay every 10 ms
      const metrics = new MetricsService({ identity, fedLog, libp2p, content, chunks, reports, health, startedAtMs })
      undo.push(() => { metrics.stop() })
      const http = new HttpServer({
        members: async () => await METHODS.members(ctx, {}),
        metrics: async () => ({ contentType: metrics.contentType, body: await metrics.text() })
      }, hostPort, logging.forComponent('http'))
      await http.start()
      undo.push(async () => { await http.stop() })
    }

    log('started', { nodeId: identity.nodeId, federation: fedLog.state.genesis?.name, addresses: libp2p.getMultiaddrs().map(String), entries: fedLog.size })
    return { identity, config, libp2p, fedLog, gossip, catchup, stopped, stop }
  } catch (err) {
    await rollback()
    throw err
  }
}
