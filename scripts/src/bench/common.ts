import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { LocalFleet } from '@waggle/node'

/** Linux's USER_HZ, the unit of /proc/<pid>/stat times: 100 on every common build. */
const CLOCK_TICKS_PER_S = 100

/** A fresh directory name for one benchmark's data dirs. */
export function benchDir (name: string): string {
  return join(tmpdir(), `waggle-bench-${name}-${randomBytes(4).toString('hex')}`)
}

/** The median of numbers (the mean of the middle two for an even count). */
export function median (xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** Progress on stderr, so stdout's last line stays the JSON result. */
export function note (s: string): void {
  process.stderr.write(s + '\n')
}

/**
 * CPU seconds each daemon has used so far (all its threads, user and
 * kernel; and the kernel's part), from Linux's /proc; -1 where it cannot be
 * read. Shows whether a run is CPU-bound.
 */
export function cpuSeconds (fleet: LocalFleet): Array<{ total: number, sys: number }> {
  return fleet.nodes.map(n => {
    try {
      // fields after the command name (which may hold spaces): utime and stime are the 12th and 13th
      const stat = readFileSync(`/proc/${String(n.process?.pid)}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const sys = Number(fields[12]) / CLOCK_TICKS_PER_S
      return { total: Number(fields[11]) / CLOCK_TICKS_PER_S + sys, sys }
    } catch {
      return { total: -1, sys: -1 }
    }
  })
}
