import { Operation, type ContentDescriptor, type Genesis, type WaveAnnounce } from './messages.js'
import {
  CHANNEL_NAME_PATTERN, HLC_MAX_COUNTER, ID_BYTES, ORDER_KEY_BYTES, MAX_CONTENT_NAME_CHARS, MAX_FEDERATION_NAME_CHARS, MAX_GENESIS_KEYS,
  MAX_CONTENT_SOURCE_CHARS, MAX_MODULE_NAME_CHARS, MAX_TARGET_NODES, MAX_TARGET_TAGS, MAX_TREE_MANIFEST_BYTES, MIN_GENESIS_NONCE_BYTES, OP_PAYLOAD_TYPE, PROTOCOL_VERSION, PUBLIC_KEY_BYTES
} from './constants.js'
import { decodeEnvelope, entryIdOf, sealEnvelope, type EnvelopeFault, type SignedEnvelope } from './envelope.js'
import { fail, InvalidOperationError, type Result } from './errors.js'
import { nodeIdFromPublicKey, type Identity } from './identity.js'
import { entryKey } from './order.js'
import { toHex } from './bytes.js'
import type { Stamp } from './hlc.js'

export type { ContentDescriptor, Genesis, WaveAnnounce, Params } from './messages.js'

/** What an operation does: exactly one of these per operation. */
export type OperationBody =
  | { type: 'genesis', genesis: Genesis }
  | { type: 'wave.announce', wave: WaveAnnounce }

/** A wave as callers write it: targets may be left out (every node). */
export type WaveInput = Omit<WaveAnnounce, 'targetTags' | 'targetNodes'> & Partial<Pick<WaveAnnounce, 'targetTags' | 'targetNodes'>>

/** What createEntry takes: an operation body, with a wave's defaults optional. */
export type OperationInput =
  | { type: 'genesis', genesis: Genesis }
  | { type: 'wave.announce', wave: WaveInput }

/** The kind names of operations, as logs and the CLI show them. */
export type OperationType = OperationBody['type']

/** One operation of the log, decoded, with everything derived from its bytes. */
export interface LogEntry {
  /** SHA-256 over signer and payload: the same operation always has the same id. */
  readonly id: Uint8Array<ArrayBuffer>
  readonly idHex: string
  /** Sort key: (wallMs, counter, signer, id); byte order is log order. */
  readonly key: Uint8Array<ArrayBuffer>
  readonly stamp: Stamp
  readonly signer: Uint8Array
  /** The signer's node id (PeerId string). */
  readonly author: string
  readonly federation: Uint8Array
  readonly body: OperationBody
  /** The canonical envelope bytes: stored, gossiped and served as they are. */
  readonly envelope: Uint8Array
  readonly signed: SignedEnvelope
}

/** Reasons bytes are not a usable log entry (before any signature check). */
export type EntryFault = EnvelopeFault | 'not-an-operation' | 'invalid-operation'

/** Builds and signs an operation. Throws InvalidOperationError when the body breaks the schema. */
export function createEntry (identity: Identity, federation: Uint8Array, stamp: Stamp, body: OperationInput): LogEntry {
  const op: Operation = {
    version: PROTOCOL_VERSION,
    federation: new Uint8Array(body.type === 'genesis' ? new Uint8Array(0) : federation),
    wallMs: stamp.wallMs,
    counter: stamp.counter,
    genesis: body.type === 'genesis' ? body.genesis : undefined,
    waveAnnounce: body.type === 'wave.announce' && body.wave != null ? { targetTags: [], targetNodes: [], ...body.wave } : undefined
  }
  const problem = checkOperation(op)
  if (problem != null) throw new InvalidOperationError(problem)
  const signed = sealEnvelope(identity, OP_PAYLOAD_TYPE, Operation.encode(op))
  const entry = entryFromEnvelope(signed)
  if (!entry.ok) throw new InvalidOperationError(entry.detail)
  return entry.value
}

