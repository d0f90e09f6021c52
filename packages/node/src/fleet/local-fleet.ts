import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { approveEntry, createGenesis, DEFAULT_NETWORK, HybridLogicalClock, toHex, type GenesisInit, type RoleName } from '@waggle/protocol'
import { defaultConfigText } from '../config/config.js'
import { DAEMON_NODE_FLAGS } from '../constants.js'
import { callDaemon } from '../control/client.js'
import { dataDirPaths, initDataDir, writeGenesis, type DataDir } from '../storage/data-dir.js'
import type { ControlMethods, MethodName } from '../control/protocol.js'

/** The CLI entry point this package ships. */
export const WAGGLE_BIN = fileURLToPath(new URL('../bin/waggle.js', import.meta.url))

/** One daemon of a local fleet. */
export interface FleetNode {
  readonly index: number
  readonly name: string
  readonly dir: DataDir
  readonly port: number
  readonly nodeId: string
  readonly multiaddr: string
  process?: ChildProcess
  /** Everything the daemon wrote to stderr (its structured log), newest last, capped. */
  stderr: string
}

export interface LocalFleetOptions {
  /** How many daemons, the queen included (at least 1). */
  size: number
  /** A directory for the fleet's data dirs; emptied first. */
  root: string
  /** Federation name. */
  name?: string
  /** Bootstrap peers per node besides the queen. */
  extraBootstrap?: number
  logLevel?: string
  catchupIntervalMs?: number
  redialIntervalMs?: number
  /** Extra environment for every daemon. */
  env?: Record<string, string>
  /** Extra environment for one daemon (by index), over `env`; may be changed between restarts. */
  nodeEnv?: Record<number, Record<string, string>>
  /** Nodes (by index) that are queens besides node 0. */
  queens?: number[]
  /**
   * The zone of each node (by index; zone 0 when absent). Nodes bootstrap
   * only to nodes of their own zone, so zones are cut off from each other
   * as air-gapped sites are; the first node of a zone is its hub.
   */
  zones?: number[]
  /** The network of each node (by index; "default" when absent). */
  networks?: string[]
  /** Nodes (by index) that are supernodes, standbys, princesses in the genesis; node 0 is a supernode when none are given. A host of a network with a princess bootstraps to her and to earlier nodes of its network only. */
  supernodes?: number[]
  standbys?: number[]
  princesses?: number[]
  /** Nodes (by index) the genesis leaves out: they must join. */
  outsiders?: number[]
  /**
   * Keys of peers that are no daemon of the fleet (a test's raw libp2p
   * peer) for the genesis to name as hosts of the first network: only
   * members may connect to a node.
   */
  extraMembers?: Uint8Array[]
  /**
   * Root admins (by index; node 0 alone when absent). Node 0 founds the
   * federation either way; its signature counts toward the threshold when
   * it is a root.
   */
  roots?: number[]
  /**
   * How many distinct roots must sign the genesis and each root-level
   * operation (1 when absent). The genesis file every node gets carries
   * the approvals of as many roots, after the founder, as it takes to put
   * the genesis in force, as `waggle genesis sign` would add them.
   */
  rootThreshold?: number
  /** More genesis parameters (min supernodes, grace, policy, health interval). */
  genesis?: Pick<GenesisInit, 'minSupernodes' | 'supernodeGraceMs' | 'healthIntervalMs' | 'policy'>
}

const STDERR_CAP_CHARS = 64 * 1024

/** A TCP port free on loopback right now. */
export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => { resolve(typeof addr === 'object' && addr != null ? addr.port : 0) })
    })
  })
}

/**
 * A federation of real daemons on loopback, each a separate `waggle start`
 * process with its own data dir, as production runs them. Node 0 is the
 * queen and founder; every other node bootstraps to the queen and to a few
 * earlier nodes. Data dirs are prepared in-process (what `waggle init` and
 * `waggle genesis create` do), so a 50-node fleet is ready in a second.
 */
export class LocalFleet {
  readonly nodes: FleetNode[] = []
  readonly federationId: string
  private readonly opts: LocalFleetOptions

  private constructor (opts: LocalFleetOptions, federationId: string) {
    this.opts = opts
    this.federationId = federationId
  }

