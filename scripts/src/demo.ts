/**
 * The main job, end to end: a local federation of real daemons (a queen and
 * at least 7 more, each a separate `waggle start` process with its own data
 * dir on loopback), a wave from the queen, live progress until every node
 * has recorded it, then a clean stop. Runs unattended (no terminal, CI=true);
 * Ctrl-C stops every daemon cleanly.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
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
  await fleet.waitForPeers()

  // a real directory: a config tree with a nested folder and a 3 MiB dataset (12 chunks)
  const source = join(root, 'content', 'site-config')
  mkdirSync(join(source, 'conf.d'), { recursive: true })
  writeFileSync(join(source, 'site.toml'), `# site configuration, published by the queen\n[ntp]\nservers = ["10.0.0.1", "10.0.0.2"]\ngenerated = "${new Date().toISOString()}"\n`)
  writeFileSync(join(source, 'conf.d', 'motd'), 'Welcome to the federation.\n')
  writeFileSync(join(source, 'dataset.bin'), randomBytes(3 * 1024 * 1024))
  const wave = await fleet.call(0, 'wave.publish', { channel: 'site-config', path: source })
  say(`queen published wave site-config v${wave.version}: a directory of ${(wave.size / 1024 / 1024).toFixed(1)} MiB (manifest ${wave.sha256.slice(0, 16)}…)`)
  say('every node fetches it from its peers, verifies each chunk, applies it atomically and reports:')

  const bar = tty ? new cliProgress.SingleBar({ format: '  applied on {bar} {value}/{total} nodes  {fetching} fetching  {duration_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined
  bar?.start(opts.nodes, 0, { fetching: 0 })
  let reported = ''
  const status = await waitFor('every node to report the wave applied', async () => {
    const s = await fleet!.call(0, 'wave.status', { channel: 'site-config', version: wave.version })
    bar?.update(s.counts.applied, { fetching: s.counts.fetching })
    const line = `  ${s.counts.applied}/${opts.nodes} applied, ${s.counts.fetching} fetching, ${s.counts.failed} failed`
    if (bar == null && line !== reported) { reported = line; say(line) }
    if (s.counts.failed > 0) throw new Error(`a node failed: ${s.nodes.filter(n => n.state === 'failed').map(n => `${n.nodeId}: ${n.reason}`).join('; ')}`)
    return s.counts.applied === opts.nodes ? s : undefined
  }, { timeoutMs: 120_000, everyMs: 100 })
  bar?.stop()

  say('')
  say('node      node id                                                applied after   from peers')
  for (const n of fleet.nodes) {
    const r = status.nodes.find(x => x.nodeId === n.nodeId)
    const after = r != null ? `${Math.max(0, r.atMs - status.publishedAtMs)} ms` : '?'
    const peers = r != null && r.fromPeers > 0 ? `${(r.fromPeers / 1024 / 1024).toFixed(1)} MiB` : (n.index === 0 ? '(origin)' : '0')
    say(`${n.name.padEnd(9)} ${n.nodeId}  ${after.padStart(12)}   ${peers}`)
  }
  // what a user would check: every node's current version is the queen's directory, byte for byte
  for (const n of fleet.nodes) {
    const current = join(n.dir.channels, 'site-config', 'current')
    for (const rel of ['site.toml', join('conf.d', 'motd'), 'dataset.bin']) {
      if (!readFileSync(join(current, rel)).equals(readFileSync(join(source, rel)))) throw new Error(`${n.name}: ${rel} differs from the queen's`)
    }
  }
  const lastMs = Math.max(...status.nodes.map(r => r.atMs)) - status.publishedAtMs
  say('')
  say(`every node applied site-config v${wave.version} ${lastMs} ms after the queen published it; each node's channels/site-config/current matches the source byte for byte`)
  return (await shutdown()) ? 0 : 1
}

run().then(code => { if (!interrupted) process.exitCode = code }, async (err: unknown) => {
  if (interrupted) return // the SIGINT handler reports and exits
  process.stderr.write(`demo failed: ${String((err as Error)?.message ?? err)}\n`)
  await shutdown().catch(() => {})
  process.exitCode = 1
})