/**
 * Decodes envelope bytes into a log entry, enforcing every size limit and
 * the schema. The signature is not checked here (see verifyEnvelope), so
 * callers can verify many entries in parallel. Never throws.
 */
export function decodeEntry (bytes: Uint8Array): Result<LogEntry, EntryFault> {
  const decoded = decodeEnvelope(bytes)
  if (!decoded.ok) return decoded
  return entryFromEnvelope(decoded.value)
}

function entryFromEnvelope (signed: SignedEnvelope): Result<LogEntry, EntryFault> {
  const { envelope } = signed
  if (envelope.payloadType !== OP_PAYLOAD_TYPE) return fail('not-an-operation', `payload type ${envelope.payloadType} is not an operation`)
  let op: Operation
  try {
    op = Operation.decode(envelope.payload, { limits: { genesis: { roots: MAX_GENESIS_KEYS, queens: MAX_GENESIS_KEYS }, waveAnnounce: { targetTags: MAX_TARGET_TAGS, targetNodes: MAX_TARGET_NODES } } })
  } catch (err: any) {
    return fail('invalid-operation', `operation does not decode: ${String(err?.message ?? err)}`)
  }
  const problem = checkOperation(op)
  if (problem != null) return fail('invalid-operation', problem)
  const body: OperationBody = op.genesis != null
    ? { type: 'genesis', genesis: op.genesis }
    : { type: 'wave.announce', wave: op.waveAnnounce as WaveAnnounce }
  const stamp = { wallMs: op.wallMs, counter: op.counter }
  const key = entryKey(stamp, envelope.signer, entryIdOf(envelope))
  // the id is the key's tail: one buffer for both
  const id = key.subarray(ORDER_KEY_BYTES)
  return {
    ok: true,
    value: {
      id,
      idHex: toHex(id),
      key,
      stamp,
      signer: envelope.signer,
      author: nodeIdFromPublicKey(envelope.signer),
      federation: op.federation,
      body,
      envelope: signed.bytes,
      signed
    }
  }
}

/**
 * The federation id a genesis entry founds: its entry id, SHA-256 over the
 * founder's key and the genesis payload. It does not cover the signature:
 * a signer can make many valid signatures over one payload, and a founder
 * must not be able to found two federations with one genesis.
 */
export function federationIdOf (genesis: LogEntry): Uint8Array {
  return new Uint8Array(genesis.id)
}

function keyList (keys: Uint8Array[], what: string): string | undefined {
  if (keys.length > MAX_GENESIS_KEYS) return `${what}: more than ${MAX_GENESIS_KEYS} keys`
  for (const k of keys) if (k.byteLength !== PUBLIC_KEY_BYTES) return `${what}: a key is ${k.byteLength} bytes, expected ${PUBLIC_KEY_BYTES}`
  return undefined
}

function checkContent (c: ContentDescriptor | undefined): string | undefined {
  if (c == null) return 'wave.announce has no content descriptor'
  if (c.module.length === 0 || c.module.length > MAX_MODULE_NAME_CHARS) return `content module name must be 1..${MAX_MODULE_NAME_CHARS} characters`
  if (!Number.isSafeInteger(c.size) || c.size < 0) return `content size ${c.size} is not a byte count`
  if (c.sha256.byteLength !== 32) return `content sha256 is ${c.sha256.byteLength} bytes, expected 32`
  if (c.name.length > MAX_CONTENT_NAME_CHARS) return `content name longer than ${MAX_CONTENT_NAME_CHARS} characters`
  if ((c.source?.length ?? 0) > MAX_CONTENT_SOURCE_CHARS || (c.ref?.length ?? 0) > MAX_CONTENT_SOURCE_CHARS) return `content source and ref are at most ${MAX_CONTENT_SOURCE_CHARS} characters`
  if (c.module === 'swarm' && (c.manifestSize == null || !Number.isSafeInteger(c.manifestSize) || c.manifestSize < 1 || c.manifestSize > MAX_TREE_MANIFEST_BYTES)) {
    return `a swarm descriptor needs a tree manifest size from 1 to ${MAX_TREE_MANIFEST_BYTES} bytes`
  }
  return undefined
}

