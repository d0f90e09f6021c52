import { BUNDLE_PAYLOAD_TYPE, CHANNEL_NAME_PATTERN, MAX_BUNDLE_ENTRIES, PROTOCOL_VERSION } from './constants.js'
import { compareBytes, sha256, toHex } from './bytes.js'
import { sealEnvelope, signatureInput } from './envelope.js'
import { fail, type Result } from './errors.js'
import { publicKeyFromNodeId, verifySignature, type Identity } from './identity.js'
import { decodeEntry, type EntryDecoding, type LogEntry } from './operation.js'
import { formatStamp } from './order.js'

/**
 * A bundle's manifest: what it holds and where it sits in its exporter's
 * chain. Stored as `manifest.json` in the bundle, signed by the exporter.
 * A bundle covers the entries its exporter *received* in a window of its
 * own clock, `fromMs < receivedAt ≤ throughMs`, so an operation that
 * reached the exporter late (with an old stamp) still travels in the next
 * bundle instead of falling between two.
 */
export interface BundleManifest {
  format: 'waggle-bundle'
  version: 1
  /** Federation id, hex. */
  federation: string
  /** Node id of the exporter, whose key signs the manifest. */
  exporter: string
  createdMs: number
  /** Hash (hex) of the manifest of the exporter's previous bundle in this chain; null for a chain's first bundle. */
  follows: string | null
  /** The exporter's arrival-time window: fromMs exclusive, throughMs inclusive. */
  window: { fromMs: number, throughMs: number }
  /** Only wave announcements of these channels (other operations always travel); null: every channel. */
  channels: string[] | null
  count: number
  /** Stamps of the first and last entry in log order; null when empty. */
  first: string | null
  last: string | null
  /** SHA-256 (hex) over the ids of the entries, in bundle order. */
  entries: string
  /**
   * Content carried with the entries (`--with-content`): how many chunk
   * files, and SHA-256 (hex) over their hashes in ascending order; null when
   * the bundle carries the log only.
   */
  chunks?: { count: number, digest: string } | null
}

/** A manifest that opened, with its hash (the bundle's identity in chains). */
export interface OpenedManifest {
  manifest: BundleManifest
  /** SHA-256 (hex) of the manifest's bytes. */
  hash: string
}

/** The signature file beside the manifest: `manifest.sig`. */
export interface ManifestSignature {
  signer: string
  signature: string
}

export type BundleFault = 'malformed' | 'bad-signature' | 'foreign-federation' | 'tampered' | 'out-of-order'

/** SHA-256 over the entries' ids, in order: ties a manifest to its entries. */
export function entriesDigest (entries: readonly LogEntry[]): Uint8Array {
  return sha256(...entries.map(e => e.id))
}

/** Describes entries (in log order) as a bundle of this exporter's chain. */
export function buildManifest (init: {
  federationId: Uint8Array
  exporter: string
  createdMs: number
  follows: string | null
  window: { fromMs: number, throughMs: number }
  channels: string[] | null
  entries: readonly LogEntry[]
  /** The chunk hashes carried, when the bundle carries content. */
  chunks?: readonly Uint8Array[]
}): BundleManifest {
  const { entries } = init
  return {
    format: 'waggle-bundle',
    version: PROTOCOL_VERSION,
    federation: toHex(init.federationId),
    exporter: init.exporter,
    createdMs: init.createdMs,
    follows: init.follows,
    window: { ...init.window },
    channels: init.channels == null ? null : [...init.channels].sort(),
    count: entries.length,
    first: entries.length > 0 ? formatStamp(entries[0].stamp) : null,
    last: entries.length > 0 ? formatStamp(entries[entries.length - 1].stamp) : null,
    entries: toHex(entriesDigest(entries)),
    chunks: init.chunks == null ? null : { count: init.chunks.length, digest: toHex(chunksDigest(init.chunks)) }
  }
}

/** SHA-256 over chunk hashes in ascending byte order: ties a manifest to the chunks it carries. */
export function chunksDigest (hashes: readonly Uint8Array[]): Uint8Array {
  return sha256(...[...hashes].sort(compareBytes))
}

