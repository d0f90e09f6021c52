import {
  Envelope, Operation, type Approve, type ContentDescriptor, type Genesis, type JoinDecision, type MemberRevoke, type ParamSet, type RoleChange,
  type Takeover, type Volunteer, type VolunteerDecision, type WaveAnnounce
} from './messages.js'
import {
  CHANNEL_NAME_PATTERN, HLC_MAX_COUNTER, ID_BYTES, ORDER_KEY_BYTES, MAX_CONTENT_NAME_CHARS, MAX_FEDERATION_NAME_CHARS, MAX_GENESIS_KEYS,
  MAX_CONTENT_SOURCE_CHARS, MAX_MODULE_NAME_CHARS, MAX_TARGET_NODES, MAX_NETWORKS, MAX_GENESIS_MEMBERS, MAX_QUEEN_CHANNELS, NETWORK_NAME_PATTERN,
  DEFAULT_NETWORK, ROLE_PRINCESS, ROLE_SUPERNODE, ROLE_STANDBY, ROLE_QUEEN, MAX_INVITE_BYTES, MAX_REASON_CHARS, ROLE_NAMES, ENTRY_KEY_BYTES, MAX_TARGET_TAGS, MAX_TREE_MANIFEST_BYTES, MIN_GENESIS_NONCE_BYTES, OP_PAYLOAD_TYPE, PROTOCOL_VERSION, PUBLIC_KEY_BYTES
} from './constants.js'
import { decodeEnvelope, entryIdOf, readCanonicalEnvelope, sealEnvelope, type EnvelopeFault, type SignedEnvelope } from './envelope.js'
import { fail, InvalidOperationError, type Result } from './errors.js'
import { nodeIdFromPublicKey, type Identity } from './identity.js'
import { entryKey } from './order.js'
import { equalBytes, toHex } from './bytes.js'
import type { Stamp } from './hlc.js'

export type {
  ContentDescriptor, Genesis, WaveAnnounce, Params, Member, JoinDecision, MemberRevoke, RoleChange, ParamSet, Approve, Volunteer,
  VolunteerDecision, Takeover
} from './messages.js'

/** Operations that are not genesis or a wave: membership and roles. */
export type MembershipBody =
  | { type: 'join.decision', join: JoinDecision }
  | { type: 'member.revoke', revoke: MemberRevoke }
  | { type: 'role.change', role: RoleChange }
  | { type: 'param.set', param: ParamSet }
  | { type: 'approve', approve: Approve }
  | { type: 'volunteer', volunteer: Volunteer }
  | { type: 'volunteer.decision', decision: VolunteerDecision }
  | { type: 'takeover', takeover: Takeover }

/** What an operation does: exactly one of these per operation. */
export type OperationBody =
  | { type: 'genesis', genesis: Genesis }
  | { type: 'wave.announce', wave: WaveAnnounce }
  | MembershipBody

/** A wave as callers write it: targets may be left out (every node). */
export type WaveInput = Omit<WaveAnnounce, 'targetTags' | 'targetNodes' | 'princessFirst'> & Partial<Pick<WaveAnnounce, 'targetTags' | 'targetNodes' | 'princessFirst'>>

/** What createEntry takes: an operation body, with a wave's defaults optional. */
export type OperationInput =
  | { type: 'genesis', genesis: Genesis }
  | { type: 'wave.announce', wave: WaveInput }
  | Exclude<MembershipBody, { type: 'member.revoke' }>
  | { type: 'member.revoke', revoke: Omit<MemberRevoke, 'through'> & { through?: Uint8Array<ArrayBuffer> } }

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
  /** The envelope decoded, to check its signature (decoded anew on each read: kept entries do not hold it). */
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
    waveAnnounce: body.type === 'wave.announce' && body.wave != null ? { targetTags: [], targetNodes: [], princessFirst: false, ...body.wave } : undefined,
    joinDecision: body.type === 'join.decision' ? body.join : undefined,
    memberRevoke: body.type === 'member.revoke' ? { ...body.revoke, through: body.revoke.through ?? new Uint8Array(0) } : undefined,
    roleChange: body.type === 'role.change' ? body.role : undefined,
    paramSet: body.type === 'param.set' ? body.param : undefined,
    approve: body.type === 'approve' ? body.approve : undefined,
    volunteer: body.type === 'volunteer' ? body.volunteer : undefined,
    volunteerDecision: body.type === 'volunteer.decision' ? body.decision : undefined,
    takeover: body.type === 'takeover' ? body.takeover : undefined
  }
  const problem = checkOperation(op)
  if (problem != null) throw new InvalidOperationError(problem)
  const signed = sealEnvelope(identity, OP_PAYLOAD_TYPE, Operation.encode(op))
  const entry = entryFromEnvelope(signed)
  if (!entry.ok) throw new InvalidOperationError(entry.detail)
  return entry.value
}

