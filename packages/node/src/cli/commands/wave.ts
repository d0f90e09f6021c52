import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { Command, Option } from 'commander'
import cliProgress from 'cli-progress'
import { callDaemon } from '../../control/client.js'
import { UsageError } from '../../errors.js'
import { collect, dataDirOf, positiveInt } from '../common.js'
import { emit, formatBytes, formatMs, table } from '../output.js'
import type { WaveStatusResult } from '../../control/protocol.js'

export function waveCommand (): Command {
  const cmd = new Command('wave').description('publish and follow waves')
  cmd.command('publish')
    .description('publish a new version of a channel: every node fetches the file or directory from its peers, verifies it and applies it')
    .argument('<channel>', 'channel name (lower-case letters, digits, . _ -)')
    .argument('<source>', 'the content of the new version: a file or directory (swarm, file); a URL (http); an rsync source (rsync); a repository (git)')
    .addOption(new Option('--module <module>', 'swarm: nodes fetch from each other; http, rsync, git: from the source; file: announce a file\'s hash only').default('swarm'))
    .option('--ref <ref>', 'git: the branch, tag or commit to publish (default: HEAD)')
    .option('--tags <names>', 'only nodes with any of these tags (comma-separated or repeated)', collect)
    .option('--nodes <ids>', 'only these nodes (node ids, comma-separated or repeated)', collect)
    .option('--princess-first', 'hosts of a network with princesses fetch from them, once a princess has applied it')
    .option('--version <n>', 'the new version (default: current + 1)', positiveInt('--version'))
    .option('--expires-in-ms <ms>', 'nodes ignore the wave after this long', positiveInt('--expires-in-ms'))
    .option('--json', 'print JSON')
    .option('--wait', 'then follow the wave until every known node has applied it or failed')
    .action(async (channel: string, source: string, opts: { module: string, ref?: string, tags?: string[], nodes?: string[], princessFirst?: boolean, version?: number, expiresInMs?: number, wait?: boolean, json?: boolean }, sub: Command) => {
      let path = source
      if (opts.module === 'swarm' || opts.module === 'file') {
        path = resolve(source)
        if (!existsSync(path)) throw new UsageError(`${source}: no such file or directory`)
        const info = statSync(path)
        if (opts.module === 'file' ? !info.isFile() : !(info.isFile() || info.isDirectory())) throw new UsageError(`${source}: not a regular file${opts.module === 'swarm' ? ' or directory' : ''}`)
      } else if ((opts.module === 'rsync' || opts.module === 'git') && !source.includes('://') && existsSync(source)) {
        path = resolve(source) // a local path, as every node will see it
      }
      const socket = dataDirOf(sub).socket
      const r = await callDaemon(socket, 'wave.publish', { channel, path, module: opts.module, ref: opts.ref, tags: opts.tags, nodes: opts.nodes, princessFirst: opts.princessFirst, version: opts.version, expiresInMs: opts.expiresInMs }, { timeoutMs: 600_000 })
      emit(opts.json, r, () => table([
        ['wave', `${r.channel} v${r.version}`],
        ['content', `${formatBytes(r.size)}, sha256 ${r.sha256}`],
        ['entry', `${r.entryId} at ${r.stamp}`]
      ]))
      if (opts.wait === true && opts.module !== 'file') process.exitCode = await follow(socket, channel, r.version, opts.json)
    })
  cmd.command('status')
    .description('show a wave host by host: applied, fetching (with bytes), failed (with the reason), silent')
    .argument('<channel[@version]>', 'the channel, optionally with a version (default: its newest)')
    .option('--watch', 'follow it live until every known node has applied it or failed')
    .option('--json', 'print JSON (with --watch: one line per update)')
    .action(async (spec: string, opts: { watch?: boolean, json?: boolean }, sub: Command) => {
      const m = /^([^@]+)(?:@(\d+))?$/.exec(spec)
      if (m == null) throw new UsageError(`"${spec}" is not <channel> or <channel>@<version>`)
      const socket = dataDirOf(sub).socket
      if (opts.watch === true) {
        process.exitCode = await follow(socket, m[1], m[2] != null ? Number(m[2]) : undefined, opts.json)
        return
      }
      const s = await callDaemon(socket, 'wave.status', { channel: m[1], version: m[2] != null ? Number(m[2]) : undefined })
      emit(opts.json, s, () => describe(s))
    })
  return cmd
}

function describe (s: WaveStatusResult): string {
  const targeted = s.nodes.length - s.counts['not-targeted']
  const head = `${s.channel} v${s.version} (${formatBytes(s.total)}, ${s.module}): ${s.counts.applied}/${targeted} applied` +
    `${s.counts.fetching > 0 ? `, ${s.counts.fetching} fetching` : ''}${s.counts.failed > 0 ? `, ${s.counts.failed} failed` : ''}` +
    `${s.counts.held > 0 ? `, ${s.counts.held} held` : ''}${s.counts.silent > 0 ? `, ${s.counts.silent} silent` : ''}` +
    `${s.counts['not-targeted'] > 0 ? ` (${s.counts['not-targeted']} not targeted)` : ''}`
  const rows = s.nodes.map(n => {
    const detail = n.state === 'fetching'
      ? `${formatBytes(n.bytes)} of ${formatBytes(s.total)}`
      : n.state === 'applied'
        ? `after ${formatMs(Math.max(0, n.atMs - s.publishedAtMs))}${n.fromPeers > 0 ? `, ${formatBytes(n.fromPeers)} from peers` : ''}`
        : n.reason
    return `  ${n.nodeId}  ${n.state.padEnd(8)}  ${detail}`
  })
  return [head, ...rows].join('\n')
}

/** Follows a wave until every known node has applied it or failed; exit code 0 when all applied. */
async function follow (socket: string, channel: string, version: number | undefined, json: boolean | undefined): Promise<number> {
  const tty = process.stdout.isTTY === true && json !== true
  const bar = tty ? new cliProgress.SingleBar({ format: '  {bar} {value}/{total} applied  {failed} failed  {duration_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined
  let last = ''
  for (;;) {
    const s = await callDaemon(socket, 'wave.status', { channel, version })
    if (bar != null) {
      const targeted = s.nodes.length - s.counts['not-targeted']
      if (last === '') bar.start(targeted, 0, { failed: 0 })
      bar.setTotal(targeted)
      bar.update(s.counts.applied, { failed: s.counts.failed })
      last = 'started'
    } else {
      const line = json === true ? JSON.stringify(s) : `${s.counts.applied}/${s.nodes.length} applied, ${s.counts.fetching} fetching, ${s.counts.failed} failed, ${s.counts.silent} silent`
      if (line !== last) process.stdout.write(line + '\n')
      last = line
    }
    if (s.counts.fetching === 0 && s.counts.silent === 0 && s.counts.held === 0) {
      bar?.stop()
      if (json !== true) process.stdout.write(describe(s) + '\n')
      return s.counts.failed === 0 ? 0 : 1
    }
    await new Promise(resolve => setTimeout(resolve, 250))
  }
}