  /** Prepares the data dirs of a new federation (nothing runs yet). */
  static async create (opts: LocalFleetOptions): Promise<LocalFleet> {
    if (!Number.isSafeInteger(opts.size) || opts.size < 1) throw new RangeError('a fleet has at least one node')
    rmSync(opts.root, { recursive: true, force: true })
    mkdirSync(opts.root, { recursive: true })
    const dirs = Array.from({ length: opts.size }, (_, i) => dataDirPaths(join(opts.root, i === 0 ? 'queen' : `node-${String(i).padStart(2, '0')}`)))
    const identities = dirs.map(d => initDataDir(d).identity)
    const queens = [0, ...(opts.queens ?? []).filter(i => i !== 0)].map(i => identities[i].publicKey)
    const networkOf = (i: number): string => opts.networks?.[i] ?? DEFAULT_NETWORK
    const supernodes = opts.supernodes ?? [0]
    const roleOf = (i: number): RoleName => supernodes.includes(i) ? 'supernode' : opts.standbys?.includes(i) === true ? 'standby' : opts.princesses?.includes(i) === true ? 'princess' : 'host'
    const members = identities.map((id, i) => ({ key: id.publicKey, network: networkOf(i), role: roleOf(i) })).filter((_, i) => opts.outsiders?.includes(i) !== true)
    for (const key of opts.extraMembers ?? []) members.push({ key, network: DEFAULT_NETWORK, role: 'host' })
    const roots = [...new Set(opts.roots ?? [0])]
    const rootThreshold = opts.rootThreshold ?? 1
    if (roots.length === 0 || roots.some(i => !Number.isSafeInteger(i) || i < 0 || i >= opts.size)) throw new RangeError('roots must name nodes of the fleet')
    if (!Number.isSafeInteger(rootThreshold) || rootThreshold < 1 || rootThreshold > roots.length) throw new RangeError(`a root threshold of ${rootThreshold} with ${roots.length} roots`)
    const clock = new HybridLogicalClock()
    const { entry, federationId } = createGenesis(identities[0], {
      ...opts.genesis,
      name: opts.name ?? 'local-fleet',
      roots: roots.map(i => identities[i].publicKey),
      rootThreshold,
      queens,
      networks: [...new Set([DEFAULT_NETWORK, ...(opts.networks ?? [])])],
      members,
      stamp: clock.now()
    })
    // the founder's signature counts when it is a root; the next roots sign until the genesis is in force
    const signers = roots.filter(i => i !== 0).slice(0, rootThreshold - (roots.includes(0) ? 1 : 0))
    const approvals = signers.map(i => approveEntry(identities[i], federationId, entry, clock.now()))
    const ports: number[] = []
    while (ports.length < opts.size) {
      const p = await freePort()
      if (!ports.includes(p)) ports.push(p)
    }
    const fleet = new LocalFleet(opts, toHex(federationId))
    const addrs = identities.map((id, i) => `/ip4/127.0.0.1/tcp/${ports[i]}/p2p/${id.nodeId}`)
    const extra = opts.extraBootstrap ?? 2
    const zoneOf = (i: number): number => opts.zones?.[i] ?? 0
    const princessOf = (i: number): number | undefined => opts.princesses?.find(p => p !== i && networkOf(p) === networkOf(i))
    for (let i = 0; i < opts.size; i++) {
      const peers = new Set<string>()
      // a host of a network with a princess reaches the rest through her, as a firewalled site does
      const princess = princessOf(i)
      const mates = Array.from({ length: i }, (_, j) => j)
        .filter(j => zoneOf(j) === zoneOf(i) && (princess == null || networkOf(j) === networkOf(i)))
      if (princess != null) peers.add(addrs[princess])
      if (mates.length > 0) peers.add(addrs[mates[0]])
      // a few earlier nodes of the zone, spread deterministically, so the mesh is not a star
      for (let k = 1; k <= extra && mates.length - k * 3 > 0; k++) peers.add(addrs[mates[mates.length - k * 3]])
      writeFileSync(dirs[i].config, defaultConfigText({ listen: [`/ip4/127.0.0.1/tcp/${ports[i]}`], bootstrap: [...peers] }))
      writeGenesis(dirs[i], entry, approvals)
      fleet.nodes.push({ index: i, name: i === 0 ? 'queen' : `node-${String(i).padStart(2, '0')}`, dir: dirs[i], port: ports[i], nodeId: identities[i].nodeId, multiaddr: addrs[i], stderr: '' })
    }
    return fleet
  }

  get queen (): FleetNode {
    return this.nodes[0]
  }