/** What decoding bytes as a log entry gives. */
export type EntryDecoding = Result<LogEntry, EntryFault>

/**
 * Decodes envelope bytes into a log entry, enforcing every size limit and
 * the schema. The signature is not checked here (see verifyEnvelope), so
 * callers can verify many entries in parallel. Never throws.
 */
export function decodeEntry (bytes: Uint8Array): EntryDecoding {
  const decoded = decodeEnvelope(bytes)
  if (!decoded.ok) return decoded
  return entryFromEnvelope(decoded.value)
}

function entryFromEnvelope (signed: SignedEnvelope): Result<LogEntry, EntryFault> {
  const { envelope } = signed
  if (envelope.payloadType !== OP_PAYLOAD_TYPE) return fail('not-an-operation', `payload type ${envelope.payloadType} is not an operation`)
  let op: Operation
  try {
    op = Operation.decode(envelope.payload, {
      limits: {
        genesis: { roots: MAX_GENESIS_KEYS, queens: MAX_GENESIS_KEYS, networks: MAX_NETWORKS, members: MAX_GENESIS_MEMBERS },
        waveAnnounce: { targetTags: MAX_TARGET_TAGS, targetNodes: MAX_TARGET_NODES },
        roleChange: { channels: MAX_QUEEN_CHANNELS }
      }
    })
  } catch (err: any) {
    return fail('invalid-operation', `operation does not decode: ${String(err?.message ?? err)}`)
  }
  const problem = checkOperation(op)
  if (problem != null) return fail('invalid-operation', problem)
  const body = bodyOf(op)
  const stamp = { wallMs: op.wallMs, counter: op.counter }
  const key = entryKey(stamp, envelope.signer, entryIdOf(envelope))
  const signer = sharedSigner(envelope.signer)
  return { ok: true, value: new Entry(key, stamp, signer.key, signer.author, federationOf(op.federation), body, signed.bytes) }
}

/**
 * A log entry as a node keeps it: a node holds every entry of its log in
 * memory, so an entry holds its envelope bytes and what was derived from
 * them, and no more. The decoded envelope (`signed`, needed only to check
 * the signature) is decoded again from the canonical bytes when asked for;
 * signers, their node ids and the federation id are shared between entries.
 */
class Entry implements LogEntry {
  readonly id: Uint8Array<ArrayBuffer>
  readonly idHex: string

  constructor (
    readonly key: Uint8Array<ArrayBuffer>,
    readonly stamp: Stamp,
    readonly signer: Uint8Array,
    readonly author: string,
    readonly federation: Uint8Array,
    readonly body: OperationBody,
    readonly envelope: Uint8Array
  ) {
    // the id is the key's tail: one buffer for both
    this.id = key.subarray(ORDER_KEY_BYTES)
    this.idHex = toHex(this.id)
  }

  get signed (): SignedEnvelope {
    // the bytes are canonical (decodeEnvelope made sure): decode them as they are
    return { envelope: readCanonicalEnvelope(this.envelope) ?? Envelope.decode(this.envelope), bytes: this.envelope }
  }
}

/** A signer's key bytes and node id, shared by all of its entries. */
interface Signer { key: Uint8Array, author: string }

/** Signers seen lately, by key hex. */
const signers = new Map<string, Signer>()
/** Distinct signers remembered at most; past it the map starts afresh (a peer cannot grow it without bound). */
const MAX_SIGNERS = 4096
/** The signer of the last entry decoded: runs of entries by one author (a catch-up) skip the map. */
let lastSigner: Signer | undefined

