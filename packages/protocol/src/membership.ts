import { randomBytes } from 'node:crypto'
import { ID_BYTES, INVITE_PAYLOAD_TYPE, JOIN_REQUEST_PAYLOAD_TYPE, MAX_INVITE_BYTES, NETWORK_NAME_PATTERN, PROTOCOL_VERSION } from './constants.js'
import { decodeEnvelope, sealEnvelope, verifyEnvelope } from './envelope.js'
import { fail, type Result } from './errors.js'
import { nodeIdFromPublicKey, type Identity } from './identity.js'
import { GenesisFile, Invite, JoinRequestBody } from './messages.js'
import { equalBytes, toHex } from './bytes.js'
import { decodeEntry, type LogEntry } from './operation.js'

/** An invite as a supernode reads it, its signature verified. */
export interface OpenedInvite {
  readonly idHex: string
  /** The issuer's node id, and key in hex. */
  readonly issuer: string
  readonly issuerHex: string
  readonly network: string
  readonly expiresMs: number
}

/**
 * Signs an invite: a host that presents it to a supernode is admitted at
 * once into `network`, once, until `expiresMs`. The issuer must be an
 * active supernode or a root admin when the admission is folded.
 */
export function sealInvite (issuer: Identity, federation: Uint8Array, init: { network: string, expiresMs: number, id?: Uint8Array }): Uint8Array {
  if (!NETWORK_NAME_PATTERN.test(init.network)) throw new TypeError(`"${init.network}" is not a network name`)
  if (!Number.isSafeInteger(init.expiresMs) || init.expiresMs < 0) throw new TypeError('expiresMs must be a time in ms')
  const invite: Invite = {
    version: PROTOCOL_VERSION,
    federation: new Uint8Array(federation),
    id: new Uint8Array(init.id ?? randomBytes(16)),
    network: init.network,
    expiresMs: init.expiresMs
  }
  return sealEnvelope(issuer, INVITE_PAYLOAD_TYPE, Invite.encode(invite)).bytes
}

/** Opens an invite: size, decode with limits, signature, federation. Never throws. */
export function openInvite (bytes: Uint8Array, federation: Uint8Array): Result<OpenedInvite, 'bad-invite'> {
  if (bytes.byteLength > MAX_INVITE_BYTES) return fail('bad-invite', `the invite is larger than ${MAX_INVITE_BYTES} bytes`)
  const decoded = decodeEnvelope(bytes)
  if (!decoded.ok) return fail('bad-invite', `the invite does not decode: ${decoded.detail}`)
  const { envelope } = decoded.value
  if (envelope.payloadType !== INVITE_PAYLOAD_TYPE) return fail('bad-invite', `payload type ${envelope.payloadType} is not an invite`)
  let inv: Invite
  try {
    inv = Invite.decode(envelope.payload)
  } catch (err: any) {
    return fail('bad-invite', `the invite does not decode: ${String(err?.message ?? err)}`)
  }
  if (inv.version !== PROTOCOL_VERSION) return fail('bad-invite', `invite version ${inv.version}`)
  if (!equalBytes(inv.federation, federation)) return fail('bad-invite', 'the invite is for another federation')
  if (inv.id.byteLength < 16 || inv.id.byteLength > ID_BYTES) return fail('bad-invite', 'the invite id is not 16 to 32 bytes')
  if (!NETWORK_NAME_PATTERN.test(inv.network)) return fail('bad-invite', 'the invite names no valid network')
  if (!Number.isSafeInteger(inv.expiresMs)) return fail('bad-invite', 'the invite expiry is out of range')
  if (!verifyEnvelope(decoded.value)) return fail('bad-invite', 'the invite signature does not verify')
  return {
    ok: true,
    value: { idHex: toHex(inv.id), issuer: nodeIdFromPublicKey(envelope.signer), issuerHex: toHex(envelope.signer), network: inv.network, expiresMs: inv.expiresMs }
  }
}

/** Invites travel as text: base64url of the envelope. */
export function inviteToText (bytes: Uint8Array): string {
  return `waggle-invite:${Buffer.from(bytes).toString('base64url')}`
}

/** The envelope bytes of an invite's text form; undefined when it is not one. */
export function inviteFromText (text: string): Uint8Array | undefined {
  const m = /^waggle-invite:([A-Za-z0-9_-]+)$/.exec(text.trim())
  if (m == null) return undefined
  const bytes = Buffer.from(m[1], 'base64url')
  return bytes.byteLength > 0 && bytes.byteLength <= MAX_INVITE_BYTES ? new Uint8Array(bytes) : undefined
}

/** A host's join request as a supernode reads it. */
export interface OpenedJoinRequest {
  /** The requesting node's key, and its node id. */
  readonly key: Uint8Array
  readonly nodeId: string
  readonly network: string
  readonly hostname: string
  readonly invite: Uint8Array
  readonly wallMs: number
}

/** Longest hostname a join request carries. */
const MAX_HOSTNAME_CHARS = 255
/** Largest join request envelope, in bytes. */
export const MAX_JOIN_REQUEST_BYTES = 4096

