import { ID_BYTES, MAX_ENVELOPE_BYTES, REPORT_PAYLOAD_TYPE, CHANNEL_NAME_PATTERN } from './constants.js'
import { decodeEnvelope, sealEnvelope, verifyEnvelope } from './envelope.js'
import { fail, type Result } from './errors.js'
import { nodeIdFromPublicKey, type Identity } from './identity.js'
import { Report } from './messages.js'
import { equalBytes } from './bytes.js'

/** What a node says of a wave. */
export type ReportState = 'fetching' | 'applied' | 'failed' | 'held' | 'not-targeted'
export const REPORT_STATES: readonly ReportState[] = ['fetching', 'applied', 'failed', 'held', 'not-targeted']

/** A report as a node reads it: who said it (verified) and what. */
export interface WaveReport {
  reporter: string
  channel: string
  channelVersion: number
  /** Entry id (hex) of the announcement. */
  wave: string
  state: ReportState
  bytes: number
  total: number
  fromPeers: number
  reason: string
  wallMs: number
}

/** Longest reason carried in a report, in characters. */
const MAX_REASON_CHARS = 1000

/**
 * Signs a report. Reports are signed by the reporting node, so no node can
 * speak for another (reports are routed through peers, never trusted for
 * who they name).
 */
export function sealReport (identity: Identity, federation: Uint8Array, r: Omit<WaveReport, 'reporter'>): Uint8Array {
  const report: Report = {
    version: 1,
    federation: new Uint8Array(federation),
    channel: r.channel,
    channelVersion: r.channelVersion,
    wave: new Uint8Array(Buffer.from(r.wave, 'hex')),
    state: REPORT_STATES.indexOf(r.state),
    bytes: r.bytes,
    total: r.total,
    fromPeers: r.fromPeers,
    reason: r.reason.slice(0, MAX_REASON_CHARS),
    wallMs: r.wallMs
  }
  return sealEnvelope(identity, REPORT_PAYLOAD_TYPE, Report.encode(report)).bytes
}

/** Opens a gossiped report: decode with limits, signature, federation. Never throws. */
export function openReport (bytes: Uint8Array, federation: Uint8Array): Result<WaveReport, 'malformed' | 'bad-signature' | 'wrong-federation'> {
  if (bytes.byteLength > MAX_ENVELOPE_BYTES) return fail('malformed', 'report too large')
  const decoded = decodeEnvelope(bytes)
  if (!decoded.ok) return fail('malformed', decoded.detail)
  const { envelope } = decoded.value
  if (envelope.payloadType !== REPORT_PAYLOAD_TYPE) return fail('malformed', `payload type ${envelope.payloadType} is not a report`)
  let r: Report
  try {
    r = Report.decode(envelope.payload)
  } catch (err: any) {
    return fail('malformed', `report does not decode: ${String(err?.message ?? err)}`)
  }
  if (r.version !== 1 || !CHANNEL_NAME_PATTERN.test(r.channel) || r.wave.byteLength !== ID_BYTES || r.state >= REPORT_STATES.length ||
    ![r.channelVersion, r.bytes, r.total, r.fromPeers, r.wallMs].every(n => Number.isSafeInteger(n) && n >= 0) || r.reason.length > MAX_REASON_CHARS) {
    return fail('malformed', 'report fields out of range')
  }
  if (!equalBytes(r.federation, federation)) return fail('wrong-federation', 'report of another federation')
  if (!verifyEnvelope(decoded.value)) return fail('bad-signature', 'report signature does not verify')
  return {
    ok: true,
    value: {
      reporter: nodeIdFromPublicKey(envelope.signer),
      channel: r.channel,
      channelVersion: r.channelVersion,
      wave: Buffer.from(r.wave).toString('hex'),
      state: REPORT_STATES[r.state],
      bytes: r.bytes,
      total: r.total,
      fromPeers: r.fromPeers,
      reason: r.reason,
      wallMs: r.wallMs
    }
  }
}
