import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LocalFleet, waitFor } from '@waggle/node'
import { benchDir, cpuSeconds, median, note } from './common.js'

export interface WaveBenchResult {
  nodes: number
  runs: number
  /** Median over runs of the time until half the nodes recorded the wave, ms. */
  p50_ms: number
  /** Median over runs of the time until every node recorded the wave, ms. */
  all_ms: number
  /** Each run's time until every node recorded it, ms. */
  runs_all_ms: number[]
  /**
   * Median over runs of the CPU the daemons spent on the wave, ms, summed
   * over all of them: their CPU in the second after publishing, less their
   * CPU in an idle second just before. -1 where /proc cannot be read.
   */
  cpu_ms: number
}

/** The daemons' CPU over `ms`, summed, ms (negative when /proc cannot be read). */
async function cpuOver (fleet: LocalFleet, ms: number, during: () => Promise<unknown> = async () => {}): Promise<number> {
  const before = cpuSeconds(fleet)
  await during()
  await new Promise(resolve => setTimeout(resolve, ms))
  const after = cpuSeconds(fleet)
  if (before.some(c => c.total < 0) || after.some(c => c.total < 0)) return -1
  return after.reduce((sum, c, i) => sum + c.total - before[i].total, 0) * 1000
}

/**
 * N daemons as separate processes; the queen publishes a wave; each node
 * stamps its own arrival (one machine, one clock), so the time from publish
 * to the last arrival is measured without polling error.
 */
export async function waveBench (nodes: number, runs: number): Promise<WaveBenchResult> {
  const root = benchDir('wave')
  const fleet = await LocalFleet.create({ size: nodes, root, name: 'bench', logLevel: 'warn' })
  try {
    note(`starting ${nodes} daemons…`)
    await fleet.startAll()
    await fleet.waitForPeers({ timeoutMs: 120_000 })
    // a warm-up wave, so meshes are formed before timing
    const file = join(root, 'content.txt')
    const allMs: number[] = []
    const halfMs: number[] = []
    const cpuMs: number[] = []
    for (let r = -1; r < runs; r++) {
      writeFileSync(file, `run ${r} ${Date.now()}\n`)
      const idleCpuMs = await cpuOver(fleet, 1000)
      // the announcement alone: content transfer is `scripts/bench content`
      let wave: { entryId: string, publishedAtMs: number } | undefined
      // Nodes stamp their own arrival, so collecting later loses nothing;
      // polling 50 control sockets while they handle the gossip would slow it.
      const waveCpuMs = await cpuOver(fleet, 1000, async () => { wave = await fleet.call(0, 'wave.publish', { channel: 'bench', path: file, module: 'file' }) })
      if (wave == null) throw new Error('the wave was not published')
      const { entryId, publishedAtMs } = wave
      const arrivals = new Map<number, number>()
      await waitFor('every node to record the wave', async () => {
        await Promise.all(fleet.nodes.filter(n => !arrivals.has(n.index)).map(async n => {
          const log = await fleet.call(n.index, 'log', { channel: 'bench', limit: 5 })
          const e = log.entries.find(x => x.id === entryId)
          if (e != null) arrivals.set(n.index, e.receivedAtMs)
        }))
        return arrivals.size === nodes ? true : undefined
      }, { timeoutMs: 60_000, everyMs: 100 })
      const times = [...arrivals.values()].map(t => t - publishedAtMs).sort((a, b) => a - b)
      const cpu = idleCpuMs < 0 || waveCpuMs < 0 ? -1 : Math.round(waveCpuMs - idleCpuMs)
      if (r >= 0) {
        allMs.push(times[times.length - 1])
        halfMs.push(times[Math.ceil(times.length / 2) - 1])
        cpuMs.push(cpu)
        note(`run ${r + 1}/${runs}: all ${times[times.length - 1]} ms, half ${times[Math.ceil(times.length / 2) - 1]} ms; daemons' CPU for the wave ${cpu} ms (${(cpu / nodes).toFixed(1)} ms a node)`)
      }
    }
    return { nodes, runs, p50_ms: median(halfMs), all_ms: median(allMs), runs_all_ms: allMs, cpu_ms: median(cpuMs) }
  } finally {
    await fleet.stopAll()
    fleet.remove()
  }
}