/** The schema's rules beyond what protobuf enforces; a message, or undefined when sound. */
export function checkOperation (op: Operation): string | undefined {
  if (op.version !== PROTOCOL_VERSION) return `operation version ${op.version}, expected ${PROTOCOL_VERSION}`
  if (!Number.isSafeInteger(op.wallMs) || op.wallMs < 0) return `stamp wallMs ${op.wallMs} is out of range`
  // the wire's uint32 would wrap a bigger counter and move the entry back in the order
  if (!Number.isInteger(op.counter) || op.counter < 0 || op.counter > HLC_MAX_COUNTER) return `stamp counter ${op.counter} is out of range`
  const bodies = (op.genesis != null ? 1 : 0) + (op.waveAnnounce != null ? 1 : 0)
  if (bodies !== 1) return `an operation has exactly one body, this one has ${bodies}`
  if (op.genesis != null) {
    const g = op.genesis
    if (op.federation.byteLength !== 0) return 'genesis carries no federation id'
    if (g.name.length === 0 || g.name.length > MAX_FEDERATION_NAME_CHARS) return `federation name must be 1..${MAX_FEDERATION_NAME_CHARS} characters`
    const bad = keyList(g.roots, 'genesis roots') ?? keyList(g.queens, 'genesis queens')
    if (bad != null) return bad
    if (g.roots.length === 0) return 'genesis names no root admin key'
    if (!Number.isInteger(g.rootThreshold) || g.rootThreshold < 1 || g.rootThreshold > g.roots.length) return `genesis root threshold ${g.rootThreshold} is not between 1 and ${g.roots.length}`
    if (g.nonce.byteLength < MIN_GENESIS_NONCE_BYTES) return `genesis nonce is ${g.nonce.byteLength} bytes, at least ${MIN_GENESIS_NONCE_BYTES} needed`
    if (g.params == null) return 'genesis has no params'
    // the wire's uint32 would silently wrap or truncate anything else
    if (!Number.isInteger(g.params.maxClockOffsetMs) || g.params.maxClockOffsetMs < 1 || g.params.maxClockOffsetMs > 0xffff_ffff) {
      return `genesis maxClockOffsetMs ${g.params.maxClockOffsetMs} must be a whole number of ms from 1 to ${0xffff_ffff}`
    }
    return undefined
  }
  const w = op.waveAnnounce as WaveAnnounce
  if (op.federation.byteLength !== ID_BYTES) return `federation id is ${op.federation.byteLength} bytes, expected ${ID_BYTES}`
  if (!CHANNEL_NAME_PATTERN.test(w.channel)) return `channel name "${w.channel.slice(0, 140)}" is not valid (lower-case letters, digits, '.', '_', '-'; at most 128)`
  if (!Number.isSafeInteger(w.version) || w.version < 1) return `wave version ${w.version} must be a positive integer`
  if (!Number.isSafeInteger(w.expiresMs) || w.expiresMs < 0) return `wave expiresMs ${w.expiresMs} is out of range`
  if (w.targetTags.length > MAX_TARGET_TAGS || !w.targetTags.every(t => CHANNEL_NAME_PATTERN.test(t))) return `wave target tags must be at most ${MAX_TARGET_TAGS} names (lower-case letters, digits, '.', '_', '-')`
  if (w.targetNodes.length > MAX_TARGET_NODES || !w.targetNodes.every(k => k.byteLength === PUBLIC_KEY_BYTES)) return `wave target nodes must be at most ${MAX_TARGET_NODES} keys of ${PUBLIC_KEY_BYTES} bytes`
  return checkContent(w.content)
}
