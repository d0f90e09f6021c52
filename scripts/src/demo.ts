/**
 * The main job, end to end: a local federation of real daemons (a queen and
 * at least 7 more, each a separate `waggle start` process with its own data
 * dir on loopback), a wave from the queen, live progress until every node
 * has recorded it, then a clean stop. Runs unattended (no terminal, CI=true);
 * Ctrl-C stops every daemon cleanly.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Command, InvalidArgumentError } from 'commander'
import cliProgress from 'cli-progress'
import { LocalFleet, waitFor } from '@waggle/node'

const program = new Command('demo')
  .description('run a local federation, publish a wave from the queen and watch it reach every node')
  .option('--nodes <n>', 'daemons, the queen included (at least 2)', (v: string) => {
    const n = Number(v)
    if (!Number.isSafeInteger(n) || n < 2 || n > 200) throw new InvalidArgumentError('--nodes must be a whole number from 2 to 200')
    return n
  }, 8)
  .option('--dir <dir>', 'where the data dirs go', '.demo')
  .option('--keep', 'leave the data dirs behind for a look (waggle --data-dir .demo/queen log)')
  .showHelpAfterError()

const opts = program.parse().opts<{ nodes: number, dir: string, keep?: boolean }>()
const tty = process.stdout.isTTY === true && process.env.CI !== 'true'
const say = (s: string): void => { process.stdout.write(s + '\n') }

let fleet: LocalFleet | undefined
let interrupted = false
let stopping: Promise<boolean> | undefined

/** Stops every daemon once, however many times it is asked. */
async function shutdown (): Promise<boolean> {
  stopping ??= (async () => {
    if (fleet == null) return true
    say(`stopping ${fleet.nodes.length} daemons…`)
    const codes = await fleet.stopAll()
    // on Ctrl-C the terminal signals the daemons too: a daemon that was still
    // starting may exit by the signal itself (no exit code)
    const clean = codes.every(c => c === 0 || c == null)
    say(clean ? 'every daemon stopped cleanly' : `some daemons did not exit cleanly: exit codes ${codes.join(', ')}`)
    if (opts.keep !== true) fleet.remove()
    return clean
  })()
  return await stopping
}

process.once('SIGINT', () => {
  interrupted = true
  say('\ninterrupted')
  void shutdown().then(() => { process.exit(130) })
})

async function run (): Promise<number> {
  const root = resolve(opts.dir)
  say(`waggle demo: a federation of ${opts.nodes} daemons on 127.0.0.1 (data dirs in ${root}/)`)
  fleet = await LocalFleet.create({ size: opts.nodes, root, name: 'demo', logLevel: 'warn' })
  say(`  federation ${fleet.federationId.slice(0, 16)}…, queen ${fleet.queen.nodeId}`)
  say('  each node: waggle init --genesis queen/genesis.bin --bootstrap <queen> && waggle start')

  const t0 = Date.now()
  await fleet.startAll()
  say(`started ${opts.nodes} daemons in ${((Date.now() - t0) / 1000).toFixed(1)} s; waiting for every node to find a peer…`)
  await waitFor('every node to have a peer', async () => {
    const peers = await Promise.all(fleet!.nodes.map(async n => (await fleet!.call(n.index, 'status', {})).peers))
    return peers.every(p => p >= 1) ? peers : undefined
  }, { timeoutMs: 60_000, everyMs: 200 })

  const contentDir = join(root, 'content')
  mkdirSync(contentDir, { recursive: true })
  const file = join(contentDir, 'site-config.toml')
  writeFileSync(file, `# site configuration, published by the queen\n[ntp]\nservers = ["10.0.0.1", "10.0.0.2"]\ngenerated = "${new Date().toISOString()}"\n`)
  const wave = await fleet.call(0, 'wave.publish', { channel: 'site-config', path: file })
  say(`queen published wave site-config v${wave.version} (${wave.size} bytes, sha256 ${wave.sha256.slice(0, 16)}…)`)

  const bar = tty ? new cliProgress.SingleBar({ format: '  recorded by {bar} {value}/{total} nodes  {duration_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined
  bar?.start(opts.nodes, 0)
  const arrivals = new Map<number, number>()
  let reported = -1
  await waitFor('every node to record the wave', async () => {
    await Promise.all(fleet!.nodes.filter(n => !arrivals.has(n.index)).map(async n => {
      const log = await fleet!.call(n.index, 'log', { channel: 'site-config' })
      const e = log.entries.find(x => x.id === wave.entryId)
      if (e != null) arrivals.set(n.index, e.receivedAtMs)
    }))
    bar?.update(arrivals.size)
    if (bar == null && arrivals.size !== reported) { reported = arrivals.size; say(`  recorded by ${arrivals.size}/${opts.nodes} nodes`) }
    return arrivals.size === opts.nodes ? true : undefined
  }, { timeoutMs: 60_000, everyMs: 50 })
  bar?.stop()

  const lastMs = Math.max(...arrivals.values()) - wave.publishedAtMs
  say('')
  say('node      node id                                                arrived after publish')
  for (const n of fleet.nodes) {
    say(`${n.name.padEnd(9)} ${n.nodeId}  ${String(Math.max(0, arrivals.get(n.index)! - wave.publishedAtMs)).padStart(5)} ms`)
  }
  say('')
  say(`every node recorded wave site-config v${wave.version} ${lastMs} ms after the queen published it (each node stamps its own arrival)`)
  return (await shutdown()) ? 0 : 1
}

run().then(code => { if (!interrupted) process.exitCode = code }, async (err: unknown) => {
  if (interrupted) return // the SIGINT handler reports and exits
  process.stderr.write(`demo failed: ${String((err as Error)?.message ?? err)}\n`)
  await shutdown().catch(() => {})
  process.exitCode = 1
})
