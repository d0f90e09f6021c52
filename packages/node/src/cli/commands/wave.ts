import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { Command } from 'commander'
import { callDaemon } from '../../control/client.js'
import { UsageError } from '../../errors.js'
import { dataDirOf, positiveInt } from '../common.js'
import { emit, formatBytes, table } from '../output.js'

export function waveCommand (): Command {
  const cmd = new Command('wave').description('publish and follow waves')
  cmd.command('publish')
    .description('announce a new version of a channel: the file\'s size and SHA-256, signed and gossiped to every node')
    .argument('<channel>', 'channel name (lower-case letters, digits, . _ -)')
    .argument('<file>', 'the content of the new version')
    .option('--version <n>', 'the new version (default: current + 1)', positiveInt('--version'))
    .option('--expires-in-ms <ms>', 'nodes ignore the wave after this long', positiveInt('--expires-in-ms'))
    .option('--json', 'print JSON')
    .action(async (channel: string, file: string, opts: { version?: number, expiresInMs?: number, json?: boolean }, sub: Command) => {
      const path = resolve(file)
      if (!existsSync(path)) throw new UsageError(`${file}: no such file`)
      if (!statSync(path).isFile()) throw new UsageError(`${file}: not a regular file`)
      const r = await callDaemon(dataDirOf(sub).socket, 'wave.publish', { channel, path, version: opts.version, expiresInMs: opts.expiresInMs })
      emit(opts.json, r, () => table([
        ['wave', `${r.channel} v${r.version}`],
        ['content', `${formatBytes(r.size)}, sha256 ${r.sha256}`],
        ['entry', `${r.entryId} at ${r.stamp}`]
      ]))
    })
  return cmd
}
