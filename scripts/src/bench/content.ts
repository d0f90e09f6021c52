import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { defaultConfigText, LocalFleet, waitFor } from '@waggle/node'
import { benchDir, cpuSeconds, note } from './common.js'

export interface ContentBenchResult {
  nodes: number
  size_mib: number
  upload_cap_kibps: number
  /** From the wave's publish (the queen's stamp) to the last node's `applied` report, ms. */
  all_ms: number
  /** The peer-assisted lower bound: the time the origin needs to upload one copy at its cap, ms. */
  bound_ms: number
  /** Copies of the content the queen (the origin) uploaded. */
  origin_upload_x: number
  /** Copies uploaded by all nodes together: N - 1 when nothing is fetched twice. */
  total_upload_x: number
}

/**
 * How the daemons connect: every node to every earlier one (`full`, a
 * tracker's swarm); to the queen and a few earlier nodes picked at random
 * (`sparse`); or LocalFleet's own bootstrap pattern (`fleet`).
 */
export type ContentBenchMesh = 'full' | 'sparse' | 'fleet'

const MIB = 1024 * 1024
/** Largest file of the published tree: a version is a directory of a few files, as sites publish. */
const FILE_BYTES = 16 * MIB
/** Earlier nodes each node of a sparse mesh dials besides the queen. */
const SPARSE_PEERS = 3
/** How often the bench polls the daemons while the wave spreads: rarely, the nodes stamp their own times. */
const POLL_MS = 500
/** The longest a wave may take to land everywhere, ms. */
const WAVE_TIMEOUT_MS = 30 * 60_000

/**
 * N daemons as separate processes, every one with its chunk uploads capped
 * at `uploadCapKibps`; the queen publishes `sizeMib` MiB of random bytes as
 * a swarm wave and every node fetches, verifies and applies it. Each node
 * reports `applied` with its own clock (one machine, one clock), so the
 * time from publish to the last report carries no polling error. The bound
 * is what any swarm needs at least: the origin must upload one copy.
 *
 * All daemons share this machine's cores and disk, which real nodes do not:
 * the CPU they used is printed (on Linux) to tell a CPU-bound run from a
 * link-bound one, and `TMPDIR=/dev/shm` keeps their data dirs off the disk.
 */
export async function contentBench (nodes: number, sizeMib: number, uploadCapKibps: number, opts: { mesh?: ContentBenchMesh } = {}): Promise<ContentBenchResult> {
  const root = benchDir('content')
  const env: Record<string, string> = { WAGGLE_UPLOAD_KIBPS: String(uploadCapKibps) }
  const fleet = await LocalFleet.create({ size: nodes, root, name: 'bench', logLevel: 'warn', env })
  try {
    const mesh = opts.mesh ?? 'full'
    // the peers each node should end up with, to wait for the mesh whole (LocalFleet's own: one at least)
    const degree = fleet.nodes.map(() => 1)
    if (mesh !== 'fleet') {
      degree.fill(0)
      for (const n of fleet.nodes) {
        const earlier = fleet.nodes.slice(0, n.index)
        const peers = mesh === 'full' ? earlier : [...earlier.slice(0, 1), ...earlier.slice(1).sort(() => Math.random() - 0.5).slice(0, SPARSE_PEERS)]
        for (const m of peers) { degree[n.index]++; degree[m.index]++ }
        writeFileSync(n.dir.config, defaultConfigText({ listen: [`/ip4/127.0.0.1/tcp/${n.port}`], bootstrap: peers.map(m => m.multiaddr) }))
      }
    }
    note(`starting ${nodes} daemons (upload cap ${uploadCapKibps} KiB/s each, ${mesh} mesh)…`)
    await fleet.startAll()
    // the mesh is waited for whole: each node plans the swarm over the peers it sees
    await waitFor('every node to have its peers', async () => {
      const s = await Promise.all(fleet.nodes.map(async n => (await fleet.call(n.index, 'status', {})).peers))
      return s.every((p, i) => p >= degree[i]) ? true : undefined
    }, { timeoutMs: 120_000, everyMs: 250 })
    const peers = await Promise.all(fleet.nodes.map(async n => (await fleet.call(n.index, 'status', {})).peers))
    note(`peers per node: ${peers.join(' ')}`)

    // a small warm-up wave: connections, streams and code paths are hot before timing
    await wave(fleet, root, 'warm-up', 1)
    const before = await uploads(fleet)
    const cpuBefore = cpuSeconds(fleet)
    note(`publishing ${sizeMib} MiB…`)
    const { publishedAtMs, lastMs } = await wave(fleet, root, 'bench', sizeMib)
    const cpuAfter = cpuSeconds(fleet)
    const cpu = cpuAfter.map((s, i) => s.total - cpuBefore[i].total)
    const sys = cpuAfter.map((s, i) => s.sys - cpuBefore[i].sys)
    const after = await uploads(fleet)
    if (cpu.every(s => s >= 0) && cpuAfter.every(s => s.total >= 0)) {
      const total = cpu.reduce((a, b) => a + b, 0)
      const kernel = sys.reduce((a, b) => a + b, 0)
      note(`daemons' CPU from publish to the last report: ${total.toFixed(1)} s, ${kernel.toFixed(1)} s of it in the kernel (${(total / ((lastMs - publishedAtMs) / 1000)).toFixed(2)} cores busy on average); queen ${cpu[0].toFixed(1)} s, others ${cpu.slice(1).map(s => s.toFixed(1)).join(' ')}`)
    }
    const sizeBytes = sizeMib * MIB
    const up = after.map((b, i) => b - before[i])
    const x = (n: number): number => Math.round(n / sizeBytes * 100) / 100
    note(`copies uploaded by node: ${up.map(x).join(' ')}`)
    const boundMs = Math.round(sizeMib * 1024 / uploadCapKibps * 1000)
    return {
      nodes,
      size_mib: sizeMib,
      upload_cap_kibps: uploadCapKibps,
      all_ms: lastMs - publishedAtMs,
      bound_ms: boundMs,
      origin_upload_x: x(up[0]),
      total_upload_x: x(up.reduce((a, b) => a + b, 0))
    }
  } finally {
    await fleet.stopAll()
    fleet.remove()
  }
}

