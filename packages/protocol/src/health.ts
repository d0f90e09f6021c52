import {
  CHANNEL_NAME_PATTERN, HEALTH_SUMMARY_PAYLOAD_TYPE, MAX_ENVELOPE_BYTES, MAX_HEALTH_CHANNELS, MAX_SUMMARY_ADDR_CHARS, MAX_SUMMARY_ADDRS,
  MAX_SUMMARY_MEMBERS, MAX_SUMMARY_PARTS, PROTOCOL_VERSION, PUBLIC_KEY_BYTES, SUMMARY_PART_BUDGET_BYTES
} from './constants.js'
import { decodeEnvelope, sealEnvelope, verifyEnvelope } from './envelope.js'
import { fail, type Result } from './errors.js'
import { nodeIdFromPublicKey, type Identity } from './identity.js'
import { HealthReport, HealthRequest, HealthSummary, MemberHealth } from './messages.js'
import { equalBytes, toHex } from './bytes.js'

/** A member's health as its supernode judges it. */
export type HealthState = 'ok' | 'late' | 'down'
export const HEALTH_STATES: readonly HealthState[] = ['ok', 'late', 'down']

/**
 * The health state of a node checked every `intervalMs`: ok while its last
 * check succeeded, late once a check was missed, down once it has been
 * missing for longer than `graceMs`. `sinceMs` is when the checker started
 * looking at it (it is not down before the grace has run from there).
 */
export function healthStateOf (o: { lastOkMs: number, lastCheckOk: boolean, sinceMs: number, nowMs: number, graceMs: number }): HealthState {
  if (o.lastCheckOk) return 'ok'
  return o.nowMs - Math.max(o.lastOkMs, o.sinceMs) > o.graceMs ? 'down' : 'late'
}

/** Limits every health report decode enforces. */
const REPORT_LIMITS = { applied: MAX_HEALTH_CHANNELS }

/** Encodes a health request. */
export function encodeHealthRequest (federation: Uint8Array, wallMs: number): Uint8Array {
  return HealthRequest.encode({ version: PROTOCOL_VERSION, federation: new Uint8Array(federation), wallMs })
}

/** Decodes a health request of this federation. Never throws. */
export function decodeHealthRequest (bytes: Uint8Array, federation: Uint8Array): Result<HealthRequest, 'malformed' | 'wrong-federation'> {
  let req: HealthRequest
  try {
    req = HealthRequest.decode(bytes)
  } catch (err: any) {
    return fail('malformed', `health request does not decode: ${String(err?.message ?? err)}`)
  }
  if (req.version !== PROTOCOL_VERSION || !Number.isSafeInteger(req.wallMs)) return fail('malformed', 'health request fields out of range')
  if (!equalBytes(req.federation, federation)) return fail('wrong-federation', 'health request of another federation')
  return { ok: true, value: req }
}

/** Why a report's fields are out of range, or undefined when they are sound. */
function checkReport (r: HealthReport): string | undefined {
  if (r.version !== PROTOCOL_VERSION) return `report version ${r.version}`
  const counts = [r.wallMs, r.uptimeMs, r.rssBytes, r.memFreeBytes, r.memTotalBytes, r.diskFreeBytes, r.diskTotalBytes, r.logEntries, r.logNewestMs]
  if (!counts.every(n => Number.isSafeInteger(n) && n >= 0)) return 'a count is out of range'
  if (![r.load1, r.load5, r.load15, r.processCpu].every(x => Number.isFinite(x) && x >= 0 && x < 1e9)) return 'a load figure is out of range'
  if (r.applied.length > MAX_HEALTH_CHANNELS) return `more than ${MAX_HEALTH_CHANNELS} channels`
  for (const a of r.applied) {
    if (!CHANNEL_NAME_PATTERN.test(a.channel) || !Number.isSafeInteger(a.version) || a.version < 0) return 'an applied version is out of range'
  }
  return undefined
}

/** Encodes a node's health report (applied versions beyond the limit are left out). */
export function encodeHealthReport (r: Omit<HealthReport, 'version' | 'federation'>, federation: Uint8Array): Uint8Array {
  return HealthReport.encode({ ...r, version: PROTOCOL_VERSION, federation: new Uint8Array(federation), applied: r.applied.slice(0, MAX_HEALTH_CHANNELS) })
}

/** Decodes and checks a health report of this federation. Never throws. */
export function decodeHealthReport (bytes: Uint8Array, federation: Uint8Array): Result<HealthReport, 'malformed' | 'wrong-federation'> {
  let r: HealthReport
  try {
    r = HealthReport.decode(bytes, { limits: REPORT_LIMITS })
  } catch (err: any) {
    return fail('malformed', `health report does not decode: ${String(err?.message ?? err)}`)
  }
  const problem = checkReport(r)
  if (problem != null) return fail('malformed', `health report: ${problem}`)
  if (!equalBytes(r.federation, federation)) return fail('wrong-federation', 'health report of another federation')
  return { ok: true, value: r }
}

/** A summary round as its supernode writes it. */
export interface SummaryInput {
  wallMs: number
  addrs: readonly string[]
  members: readonly MemberHealth[]
}

