import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { defaultConfigText, LocalFleet, waitFor } from '@waggle/node'
import { benchDir, note } from './common.js'
import { seededQueen } from './log.js'

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
  const { fleet: queenFleet } = await seededQueen(join(root, 'q'), count)
  // a second fleet of one: the measured node, bootstrapping to the queen (not yet running)
  const fleet = await LocalFleet.create({ size: 1, root: join(root, 'm'), name: 'bench-m', logLevel: 'warn' })
  const measured = fleet.queen
  writeFileSync(measured.dir.config, defaultConfigText({ listen: [`/ip4/127.0.0.1/tcp/${measured.port}`], bootstrap: [queenFleet.queen.multiaddr] }))
  // the measured node must share the queen's federation
  const { copyFileSync } = await import('node:fs')
  copyFileSync(queenFleet.queen.dir.genesis, measured.dir.genesis)
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
