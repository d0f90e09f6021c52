/**
 * scripts/bench <name> [options] [--json]: runs one benchmark; progress goes
 * to stderr, the result to stdout, with --json as one JSON object on the
 * last line. Timing never decides a test: benchmarks are for reading.
 */
import { Command, InvalidArgumentError } from 'commander'
import { waveBench } from './wave.js'
import { logBench } from './log.js'
import { memoryBench } from './memory.js'
import { bundleBench } from './bundle.js'
import { contentBench, type ContentBenchMesh } from './content.js'
import { healthBench } from './health.js'

function int (name: string, min: number, max: number): (v: string) => number {
  return (v: string) => {
    const n = Number(v)
    if (!/^\d+$/.test(v) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`)
    return n
  }
}

function print (json: boolean | undefined, result: object): void {
  if (json === true) process.stdout.write(JSON.stringify(result) + '\n')
  else for (const [k, v] of Object.entries(result)) process.stdout.write(`${k.padEnd(26)} ${Array.isArray(v) ? v.join(', ') : String(v)}\n`)
}

const program = new Command('bench').description('waggle benchmarks').showHelpAfterError()
program.command('wave')
  .description('time from a wave\'s publish to the last of N daemon processes recording it')
  .option('--nodes <n>', 'daemons, the queen included', int('--nodes', 2, 200), 50)
  .option('--runs <r>', 'waves to time (after one warm-up)', int('--runs', 1, 100), 5)
  .option('--json', 'print one JSON object')
  .action(async (o: { nodes: number, runs: number, json?: boolean }) => { print(o.json, await waveBench(o.nodes, o.runs)) })
program.command('log')
  .description('verify, apply and catch-up throughput of log operations')
  .option('--entries <e>', 'operations', int('--entries', 1, 1_000_000), 10_000)
  .option('--json', 'print one JSON object')
  .action(async (o: { entries: number, json?: boolean }) => { print(o.json, await logBench(o.entries)) })
program.command('memory')
  .description('resident memory of an idle daemon, and after it pulled E log operations')
  .option('--entries <e>', 'operations', int('--entries', 1, 1_000_000), 10_000)
  .option('--idle-s <s>', 'seconds to let the daemon settle before each reading', int('--idle-s', 1, 600), 10)
  .option('--json', 'print one JSON object')
  .action(async (o: { entries: number, idleS: number, json?: boolean }) => { print(o.json, await memoryBench(o.entries, o.idleS)) })

program.command('bundle')
  .description('export E operations to a bundle and import it into a fresh daemon')
  .option('--entries <e>', 'operations', int('--entries', 1, 1_000_000), 10_000)
  .option('--json', 'print one JSON object')
  .action(async (o: { entries: number, json?: boolean }) => { print(o.json, await bundleBench(o.entries)) })

program.command('content')
  .description('time from a swarm wave\'s publish until N upload-capped daemons applied it, against the peer-assisted bound')
  .option('--nodes <n>', 'daemons, the queen included', int('--nodes', 2, 200), 10)
  .option('--size-mib <s>', 'MiB of random bytes published', int('--size-mib', 1, 4096), 64)
  .option('--upload-cap-kibps <u>', 'every node\'s chunk upload cap, KiB/s', int('--upload-cap-kibps', 1, 10_000_000), 10240)
  .option('--mesh <m>', 'full: every node dials every earlier one; sparse: the queen and 3 earlier nodes at random; fleet: LocalFleet\'s bootstrap pattern', (v: string) => {
    if (v !== 'full' && v !== 'sparse' && v !== 'fleet') throw new InvalidArgumentError('--mesh is full, sparse or fleet')
    return v
  }, 'full')
  .option('--json', 'print one JSON object')
  .action(async (o: { nodes: number, sizeMib: number, uploadCapKibps: number, mesh: ContentBenchMesh, json?: boolean }) => {
    print(o.json, await contentBench(o.nodes, o.sizeMib, o.uploadCapKibps, { mesh: o.mesh }))
  })

program.command('health')
  .description('what supernode health checking costs: the summary codec per member, and a live supernode checking N-1 daemons')
  .option('--members <m>', 'members in the codec part', int('--members', 1, 65_536), 1000)
  .option('--nodes <n>', 'daemons in the live part, the supernode included', int('--nodes', 2, 100), 8)
  .option('--rounds <r>', 'health rounds to measure', int('--rounds', 1, 10_000), 40)
  .option('--json', 'print one JSON object')
  .action(async (o: { members: number, nodes: number, rounds: number, json?: boolean }) => { print(o.json, await healthBench(o.members, o.nodes, o.rounds)) })

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${String((err as Error)?.stack ?? err)}\n`)
  process.exitCode = 1
})
