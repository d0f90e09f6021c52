import { join } from 'node:path'
import { waitFor } from '@waggle/node'
import { benchDir, note } from './common.js'
import { joiningNode, joinSeededQueen, seededQueen } from './log.js'

export interface MemoryBenchResult {
  entries: number
  idle_s: number
  /** Resident memory of an idle daemon after idle_s seconds, MiB. */
  idle_rss_mb: number
  /** Resident memory of the same daemon idle_s seconds after it pulled `entries` log operations, MiB. */
  after_entries_rss_mb: number
  /** V8 heap in use at each reading, MiB: what the log itself holds, without freed pages V8 keeps. */
  idle_heap_used_mb: number
  after_entries_heap_used_mb: number
}

const MIB = 1024 * 1024

/**
 * A daemon process alone and idle, then after catching up on `entries`
 * operations from a seeded queen; resident memory as the daemon reports it.
 */
export async function memoryBench (count: number, idleS: number): Promise<MemoryBenchResult> {
  const root = benchDir('memory')
  // the measured node, a member bootstrapping to the queen (not yet running)
  const { fleet, key } = await joiningNode(join(root, 'm'))
  const { fleet: queenFleet } = await seededQueen(join(root, 'q'), count, [key])
  joinSeededQueen(fleet, queenFleet, { bootstrap: true })
  try {
    await fleet.start(0)
    note(`idle for ${idleS} s…`)
    await new Promise(resolve => setTimeout(resolve, idleS * 1000))
    const idle = (await fleet.call(0, 'status', {})).memory
    await queenFleet.start(0)
    await waitFor('the measured node to catch up', async () => (await fleet.call(0, 'status', {})).log.entries === count + 1 ? true : undefined, { timeoutMs: 120_000, everyMs: 100 })
    note(`caught up on ${count} entries; idle for ${idleS} s…`)
    await new Promise(resolve => setTimeout(resolve, idleS * 1000))
    const after = (await fleet.call(0, 'status', {})).memory
    const mb = (n: number): number => Math.round(n / MIB * 10) / 10
    return {
      entries: count,
      idle_s: idleS,
      idle_rss_mb: mb(idle.rssBytes),
      after_entries_rss_mb: mb(after.rssBytes),
      idle_heap_used_mb: mb(idle.heapUsedBytes),
      after_entries_heap_used_mb: mb(after.heapUsedBytes)
    }
  } finally {
    await fleet.stopAll()
    await queenFleet.stopAll()
    fleet.remove()
    queenFleet.remove()
  }
}