  /**
   * Starts a node's daemon process and resolves once it reports it is
   * running (its first stdout line), or rejects with its stderr if it exits.
   */
  async start (index: number, opts: { timeoutMs?: number } = {}): Promise<void> {
    const node = this.nodes[index]
    if (node.process != null && node.process.exitCode == null && node.process.signalCode == null) return
    const env: Record<string, string> = { ...process.env as Record<string, string>, ...this.opts.env, ...this.opts.nodeEnv?.[index] }
    env.WAGGLE_LOG_LEVEL = this.opts.logLevel ?? env.WAGGLE_LOG_LEVEL ?? 'warn'
    if (this.opts.catchupIntervalMs != null) env.WAGGLE_CATCHUP_INTERVAL_MS = String(this.opts.catchupIntervalMs)
    if (this.opts.redialIntervalMs != null) env.WAGGLE_REDIAL_INTERVAL_MS = String(this.opts.redialIntervalMs)
    const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, WAGGLE_BIN, '--data-dir', node.dir.root, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    node.process = child
    node.stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (s: string) => { node.stderr = (node.stderr + s).slice(-STDERR_CAP_CHARS) })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { fail(new Error(`${node.name} did not start within ${opts.timeoutMs ?? 60_000} ms`)) }, opts.timeoutMs ?? 60_000)
      const done = (): void => { clearTimeout(timer); child.off('exit', onExit) }
      const fail = (err: Error): void => { done(); reject(err) }
      const onExit = (code: number | null): void => { fail(new Error(`${node.name} exited with code ${String(code)} before it was running:\n${node.stderr.slice(-4000)}`)) }
      child.once('exit', onExit)
      child.stdout.setEncoding('utf8')
      let out = ''
      child.stdout.on('data', (s: string) => {
        out += s
        if (out.includes('running')) { done(); resolve() }
      })
    })
  }

  /** Starts every node not running, in small parallel groups (two cores). */
  async startAll (opts: { parallel?: number } = {}): Promise<void> {
    const parallel = opts.parallel ?? 4
    const todo = this.nodes.map(n => n.index)
    await Promise.all(Array.from({ length: parallel }, async () => {
      for (let i = todo.shift(); i != null; i = todo.shift()) await this.start(i)
    }))
  }

  /** Waits until every listed node (all by default) is connected to at least one peer. */
  async waitForPeers (opts: { nodes?: number[], timeoutMs?: number } = {}): Promise<void> {
    const nodes = opts.nodes ?? this.nodes.map(n => n.index)
    await waitFor('every node to have a peer', async () => {
      const peers = await Promise.all(nodes.map(async i => (await this.call(i, 'status', {})).peers))
      return peers.every(p => p >= 1) ? true : undefined
    }, { timeoutMs: opts.timeoutMs ?? 60_000, everyMs: 200 })
  }

  /** Stops a node with SIGTERM and waits for it to exit. Resolves to its exit code. */
  async stop (index: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.nodes[index].process
    if (child == null || child.exitCode != null || child.signalCode != null) return child?.exitCode ?? null
    const exited = new Promise<number | null>(resolve => { child.once('exit', (code) => { resolve(code) }) })
    child.kill(signal)
    const timer = setTimeout(() => { child.kill('SIGKILL') }, 15_000)
    const code = await exited
    clearTimeout(timer)
    return code
  }

  /** Kills a node at once (SIGKILL), as a crash would. */
  async kill (index: number): Promise<void> {
    await this.stop(index, 'SIGKILL')
  }

  async stopAll (): Promise<Array<number | null>> {
    return await Promise.all(this.nodes.map(async n => await this.stop(n.index)))
  }

  /** Calls a control method on a node's daemon. */
  async call<M extends MethodName> (index: number, method: M, params: ControlMethods[M]['params']): Promise<ControlMethods[M]['result']> {
    return await callDaemon(this.nodes[index].dir.socket, method, params)
  }

  /** Removes the fleet's data dirs. */
  remove (): void {
    rmSync(this.opts.root, { recursive: true, force: true })
  }
}

/** Waits until `check` returns a value, polling every `everyMs`, or throws after `timeoutMs`. */
export async function waitFor<T> (what: string, check: () => Promise<T | undefined | false> | T | undefined | false, opts: { timeoutMs?: number, everyMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000)
  let lastErr: unknown
  while (Date.now() < deadline) {
    try {
      const v = await check()
      if (v !== undefined && v !== false) return v
    } catch (err) {
      lastErr = err
    }
    await new Promise(resolve => setTimeout(resolve, opts.everyMs ?? 50))
  }
  throw new Error(`timed out after ${opts.timeoutMs ?? 30_000} ms waiting for ${what}${lastErr != null ? ` (last error: ${String((lastErr as Error).message ?? lastErr)})` : ''}`)
}
