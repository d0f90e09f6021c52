import { homedir } from 'node:os'
import { join } from 'node:path'
import { InvalidArgumentError, type Command } from 'commander'
import { dataDirPaths, type DataDir } from '../storage/data-dir.js'

/** The data dir: --data-dir, else WAGGLE_DATA_DIR, else ~/.waggle. */
export function dataDirOf (cmd: Command): DataDir {
  const opts = cmd.optsWithGlobals<{ dataDir?: string }>()
  return dataDirPaths(opts.dataDir ?? process.env.WAGGLE_DATA_DIR ?? join(homedir(), '.waggle'))
}

/** Commander parser for a positive whole number option. */
export function positiveInt (name: string): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
      throw new InvalidArgumentError(`${name} must be a positive whole number`)
    }
    return Number(value)
  }
}

/** Commander collector for a repeatable option. */
export function collect (value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map(s => s.trim()).filter(s => s !== '')]
}