function sharedSigner (key: Uint8Array): Signer {
  if (lastSigner !== undefined && equalBytes(key, lastSigner.key)) return lastSigner
  const hex = toHex(key)
  let known = signers.get(hex)
  if (known == null) {
    if (signers.size >= MAX_SIGNERS) signers.clear()
    known = { key: new Uint8Array(key), author: nodeIdFromPublicKey(key) }
    signers.set(hex, known)
  }
  lastSigner = known
  return known
}

/** The federation id of the last entry decoded, shared by the entries that name it (nearly all of them). */
let lastFederation: Uint8Array = new Uint8Array(0)

function federationOf (id: Uint8Array): Uint8Array {
  if (!equalBytes(id, lastFederation)) lastFederation = new Uint8Array(id)
  return lastFederation
}

/** The body of an operation checkOperation found sound (exactly one is set). */
function bodyOf (op: Operation): OperationBody {
  if (op.genesis != null) return { type: 'genesis', genesis: op.genesis }
  if (op.waveAnnounce != null) return { type: 'wave.announce', wave: op.waveAnnounce }
  if (op.joinDecision != null) return { type: 'join.decision', join: op.joinDecision }
  if (op.memberRevoke != null) return { type: 'member.revoke', revoke: op.memberRevoke }
  if (op.roleChange != null) return { type: 'role.change', role: op.roleChange }
  if (op.paramSet != null) return { type: 'param.set', param: op.paramSet }
  if (op.approve != null) return { type: 'approve', approve: op.approve }
  if (op.volunteer != null) return { type: 'volunteer', volunteer: op.volunteer }
  if (op.volunteerDecision != null) return { type: 'volunteer.decision', decision: op.volunteerDecision }
  return { type: 'takeover', takeover: op.takeover as Takeover }
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
  // a key named twice would count twice toward a threshold it can never meet alone
  if (new Set(keys.map(toHex)).size !== keys.length) return `${what}: a key is named twice`
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
  const bodies = [op.genesis, op.waveAnnounce, op.joinDecision, op.memberRevoke, op.roleChange, op.paramSet, op.approve, op.volunteer, op.volunteerDecision, op.takeover]
    .filter(b => b != null).length
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
    if (g.params.policy > 1) return `genesis policy ${g.params.policy} is not 0 (redistribute) or 1 (replace)`
    if (g.networks.length > MAX_NETWORKS || !g.networks.every(n => NETWORK_NAME_PATTERN.test(n))) return `genesis networks must be at most ${MAX_NETWORKS} names (lower-case letters, digits, '.', '_', '-')`
    if (new Set(g.networks).size !== g.networks.length) return 'genesis names a network twice'
    const networks = g.networks.length === 0 ? [DEFAULT_NETWORK] : g.networks
    const seen = new Set<string>()
    for (const m of g.members) {
      if (m.key.byteLength !== PUBLIC_KEY_BYTES) return `genesis members: a key is ${m.key.byteLength} bytes, expected ${PUBLIC_KEY_BYTES}`
      if (!networks.includes(m.network)) return `genesis member ${nodeIdFromPublicKey(m.key)} is in network "${m.network.slice(0, 64)}", which genesis does not name`
      if (m.role > ROLE_PRINCESS) return `genesis member ${nodeIdFromPublicKey(m.key)} has role ${m.role}; roles are 0 host, 1 supernode, 2 standby, 3 princess`
      const k = toHex(m.key)
      if (seen.has(k)) return `genesis names member ${nodeIdFromPublicKey(m.key)} twice`
      seen.add(k)
    }
    return undefined
  }
  if (op.federation.byteLength !== ID_BYTES) return `federation id is ${op.federation.byteLength} bytes, expected ${ID_BYTES}`
  if (op.waveAnnounce == null) return checkMembership(op)
  const w = op.waveAnnounce
  if (!CHANNEL_NAME_PATTERN.test(w.channel)) return `channel name "${w.channel.slice(0, 140)}" is not valid (lower-case letters, digits, '.', '_', '-'; at most 128)`
  if (!Number.isSafeInteger(w.version) || w.version < 1) return `wave version ${w.version} must be a positive integer`
  if (!Number.isSafeInteger(w.expiresMs) || w.expiresMs < 0) return `wave expiresMs ${w.expiresMs} is out of range`
  if (w.targetTags.length > MAX_TARGET_TAGS || !w.targetTags.every(t => CHANNEL_NAME_PATTERN.test(t))) return `wave target tags must be at most ${MAX_TARGET_TAGS} names (lower-case letters, digits, '.', '_', '-')`
  if (w.targetNodes.length > MAX_TARGET_NODES || !w.targetNodes.every(k => k.byteLength === PUBLIC_KEY_BYTES)) return `wave target nodes must be at most ${MAX_TARGET_NODES} keys of ${PUBLIC_KEY_BYTES} bytes`
  return checkContent(w.content)
}