/** Bytes of chunks each node has served so far. */
async function uploads (fleet: LocalFleet): Promise<number[]> {
  return await Promise.all(fleet.nodes.map(async n => (await fleet.call(n.index, 'status', {})).uploaded.bytes))
}

/**
 * Publishes a tree of `sizeMib` MiB of random bytes on `channel`, waits
 * until the queen holds every node's `applied` report and every node says
 * it applied the version, and returns the wave's stamp and the last
 * report's time (each node's own clock).
 */
async function wave (fleet: LocalFleet, root: string, channel: string, sizeMib: number): Promise<{ publishedAtMs: number, lastMs: number }> {
  const dir = join(root, 'src', channel)
  mkdirSync(dir, { recursive: true })
  for (let left = sizeMib * MIB, i = 0; left > 0; left -= FILE_BYTES, i++) {
    writeFileSync(join(dir, `part-${String(i).padStart(3, '0')}.bin`), randomBytes(Math.min(left, FILE_BYTES)))
  }
  const { version } = await fleet.call(0, 'wave.publish', { channel, path: dir })
  const nodes = fleet.nodes.length
  // one call a poll while the wave spreads: the queen gathers every node's report
  const status = await waitFor(`the queen to hold every node's ${channel} report`, async () => {
    const s = await fleet.call(0, 'wave.status', { channel, version })
    return s.counts.applied === nodes || s.counts.failed > 0 ? s : undefined
  }, { timeoutMs: WAVE_TIMEOUT_MS, everyMs: POLL_MS })
  const failed = status.nodes.filter(n => n.state === 'failed')
  if (failed.length > 0) throw new WaveFailedError(failed.map(n => `${n.nodeId}: ${n.reason}`).join('; '))
  await waitFor(`every node to apply ${channel}`, async () => {
    const applied = await Promise.all(fleet.nodes.map(async n => (await fleet.call(n.index, 'status', {})).applied[channel]))
    return applied.every(v => v === version) ? true : undefined
  }, { timeoutMs: 60_000, everyMs: POLL_MS })
  const times = status.nodes.map(n => n.atMs - status.publishedAtMs).sort((a, b) => a - b)
  note(`${channel}: applied after ${times.join(' ')} ms`)
  return { publishedAtMs: status.publishedAtMs, lastMs: Math.max(...status.nodes.map(n => n.atMs)) }
}

/** A node reported the wave failed: the bench stops rather than wait out its timeout. */
class WaveFailedError extends Error {
  static override name = 'WaveFailedError'
  constructor (detail: string) {
    super(`the wave failed: ${detail}`)
    this.name = 'WaveFailedError'
  }
}