/**
 * Signs a supernode's summary round, in as many parts as its members need
 * (each part's envelope stays under MAX_ENVELOPE_BYTES). Always at least
 * one part, so a supernode with no members still says it is alive.
 */
export function sealSummary (identity: Identity, federation: Uint8Array, s: SummaryInput): Uint8Array[] {
  const addrs = s.addrs.filter(a => a.length <= MAX_SUMMARY_ADDR_CHARS).slice(0, MAX_SUMMARY_ADDRS)
  const groups: MemberHealth[][] = [[]]
  let bytes = 0
  for (const m of s.members) {
    const size = MemberHealth.encode(m).byteLength + 4
    const group = groups[groups.length - 1]
    if (group.length > 0 && (bytes + size > SUMMARY_PART_BUDGET_BYTES || group.length >= MAX_SUMMARY_MEMBERS)) {
      groups.push([m])
      bytes = size
    } else {
      group.push(m)
      bytes += size
    }
  }
  if (groups.length > MAX_SUMMARY_PARTS) throw new RangeError(`a summary of ${s.members.length} members needs more than ${MAX_SUMMARY_PARTS} parts`)
  return groups.map((members, part) => sealEnvelope(identity, HEALTH_SUMMARY_PAYLOAD_TYPE, HealthSummary.encode({
    version: PROTOCOL_VERSION,
    federation: new Uint8Array(federation),
    wallMs: s.wallMs,
    part,
    parts: groups.length,
    addrs,
    members
  })).bytes)
}

/** One member's line of a summary, as a node reads it. */
export interface MemberHealthView {
  /** Key (hex) and node id. */
  key: string
  nodeId: string
  state: HealthState
  lastSeenMs: number
  rttMs: number
  lagEntries: number
  report?: HealthReport
}

/** A summary part as a node reads it, its signature verified. */
export interface OpenedSummary {
  /** The supernode: key (hex) and node id. */
  signer: string
  nodeId: string
  wallMs: number
  part: number
  parts: number
  addrs: string[]
  members: MemberHealthView[]
}

export type SummaryFault = 'malformed' | 'wrong-federation' | 'bad-signature'

/**
 * Opens a gossiped summary part: size, decode with limits, every field in
 * range, federation, signature. Whether its signer may speak for members
 * (an active supernode) is the receiver's call, on its own log. Never throws.
 */
export function openSummary (bytes: Uint8Array, federation: Uint8Array): Result<OpenedSummary, SummaryFault> {
  if (bytes.byteLength > MAX_ENVELOPE_BYTES) return fail('malformed', 'summary too large')
  const decoded = decodeEnvelope(bytes)
  if (!decoded.ok) return fail('malformed', decoded.detail)
  const { envelope } = decoded.value
  if (envelope.payloadType !== HEALTH_SUMMARY_PAYLOAD_TYPE) return fail('malformed', `payload type ${envelope.payloadType} is not a health summary`)
  let s: HealthSummary
  try {
    s = HealthSummary.decode(envelope.payload, { limits: { addrs: MAX_SUMMARY_ADDRS, members: MAX_SUMMARY_MEMBERS, members$: { report: REPORT_LIMITS } } })
  } catch (err: any) {
    return fail('malformed', `summary does not decode: ${String(err?.message ?? err)}`)
  }
  if (s.version !== PROTOCOL_VERSION || !Number.isSafeInteger(s.wallMs) || s.parts < 1 || s.parts > MAX_SUMMARY_PARTS || s.part >= s.parts) {
    return fail('malformed', 'summary fields out of range')
  }
  if (s.addrs.some(a => a.length > MAX_SUMMARY_ADDR_CHARS)) return fail('malformed', 'summary address too long')
  const members: MemberHealthView[] = []
  const seen = new Set<string>()
  for (const m of s.members) {
    if (m.node.byteLength !== PUBLIC_KEY_BYTES || m.state >= HEALTH_STATES.length || !Number.isSafeInteger(m.lastSeenMs) || m.lastSeenMs < 0 ||
      !Number.isSafeInteger(m.lagEntries) || m.lagEntries < 0) {
      return fail('malformed', 'summary member fields out of range')
    }
    if (m.report != null) {
      const problem = checkReport(m.report)
      if (problem != null) return fail('malformed', `summary member report: ${problem}`)
    }
    const key = toHex(m.node)
    if (seen.has(key)) return fail('malformed', 'summary lists a member twice')
    seen.add(key)
    members.push({ key, nodeId: nodeIdFromPublicKey(m.node), state: HEALTH_STATES[m.state], lastSeenMs: m.lastSeenMs, rttMs: m.rttMs, lagEntries: m.lagEntries, report: m.report })
  }
  if (!equalBytes(s.federation, federation)) return fail('wrong-federation', 'summary of another federation')
  if (!verifyEnvelope(decoded.value)) return fail('bad-signature', 'summary signature does not verify')
  return {
    ok: true,
    value: { signer: toHex(envelope.signer), nodeId: nodeIdFromPublicKey(envelope.signer), wallMs: s.wallMs, part: s.part, parts: s.parts, addrs: s.addrs, members }
  }
}