const key32 = (k: Uint8Array, what: string): string | undefined => k.byteLength === PUBLIC_KEY_BYTES ? undefined : `${what} is ${k.byteLength} bytes, expected a ${PUBLIC_KEY_BYTES}-byte key`
const id32 = (k: Uint8Array, what: string): string | undefined => k.byteLength === ID_BYTES ? undefined : `${what} is ${k.byteLength} bytes, expected a ${ID_BYTES}-byte entry id`

/** Schema rules of the membership operations. */
function checkMembership (op: Operation): string | undefined {
  if (op.joinDecision != null) {
    const j = op.joinDecision
    if (j.approve && !NETWORK_NAME_PATTERN.test(j.network)) return `join decision network "${j.network.slice(0, 64)}" is not a network name`
    if (j.invite.byteLength > MAX_INVITE_BYTES) return `join decision invite is larger than ${MAX_INVITE_BYTES} bytes`
    if (j.reason.length > MAX_REASON_CHARS) return `join decision reason is longer than ${MAX_REASON_CHARS} characters`
    return key32(j.node, 'join decision node')
  }
  if (op.memberRevoke != null) {
    if (op.memberRevoke.reason.length > MAX_REASON_CHARS) return `revoke reason is longer than ${MAX_REASON_CHARS} characters`
    const t = op.memberRevoke.through.byteLength
    if (t !== 0 && t !== ENTRY_KEY_BYTES) return `revoke through is ${t} bytes, expected an entry key (${ENTRY_KEY_BYTES}) or nothing`
    return key32(op.memberRevoke.node, 'revoke node')
  }
  if (op.roleChange != null) {
    const r = op.roleChange
    if (r.role < ROLE_SUPERNODE || r.role > ROLE_QUEEN) return `role change role ${r.role}; roles are 1 supernode, 2 standby, 3 princess, 4 queen`
    if (r.channels.length > MAX_QUEEN_CHANNELS || !r.channels.every(c => CHANNEL_NAME_PATTERN.test(c))) return `role change channels must be at most ${MAX_QUEEN_CHANNELS} channel names`
    if (r.channels.length > 0 && r.role !== ROLE_QUEEN) return 'only a queen role names channels'
    if (r.network !== '' && !NETWORK_NAME_PATTERN.test(r.network)) return `role change network "${r.network.slice(0, 64)}" is not a network name`
    return key32(r.node, 'role change node')
  }
  if (op.paramSet != null) {
    const p = op.paramSet
    if (!isParamName(p.name)) return `parameter "${p.name.slice(0, 64)}" is not one of ${PARAM_NAMES.join(', ')}, ${SUBSCRIPTION_PARAM_PREFIX}<network>`
    return checkParamValue(p.name, p.value)
  }
  if (op.approve != null) return id32(op.approve.entry, 'approve entry')
  if (op.volunteer != null) {
    if (op.volunteer.role > ROLE_STANDBY) return `volunteer role ${op.volunteer.role}; 1 supernode, 2 standby, 0 withdraw`
    if (op.volunteer.note.length > MAX_REASON_CHARS) return `volunteer note is longer than ${MAX_REASON_CHARS} characters`
    return undefined
  }
  if (op.volunteerDecision != null) return id32(op.volunteerDecision.request, 'volunteer decision request')
  const t = op.takeover as Takeover
  if (t.resume) return t.failed.byteLength === 0 && t.since.byteLength === 0 ? undefined : 'a resuming takeover names no failed supernode'
  return key32(t.failed, 'takeover failed supernode') ?? id32(t.since, 'takeover since')
}

