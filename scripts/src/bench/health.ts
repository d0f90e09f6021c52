import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { identityFromSeed, openSummary, sealSummary, type HealthReport, type MemberHealth } from '@waggle/protocol'
import { freePort, LocalFleet, waitFor } from '@waggle/node'
import { benchDir, note } from './common.js'

export interface HealthBenchResult {
  /** Members in the summary codec part. */
  members: number
  /** Signing and encoding one round of that many members, ms, and the parts it took. */
  seal_round_ms: number
  summary_parts: number
  /** Opening (decode, check, verify) that round on a receiver, ms. */
  open_round_ms: number
  /** Codec cost per member per round, both ends, µs. */
  codec_us_per_member: number
  /** Daemons in the live part, and the supernode's interval there. */
  fleet_nodes: number
  interval_ms: number
  /** The supernode daemon's CPU per round while checking fleet_nodes - 1 members, ms (everything it does, idle work included). */
  supernode_cpu_ms_per_round: number
  /** A member daemon's CPU per round (answering one check, hearing the summary), ms: the baseline. */
  member_cpu_ms_per_round: number
  /** (supernode − member) CPU per round / members: what one more member costs its supernode, ms. */
  cpu_ms_per_member_check: number
  /** Median round trip of one check on loopback, ms. */
  check_rtt_median_ms: number
}

function report (i: number): HealthReport {
  return {
    version: 1,
    federation: new Uint8Array(32),
    wallMs: Date.now(),
    uptimeMs: 1_000_000 + i,
    load1: 0.5,
    load5: 0.4,
    load15: 0.3,
    processCpu: 1.5,
    rssBytes: 150e6,
    memFreeBytes: 8e9,
    memTotalBytes: 16e9,
    diskFreeBytes: 100e9,
    diskTotalBytes: 500e9,
    logEntries: 12_345,
    logNewestMs: Date.now(),
    applied: [{ channel: 'site-config', version: 42 }, { channel: 'images', version: 7 }, { channel: 'waggle', version: 3 }],
    peers: 12
  }
}

/** Reads one sample of a metric from Prometheus text. */
function metric (text: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)
  return m == null ? Number.NaN : Number(m[1])
}

/**
 * What health checking costs: the summary codec for `members` members (pure
 * CPU, one process), then a live fleet of `nodes` daemons with one
 * supernode checking every other node every `intervalMs`, read from the
 * daemons' own /metrics over `rounds` rounds.
 */
export async function healthBench (members: number, nodes: number, rounds: number, intervalMs = 500): Promise<HealthBenchResult> {
  const sn = identityFromSeed(new Uint8Array(createHash('sha256').update('bench-supernode').digest()))
  const federation = new Uint8Array(32)
  const lines: MemberHealth[] = Array.from({ length: members }, (_, i) => ({
    node: new Uint8Array(createHash('sha256').update(`m${i}`).digest()),
    state: 0,
    lastSeenMs: Date.now(),
    rttMs: 3,
    lagEntries: 0,
    report: report(i)
  }))
  const reps = 5
  let t = performance.now()
  let parts: Uint8Array[] = []
  for (let r = 0; r < reps; r++) parts = sealSummary(sn, federation, { wallMs: Date.now(), addrs: ['/ip4/10.0.0.1/tcp/7420'], members: lines })
  const sealMs = (performance.now() - t) / reps
  t = performance.now()
  for (let r = 0; r < reps; r++) for (const p of parts) if (!openSummary(p, federation).ok) throw new Error('a sealed summary did not open')
  const openMs = (performance.now() - t) / reps
  note(`codec: ${members} members in ${parts.length} parts, seal ${sealMs.toFixed(1)} ms, open ${openMs.toFixed(1)} ms`)

  const root = benchDir('health')
  const httpPorts = [await freePort(), await freePort()]
  const fleet = await LocalFleet.create({
    size: nodes,
    root: join(root, 'fleet'),
    name: 'bench-health',
    logLevel: 'warn',
    supernodes: [0],
    genesis: { minSupernodes: 1, healthIntervalMs: intervalMs, supernodeGraceMs: intervalMs * 6 },
    nodeEnv: { 0: { WAGGLE_HTTP_LISTEN: `127.0.0.1:${httpPorts[0]}` }, 1: { WAGGLE_HTTP_LISTEN: `127.0.0.1:${httpPorts[1]}` } }
  })
  try {
    await fleet.startAll()
    await fleet.waitForPeers()
    await waitFor('every member ok', async () => {
      const m = await fleet.call(0, 'members', {})
      return m.members.length === nodes && m.members.every(r => r.health === 'ok')
    }, { timeoutMs: 120_000, everyMs: 250 })
    const scrape = async (i: number): Promise<string> => await (await fetch(`http://127.0.0.1:${httpPorts[i]}/metrics`)).text()
    const before = await Promise.all([scrape(0), scrape(1)])
    const r0 = metric(before[0], 'waggle_health_rounds')
    await waitFor(`${rounds} rounds`, async () => metric(await scrape(0), 'waggle_health_rounds') >= r0 + rounds, { timeoutMs: rounds * intervalMs * 10 + 60_000, everyMs: intervalMs })
    const after = await Promise.all([scrape(0), scrape(1)])
    const done = metric(after[0], 'waggle_health_rounds') - r0
    const cpu = (i: number): number => (metric(after[i], 'waggle_process_cpu_seconds_total') - metric(before[i], 'waggle_process_cpu_seconds_total')) * 1000 / done
    const rtts = [...after[0].matchAll(/^waggle_member_check_rtt_seconds\{[^}]*\} ([0-9.e+-]+)$/gm)].map(m => Number(m[1]) * 1000).sort((a, b) => a - b)
    const snCpu = cpu(0)
    const memberCpu = cpu(1)
    return {
      members,
      seal_round_ms: Number(sealMs.toFixed(2)),
      summary_parts: parts.length,
      open_round_ms: Number(openMs.toFixed(2)),
      codec_us_per_member: Number(((sealMs + openMs) * 1000 / members).toFixed(2)),
      fleet_nodes: nodes,
      interval_ms: intervalMs,
      supernode_cpu_ms_per_round: Number(snCpu.toFixed(2)),
      member_cpu_ms_per_round: Number(memberCpu.toFixed(2)),
      cpu_ms_per_member_check: Number(((snCpu - memberCpu) / (nodes - 1)).toFixed(3)),
      check_rtt_median_ms: rtts.length > 0 ? Number(rtts[Math.floor(rtts.length / 2)].toFixed(2)) : Number.NaN
    }
  } finally {
    await fleet.stopAll()
    fleet.remove()
  }
}
