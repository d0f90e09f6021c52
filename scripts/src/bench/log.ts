import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  createEntry, decodeEntry, decodeKeyFile, HybridLogicalClock, OrderedLog, publicKeyFromNodeId, verifyEnvelope, type Identity, type LogEntry
} from '@waggle/protocol'
import { defaultConfigText, initDataDir, LocalFleet, LogStore, readGenesis, SignatureChecker, silentLogging, startDaemon, loadConfig, dataDirPaths, writeGenesis, waitFor } from '@waggle/node'
import { copyFileSync, rmSync, writeFileSync } from 'node:fs'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { benchDir, note } from './common.js'

export interface LogBenchResult {
  entries: number
  /** Decode + signature check, one thread, ops/s. */
  verify_ops_per_s: number
  /** The same with signatures on worker threads (how catch-up verifies), ops/s. */
  verify_parallel_ops_per_s: number
  /** Folding entries into the ordered log and its state, ops/s. */
  apply_ops_per_s: number
  /** A fresh node pulling every entry from a peer process over catch-up, verifying and storing them, ops/s. */
  catchup_ops_per_s: number
}

/** E wave announcements by the queen, in stamp order. */
export function makeEntries (queen: Identity, federationId: Uint8Array, count: number): LogEntry[] {
  const clock = new HybridLogicalClock()
  const sha256 = new Uint8Array(32).fill(7)
  const out: LogEntry[] = []
  for (let i = 0; i < count; i++) {
    out.push(createEntry(queen, federationId, clock.now(), {
      type: 'wave.announce',
      wave: { channel: `bench-${i % 16}`, version: Math.floor(i / 16) + 1, expiresMs: 0, content: { module: 'file', size: 1024, sha256, name: 'content.bin' } }
    }))
  }
  return out
}

/**
 * A fleet of one (the queen, a separate process) whose store holds
 * `count` entries besides genesis; `members` are the keys of the nodes
 * that will connect to it (only members may).
 */
export async function seededQueen (root: string, count: number, members: Uint8Array[] = []): Promise<{ fleet: LocalFleet, entries: LogEntry[] }> {
  const fleet = await LocalFleet.create({ size: 1, root, name: 'bench', logLevel: 'warn', extraMembers: members })
  const queen = decodeKeyFile(readFileSync(fleet.queen.dir.key, 'utf8'))
  const { federationId } = readGenesis(fleet.queen.dir)
  const entries = makeEntries(queen, federationId, count)
  const store = new LogStore(fleet.queen.dir.db)
  await store.open()
  await store.put(entries, Date.now())
  await store.close()
  return { fleet, entries }
}

/**
 * A fleet of one (a separate process, not yet started) to join a seeded
 * queen's federation: give its key to seededQueen, then joinSeededQueen.
 */
export async function joiningNode (root: string): Promise<{ fleet: LocalFleet, key: Uint8Array }> {
  const fleet = await LocalFleet.create({ size: 1, root, name: 'bench-joiner', logLevel: 'warn' })
  return { fleet, key: publicKeyFromNodeId(fleet.queen.nodeId) }
}

/** Puts the joining node into the seeded queen's federation; with `bootstrap`, it dials the queen. */
export function joinSeededQueen (joiner: LocalFleet, queen: LocalFleet, opts: { bootstrap?: boolean } = {}): void {
  const node = joiner.queen
  writeFileSync(node.dir.config, defaultConfigText({ listen: [`/ip4/127.0.0.1/tcp/${node.port}`], bootstrap: opts.bootstrap === true ? [queen.queen.multiaddr] : [] }))
  copyFileSync(queen.queen.dir.genesis, node.dir.genesis)
}

export async function logBench (count: number): Promise<LogBenchResult> {
  const root = benchDir('log')
  // the node that pulls by catch-up: a member, or the queen would not let it in
  const fresh = dataDirPaths(join(root, 'fresh'))
  const { identity: freshIdentity } = initDataDir(fresh)
  const { fleet, entries } = await seededQueen(join(root, 'q'), count, [freshIdentity.publicKey])
  const bytes = entries.map(e => e.envelope)

  let t = performance.now()
  for (const b of bytes) {
    const d = decodeEntry(b)
    if (!d.ok || !verifyEnvelope(d.value.signed)) throw new Error('an entry did not verify')
  }
  const verify = count / ((performance.now() - t) / 1000)

  // as catch-up does: decode on this thread, signatures on the checker's worker threads
  const checker = new SignatureChecker({ workers: process.env.WAGGLE_VERIFY_WORKERS != null ? Number(process.env.WAGGLE_VERIFY_WORKERS) : undefined })
  t = performance.now()
  const checks: Array<Promise<boolean>> = []
  for (const b of bytes) {
    const d = decodeEntry(b)
    checks.push(d.ok ? checker.verify(d.value.signed) : Promise.resolve(false))
  }
  if ((await Promise.all(checks)).includes(false)) throw new Error('an entry did not verify')
  const verifyParallel = count / ((performance.now() - t) / 1000)
  await checker.close()

  const { entry: genesis, federationId } = readGenesis(fleet.queen.dir)
  t = performance.now()
  const log = new OrderedLog(federationId)
  log.insert(genesis)
  for (const e of entries) log.insert(e)
  const apply = count / ((performance.now() - t) / 1000)
  if (log.state.refused.size !== 0) throw new Error('the reducer refused bench entries')

  note(`catch-up of ${count} entries from a peer process…`)
  await fleet.start(0)
  writeGenesis(fresh, genesis)
  writeFileSync(fresh.config, defaultConfigText({ listen: ['/ip4/127.0.0.1/tcp/0'] }))
  const daemon = await startDaemon({ config: loadConfig({ dataDir: fresh.root, env: process.env.WAGGLE_VERIFY_WORKERS != null ? { WAGGLE_VERIFY_WORKERS: process.env.WAGGLE_VERIFY_WORKERS } : {} }), logging: silentLogging() })
  try {
    t = performance.now()
    await daemon.libp2p.dial(multiaddr(fleet.queen.multiaddr))
    await daemon.catchup.pull(peerIdFromString(fleet.queen.nodeId))
    await waitFor('the fresh node to hold every entry', () => daemon.fedLog.size === count + 1 ? true : undefined, { timeoutMs: 120_000, everyMs: 5 })
    const catchup = count / ((performance.now() - t) / 1000)
    return {
      entries: count,
      verify_ops_per_s: Math.round(verify),
      verify_parallel_ops_per_s: Math.round(verifyParallel),
      apply_ops_per_s: Math.round(apply),
      catchup_ops_per_s: Math.round(catchup)
    }
  } finally {
    await daemon.stop()
    await fleet.stopAll()
    rmSync(root, { recursive: true, force: true })
  }
}
