import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LocalFleet, waitFor } from '@waggle/node'
import { benchDir, median, note } from './common.js'

export interface WaveBenchResult {
  nodes: number
  runs: number
  /** Median over runs of the time until half the nodes recorded the wave, ms. */
  p50_ms: number
  /** Median over runs of the time until every node recorded the wave, ms. */
  all_ms: number
  /** Each run's time until every node recorded it, ms. */
  runs_all_ms: number[]
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
    for (let r = -1; r < runs; r++) {
      writeFileSync(file, `run ${r} ${Date.now()}\n`)
      // the announcement alone: content transfer is `scripts/bench content`
      const wave = await fleet.call(0, 'wave.publish', { channel: 'bench', path: file, module: 'file' })
      const arrivals = new Map<number, number>()
      // Nodes stamp their own arrival, so collecting later loses nothing;
      // polling 50 control sockets while they handle the gossip would slow it.
      await new Promise(resolve => setTimeout(resolve, 1000))
      await waitFor('every node to record the wave', async () => {
        await Promise.all(fleet.nodes.filter(n => !arrivals.has(n.index)).map(async n => {
          const log = await fleet.call(n.index, 'log', { channel: 'bench', limit: 5 })
          const e = log.entries.find(x => x.id === wave.entryId)
          if (e != null) arrivals.set(n.index, e.receivedAtMs)
        }))
        return arrivals.size === nodes ? true : undefined
      }, { timeoutMs: 60_000, everyMs: 100 })
      const times = [...arrivals.values()].map(t => t - wave.publishedAtMs).sort((a, b) => a - b)
      if (r >= 0) {
        allMs.push(times[times.length - 1])
        halfMs.push(times[Math.ceil(times.length / 2) - 1])
        note(`run ${r + 1}/${runs}: all ${times[times.length - 1]} ms, half ${times[Math.ceil(times.length / 2) - 1]} ms`)
      }
    }
    return { nodes, runs, p50_ms: median(halfMs), all_ms: median(allMs), runs_all_ms: allMs }
  } finally {
    await fleet.stopAll()
    fleet.remove()
  }
}
