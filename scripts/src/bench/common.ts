import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'

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
