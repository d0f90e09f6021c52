import { waitFor, type LocalFleet } from '@waggle/node'

/** Characters of each daemon's log a diagnosis shows (its newest). */
const LOG_TAIL_CHARS = 6_000

/**
 * What a failed wait on a wave should say: each node's report for the
 * wave, as the queen sees it, and the newest lines of the logs of the nodes
 * that have not applied it. Never throws: it only adds to an error.
 */
export async function waveDiagnosis (fleet: LocalFleet, channel: string, version: number): Promise<string> {
  const lines: string[] = []
  try {
    const s = await fleet.call(0, 'wave.status', { channel, version })
    lines.push(`reports: ${s.nodes.map(n => `${n.nodeId.slice(-6)} ${n.state} ${n.bytes} ${n.reason ?? ''}`).join('; ')}`)
  } catch (err: any) {
    lines.push(`no wave status from the queen: ${String(err?.message ?? err)}`)
  }
  for (const [i, node] of fleet.nodes.entries()) {
    let applied: number | undefined
    try {
      applied = (await fleet.call(i, 'status', {})).applied[channel]
    } catch {}
    if (applied === version) continue
    lines.push(`--- ${node.name} (${node.nodeId.slice(-6)}), applied ${String(applied)}, log tail:\n${node.stderr.slice(-LOG_TAIL_CHARS)}`)
  }
  return lines.join('\n')
}

/**
 * waitFor, for a wave to get somewhere: on a timeout the error also says
 * where each node was (waveDiagnosis).
 */
export async function waitForWave<T> (fleet: LocalFleet, wave: { channel: string, version: number }, what: string, check: () => Promise<T | undefined | false>, opts: { timeoutMs?: number, everyMs?: number }): Promise<T> {
  try {
    return await waitFor(what, check, opts)
  } catch (err: any) {
    throw new Error(`${String(err?.message ?? err)}\n${await waveDiagnosis(fleet, wave.channel, wave.version)}`)
  }
}