/** Signs a join request by the host that wants in. */
export function sealJoinRequest (host: Identity, federation: Uint8Array, init: { network: string, hostname: string, invite?: Uint8Array, wallMs: number }): Uint8Array {
  const body: JoinRequestBody = {
    version: PROTOCOL_VERSION,
    federation: new Uint8Array(federation),
    network: init.network,
    hostname: init.hostname.slice(0, MAX_HOSTNAME_CHARS),
    invite: new Uint8Array(init.invite ?? new Uint8Array(0)),
    wallMs: init.wallMs
  }
  return sealEnvelope(host, JOIN_REQUEST_PAYLOAD_TYPE, JoinRequestBody.encode(body)).bytes
}

/**
 * Opens a join request: size, decode with limits, federation, signature,
 * and that the envelope's signer is the peer that sent it (a host asks for
 * itself, never for another). Never throws.
 */
export function openJoinRequest (bytes: Uint8Array, federation: Uint8Array, sender: Uint8Array): Result<OpenedJoinRequest, 'bad-request'> {
  if (bytes.byteLength > MAX_JOIN_REQUEST_BYTES) return fail('bad-request', `the join request is larger than ${MAX_JOIN_REQUEST_BYTES} bytes`)
  const decoded = decodeEnvelope(bytes)
  if (!decoded.ok) return fail('bad-request', `the join request does not decode: ${decoded.detail}`)
  const { envelope } = decoded.value
  if (envelope.payloadType !== JOIN_REQUEST_PAYLOAD_TYPE) return fail('bad-request', `payload type ${envelope.payloadType} is not a join request`)
  let body: JoinRequestBody
  try {
    body = JoinRequestBody.decode(envelope.payload)
  } catch (err: any) {
    return fail('bad-request', `the join request does not decode: ${String(err?.message ?? err)}`)
  }
  if (body.version !== PROTOCOL_VERSION) return fail('bad-request', `join request version ${body.version}`)
  if (!equalBytes(body.federation, federation)) return fail('bad-request', 'the join request is for another federation')
  if (!NETWORK_NAME_PATTERN.test(body.network)) return fail('bad-request', `"${body.network.slice(0, 64)}" is not a network name`)
  if (body.hostname.length > MAX_HOSTNAME_CHARS) return fail('bad-request', 'the hostname is too long')
  if (body.invite.byteLength > MAX_INVITE_BYTES) return fail('bad-request', 'the invite is too large')
  if (!Number.isSafeInteger(body.wallMs)) return fail('bad-request', 'the request time is out of range')
  if (!equalBytes(envelope.signer, sender)) return fail('bad-request', 'the join request is signed by another node than the one that sent it')
  if (!verifyEnvelope(decoded.value)) return fail('bad-request', 'the join request signature does not verify')
  return {
    ok: true,
    value: { key: envelope.signer, nodeId: nodeIdFromPublicKey(envelope.signer), network: body.network, hostname: body.hostname, invite: body.invite, wallMs: body.wallMs }
  }
}

/** The genesis and the root approvals of it, as a genesis file carries them. */
export interface GenesisDocument {
  readonly genesis: LogEntry
  readonly approvals: LogEntry[]
  readonly federationId: Uint8Array
}

/** Encodes a genesis file. */
export function encodeGenesisFile (doc: { genesis: LogEntry, approvals: readonly LogEntry[] }): Uint8Array {
  return GenesisFile.encode({ version: PROTOCOL_VERSION, genesis: new Uint8Array(doc.genesis.envelope), approvals: doc.approvals.map(a => new Uint8Array(a.envelope)) })
}

/**
 * Decodes a genesis file: the genesis operation, and approvals that name it
 * (each an Approve operation of this federation). Signatures are checked;
 * whether the approvers are roots, and enough of them, is the reducer's
 * call (see sealed). Never throws.
 */
export function decodeGenesisFile (bytes: Uint8Array): Result<GenesisDocument, 'bad-genesis'> {
  let file: GenesisFile
  try {
    file = GenesisFile.decode(bytes, { limits: { approvals: 1024 } })
  } catch (err: any) {
    return fail('bad-genesis', `not a genesis file: ${String(err?.message ?? err)}`)
  }
  if (file.version !== PROTOCOL_VERSION) return fail('bad-genesis', `genesis file version ${file.version}, expected ${PROTOCOL_VERSION}`)
  const g = decodeEntry(file.genesis)
  if (!g.ok) return fail('bad-genesis', `its genesis: ${g.detail}`)
  if (g.value.body.type !== 'genesis') return fail('bad-genesis', `it holds a ${g.value.body.type} operation, not a genesis`)
  if (!verifyEnvelope(g.value.signed)) return fail('bad-genesis', 'the genesis signature does not verify')
  const federationId = new Uint8Array(g.value.id)
  const approvals: LogEntry[] = []
  for (const [i, bytes] of file.approvals.entries()) {
    const a = decodeEntry(bytes)
    if (!a.ok) return fail('bad-genesis', `approval ${i + 1}: ${a.detail}`)
    if (a.value.body.type !== 'approve' || !equalBytes(a.value.body.approve.entry, federationId) || !equalBytes(a.value.federation, federationId)) {
      return fail('bad-genesis', `approval ${i + 1} does not approve this genesis`)
    }
    if (!verifyEnvelope(a.value.signed)) return fail('bad-genesis', `approval ${i + 1}: the signature does not verify`)
    approvals.push(a.value)
  }
  return { ok: true, value: { genesis: g.value, approvals, federationId } }
}