/** The parameters ParamSet may set. */
export const PARAM_NAMES = ['max_clock_offset_ms', 'min_supernodes', 'health_interval_ms', 'supernode_grace_ms', 'policy', 'networks'] as const
/** `channels.<network>`: the channels a network subscribes to (comma-separated; empty: every channel). */
export const SUBSCRIPTION_PARAM_PREFIX = 'channels.'
export type ParamName = typeof PARAM_NAMES[number] | `channels.${string}`

/** Whether a name is one ParamSet may set. */
export function isParamName (name: string): name is ParamName {
  if (name.startsWith(SUBSCRIPTION_PARAM_PREFIX)) return NETWORK_NAME_PATTERN.test(name.slice(SUBSCRIPTION_PARAM_PREFIX.length))
  return (PARAM_NAMES as readonly string[]).includes(name)
}

/** Whether a ParamSet value is sound for its name; a message, or undefined when sound. */
export function checkParamValue (name: ParamName, value: string): string | undefined {
  if (name.startsWith(SUBSCRIPTION_PARAM_PREFIX)) {
    if (value === '') return undefined
    const channels = value.split(',')
    if (channels.length > MAX_QUEEN_CHANNELS || !channels.every(c => CHANNEL_NAME_PATTERN.test(c))) return `${name} must be a comma-separated list of at most ${MAX_QUEEN_CHANNELS} channel names, or empty for every channel`
    return undefined
  }
  if (name === 'networks') {
    const names = value.split(',')
    if (names.length > MAX_NETWORKS || !names.every(n => NETWORK_NAME_PATTERN.test(n))) return `networks must be a comma-separated list of at most ${MAX_NETWORKS} network names`
    if (new Set(names).size !== names.length) return 'networks names a network twice'
    return undefined
  }
  if (name === 'policy') return value === 'redistribute' || value === 'replace' ? undefined : `policy must be "redistribute" or "replace", not "${value.slice(0, 64)}"`
  if (!/^\d{1,10}$/.test(value) || Number(value) > 0xffff_ffff) return `${name} must be a whole number from 0 to ${0xffff_ffff}, not "${value.slice(0, 64)}"`
  if (name !== 'min_supernodes' && Number(value) < 1) return `${name} must be at least 1`
  return undefined
}

/** One line saying what an operation does, for logs and the CLI. */
export function describeOperation (body: OperationBody): string {
  const id = (k: Uint8Array): string => k.byteLength === PUBLIC_KEY_BYTES ? nodeIdFromPublicKey(k) : toHex(k).slice(0, 16)
  switch (body.type) {
    case 'genesis': return `founds federation "${body.genesis.name}" (${body.genesis.roots.length} roots, threshold ${body.genesis.rootThreshold})`
    case 'wave.announce': return `${body.wave.channel} version ${body.wave.version}`
    case 'join.decision': return body.join.approve ? `admits ${id(body.join.node)} into network ${body.join.network}${body.join.invite.byteLength > 0 ? ' (invite)' : ''}` : `denies ${id(body.join.node)}${body.join.reason !== '' ? `: ${body.join.reason}` : ''}`
    case 'member.revoke': return `revokes ${id(body.revoke.node)}${body.revoke.reason !== '' ? `: ${body.revoke.reason}` : ''}`
    case 'role.change': {
      const role = ROLE_NAMES[body.role.role] ?? String(body.role.role)
      const channels = body.role.channels.length > 0 ? ` of ${body.role.channels.join(', ')}` : ''
      return `${body.role.grant ? 'makes' : 'unmakes'} ${id(body.role.node)} ${role}${channels}`
    }
    case 'param.set': return `sets ${body.param.name} = ${body.param.value}`
    case 'approve': return `approves entry ${toHex(body.approve.entry).slice(0, 16)}`
    case 'volunteer': return body.volunteer.role === 0 ? 'withdraws from its role' : `volunteers as ${ROLE_NAMES[body.volunteer.role]}`
    case 'volunteer.decision': return `${body.decision.approve ? 'approves' : 'refuses'} volunteer request ${toHex(body.decision.request).slice(0, 16)}`
    case 'takeover': return body.takeover.resume ? 'resumes its supernode role' : `takes over from failed supernode ${id(body.takeover.failed)}`
  }
}