/** The manifest's bytes (pretty JSON, for people) and its signature file's bytes. */
export function signManifest (identity: Identity, manifest: BundleManifest): { json: Uint8Array, sig: Uint8Array, hash: string } {
  const json = new Uint8Array(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'))
  const { envelope } = sealEnvelope(identity, BUNDLE_PAYLOAD_TYPE, json)
  const sig: ManifestSignature = { signer: identity.nodeId, signature: Buffer.from(envelope.signature).toString('base64') }
  return { json, sig: new Uint8Array(Buffer.from(JSON.stringify(sig, null, 2) + '\n')), hash: toHex(sha256(json)) }
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isHex = (v: unknown, bytes: number): v is string => typeof v === 'string' && v.length === bytes * 2 && /^[0-9a-f]*$/.test(v)
const isStamp = (v: unknown): boolean => v === null || (typeof v === 'string' && /^\d{1,16}\.\d{1,10}$/.test(v))

function checkManifest (m: any): string | undefined {
  if (m == null || typeof m !== 'object') return 'manifest.json is not a JSON object'
  if (m.format !== 'waggle-bundle' || m.version !== PROTOCOL_VERSION) return `manifest.json is not a waggle bundle manifest of version ${PROTOCOL_VERSION}`
  if (!isHex(m.federation, 32)) return 'manifest "federation" is not a 32-byte hex id'
  if (typeof m.exporter !== 'string') return 'manifest "exporter" is not a node id'
  if (!isInt(m.createdMs)) return 'manifest "createdMs" is not a time'
  if (m.follows !== null && !isHex(m.follows, 32)) return 'manifest "follows" is neither null nor a 32-byte hex hash'
  if (m.window == null || !isInt(m.window.fromMs) || !isInt(m.window.throughMs) || m.window.fromMs > m.window.throughMs) return 'manifest "window" is not {fromMs ≤ throughMs}'
  if (m.channels !== null && (!Array.isArray(m.channels) || !m.channels.every((c: unknown) => typeof c === 'string' && CHANNEL_NAME_PATTERN.test(c)))) return 'manifest "channels" is neither null nor a list of channel names'
  if (!isInt(m.count) || m.count > MAX_BUNDLE_ENTRIES) return `manifest "count" is not a count up to ${MAX_BUNDLE_ENTRIES}`
  if (!isStamp(m.first) || !isStamp(m.last)) return 'manifest "first"/"last" are not stamps'
  if (!isHex(m.entries, 32)) return 'manifest "entries" is not a 32-byte hex digest'
  if (m.chunks != null && (typeof m.chunks !== 'object' || !isInt(m.chunks.count) || !isHex(m.chunks.digest, 32))) return 'manifest "chunks" is neither null nor {count, digest}'
  return undefined
}

/**
 * Opens a manifest: parses and checks it, checks the exporter's signature
 * over its exact bytes and that it belongs to this federation.
 */
export function openManifest (json: Uint8Array, sig: Uint8Array, federationId: Uint8Array): Result<OpenedManifest, BundleFault> {
  let manifest: BundleManifest
  let signature: ManifestSignature
  try {
    manifest = JSON.parse(Buffer.from(json).toString('utf8'))
    signature = JSON.parse(Buffer.from(sig).toString('utf8'))
  } catch {
    return fail('malformed', 'manifest.json or manifest.sig is not JSON')
  }
  const problem = checkManifest(manifest)
  if (problem != null) return fail('malformed', problem)
  if (signature == null || typeof signature.signer !== 'string' || typeof signature.signature !== 'string') return fail('malformed', 'manifest.sig is not {"signer","signature"}')
  if (signature.signer !== manifest.exporter) return fail('bad-signature', `manifest.sig is by ${signature.signer}, the manifest names exporter ${manifest.exporter}`)
  let key: Uint8Array
  try {
    key = publicKeyFromNodeId(signature.signer)
  } catch {
    return fail('malformed', `manifest.sig signer "${signature.signer}" is not a node id`)
  }
  if (!verifySignature(key, signatureInput(BUNDLE_PAYLOAD_TYPE, json), Buffer.from(signature.signature, 'base64'))) {
    return fail('bad-signature', 'the exporter\'s signature over manifest.json does not verify: the manifest was changed')
  }
  if (manifest.federation !== toHex(federationId)) return fail('foreign-federation', `the bundle belongs to federation ${manifest.federation.slice(0, 16)}…, this node to ${toHex(federationId).slice(0, 16)}…`)
  return { ok: true, value: { manifest, hash: toHex(sha256(json)) } }
}

/**
 * Decodes a bundle's entry files (in bundle order) and checks them against
 * the manifest: every one decodes, they are in strictly increasing log
 * order, and their count and ids match the manifest. Signatures are checked
 * by the caller (in parallel). Any mismatch fails the whole bundle. A file
 * may be given already decoded (by {@link decodeEntry}, as it was read).
 */
export function decodeBundleEntries (opened: OpenedManifest, files: ReadonlyArray<Uint8Array | EntryDecoding>): Result<LogEntry[], BundleFault> {
  const { manifest } = opened
  if (files.length !== manifest.count) return fail('tampered', `the manifest lists ${manifest.count} entries, the bundle holds ${files.length}`)
  const entries: LogEntry[] = []
  for (let i = 0; i < files.length; i++) {
    const file = files[i]
    const decoded = file instanceof Uint8Array ? decodeEntry(file) : file
    if (!decoded.ok) return fail('tampered', `entry ${i + 1} does not decode: ${decoded.detail}`)
    const e = decoded.value
    if (i > 0 && compareBytes(entries[i - 1].key, e.key) >= 0) return fail('out-of-order', `entry ${i + 1} is not after entry ${i} in log order`)
    entries.push(e)
  }
  if (toHex(entriesDigest(entries)) !== manifest.entries) return fail('tampered', 'the entries are not the ones the manifest lists')
  return { ok: true, value: entries }
}

/** Whether an entry travels in a bundle limited to these channels. */
export function inChannels (entry: LogEntry, channels: readonly string[] | null): boolean {
  return channels == null || entry.body.type !== 'wave.announce' || channels.includes(entry.body.wave.channel)
}
