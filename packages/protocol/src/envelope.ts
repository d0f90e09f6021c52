import { Envelope } from './messages.js'
import { BUNDLE_PAYLOAD_TYPE, HEALTH_SUMMARY_PAYLOAD_TYPE, INVITE_PAYLOAD_TYPE, JOIN_REQUEST_PAYLOAD_TYPE, REPORT_PAYLOAD_TYPE, MAX_ENVELOPE_BYTES, MAX_PAYLOAD_TYPE_CHARS, OP_PAYLOAD_TYPE, PROTOCOL_VERSION, PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from './constants.js'
import { fail, type Result } from './errors.js'
import { encodeVarint, equalBytes, sha256, varintLength, writeVarint } from './bytes.js'
import { signBytes, verifySignature, verifySignatureAsync, type Identity } from './identity.js'

/**
 * The domain string of each payload type: a signature made for one kind of
 * message can never be passed off as another kind.
 */
export const SIGNATURE_DOMAINS: Readonly<Record<string, string>> = Object.freeze(Object.assign(
  // no prototype: a payload type such as "toString" must find no domain
  Object.create(null),
  {
    [OP_PAYLOAD_TYPE]: 'waggle-log-operation-v1',
    [BUNDLE_PAYLOAD_TYPE]: 'waggle-bundle-manifest-v1',
    [REPORT_PAYLOAD_TYPE]: 'waggle-report-v1',
    [INVITE_PAYLOAD_TYPE]: 'waggle-invite-v1',
    [JOIN_REQUEST_PAYLOAD_TYPE]: 'waggle-join-request-v1',
    [HEALTH_SUMMARY_PAYLOAD_TYPE]: 'waggle-health-summary-v1'
  }
))

/** The payload types there are, in declaration order (log operations, by far the most read, first). */
const KNOWN_TYPE_NAMES: readonly string[] = Object.keys(SIGNATURE_DOMAINS)

/** A decoded envelope, with its canonical bytes. */
export interface SignedEnvelope {
  readonly envelope: Envelope
  /** The canonical encoding: what is stored and forwarded. */
  readonly bytes: Uint8Array
}

/**
 * The bytes a signature covers: the domain, the payload type and the
 * payload, each preceded by its length as an unsigned varint. The payload
 * is used exactly as sent, so nothing is ever re-encoded to check it.
 */
export function signatureInput (payloadType: string, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(signatureInputLength(payloadType, payload))
  writeSignatureInput(out, 0, payloadType, payload)
  return out
}

/** The length of signatureInput(payloadType, payload). */
export function signatureInputLength (payloadType: string, payload: Uint8Array): number {
  return inputHead(payloadType).byteLength + varintLength(payload.byteLength) + payload.byteLength
}

/** Writes signatureInput(payloadType, payload) into `out` at `pos` (a batch for a worker); returns where it ends. */
export function writeSignatureInput (out: Uint8Array, pos: number, payloadType: string, payload: Uint8Array): number {
  const head = inputHead(payloadType)
  out.set(head, pos)
  pos = writeVarint(out, pos + head.byteLength, payload.byteLength)
  out.set(payload, pos)
  return pos + payload.byteLength
}

/**
 * Per known payload type (built once: every verify and every canonical
 * check needs them): its UTF-8 bytes, and the signature input's bytes
 * before the payload's length.
 */
const knownTypes = new Map<string, { type: Uint8Array, head: Uint8Array }>()

function typeInfo (payloadType: string): { type: Uint8Array, head: Uint8Array } {
  let info = knownTypes.get(payloadType)
  if (info == null) {
    const domain = Buffer.from(SIGNATURE_DOMAINS[payloadType] ?? '')
    const type = Buffer.from(payloadType)
    info = { type: new Uint8Array(type), head: new Uint8Array(Buffer.concat([encodeVarint(domain.length), domain, encodeVarint(type.length), type])) }
    // unknown types (which never verify) are not kept: a peer could fill the map with them
    if (SIGNATURE_DOMAINS[payloadType] != null) knownTypes.set(payloadType, info)
  }
  return info
}

function inputHead (payloadType: string): Uint8Array {
  return typeInfo(payloadType).head
}

/** Signs a payload into an envelope. */
export function sealEnvelope (identity: Identity, payloadType: string, payload: Uint8Array): SignedEnvelope {
  if (SIGNATURE_DOMAINS[payloadType] == null) throw new TypeError(`unknown payload type ${payloadType}`)
  const envelope: Envelope = {
    version: PROTOCOL_VERSION,
    payloadType,
    payload: new Uint8Array(payload),
    signer: new Uint8Array(identity.publicKey),
    signature: new Uint8Array(signBytes(identity, signatureInput(payloadType, payload)))
  }
  return { envelope, bytes: Envelope.encode(envelope) }
}

/** Reasons an envelope is refused. */
export type EnvelopeFault = 'too-large' | 'malformed' | 'unsupported-version' | 'unknown-payload-type' | 'bad-signature'

/**
 * Decodes envelope bytes (without checking the signature), enforcing the
 * size limit. Never throws: bad bytes give a failed result.
 */
export function decodeEnvelope (bytes: Uint8Array): Result<SignedEnvelope, EnvelopeFault> {
  if (bytes.byteLength > MAX_ENVELOPE_BYTES) return fail('too-large', `envelope is ${bytes.byteLength} bytes, limit ${MAX_ENVELOPE_BYTES}`)
  let envelope: Envelope
  // decode a private copy: the decoded fields are views of the bytes they
  // came from, and the caller may reuse its buffer
  const copy = new Uint8Array(bytes)
  // nearly every envelope is canonical: read those in one pass, and only
  // decode and re-encode the rest
  const canonical = readCanonicalEnvelope(copy)
  if (canonical != null) {
    const problem = envelopeProblem(canonical)
    return problem ?? { ok: true, value: { envelope: canonical, bytes: copy } }
  }
  try {
    envelope = Envelope.decode(copy)
  } catch (err: any) {
    return fail('malformed', `envelope does not decode: ${String(err?.message ?? err)}`)
  }
  const problem = envelopeProblem(envelope)
  if (problem != null) return problem
  // Re-encode: the canonical form is what we store and forward, so two
  // framings of one signed payload can never become two entries. The fields
  // always view the canonical bytes, so a stored entry holds one buffer.
  const reencoded = encodeEnvelope(envelope)
  if (equalBytes(reencoded, copy)) return { ok: true, value: { envelope, bytes: copy } }
  const owned = new Uint8Array(reencoded)
  return { ok: true, value: { envelope: Envelope.decode(owned), bytes: owned } }
}

/** Why a decoded envelope is refused, if it is. */
function envelopeProblem (envelope: Envelope): Result<never, EnvelopeFault> | undefined {
  if (envelope.version !== PROTOCOL_VERSION) return fail('unsupported-version', `envelope version ${envelope.version}, expected ${PROTOCOL_VERSION}`)
  if (envelope.payloadType.length > MAX_PAYLOAD_TYPE_CHARS || SIGNATURE_DOMAINS[envelope.payloadType] == null) {
    return fail('unknown-payload-type', `unknown payload type "${envelope.payloadType.slice(0, MAX_PAYLOAD_TYPE_CHARS)}"`)
  }
  if (envelope.signer.byteLength !== PUBLIC_KEY_BYTES) return fail('malformed', `signer is ${envelope.signer.byteLength} bytes, expected ${PUBLIC_KEY_BYTES}`)
  if (envelope.signature.byteLength !== SIGNATURE_BYTES) return fail('malformed', `signature is ${envelope.signature.byteLength} bytes, expected ${SIGNATURE_BYTES}`)
  return undefined
}

/**
 * Reads an envelope in one pass if the bytes are exactly its canonical
 * encoding (what encodeEnvelope writes: every field present, in number
 * order, minimal varints, a known payload type, nothing else), with the
 * fields as views of `bytes`, as Envelope.decode gives them. Anything else
 * gives undefined, and goes the generated decoder's way (which also finds
 * what is wrong with it). Also how a stored entry's envelope is read again.
 */
export function readCanonicalEnvelope (bytes: Uint8Array): Envelope | undefined {
  const end = bytes.byteLength
  if (end < 2 || bytes[0] !== 0x08) return undefined
  const version = readVarint(bytes, 1)
  if (version < 0 || version === 0) return undefined
  const type = readField(bytes, 1 + varintLength(version), 0x12)
  if (type == null) return undefined
  const payloadType = knownTypeNamed(bytes.subarray(type.start, type.end))
  if (payloadType == null) return undefined
  const payload = readField(bytes, type.end, 0x1a)
  if (payload == null) return undefined
  const signer = readField(bytes, payload.end, 0x22)
  if (signer == null) return undefined
  const signature = readField(bytes, signer.end, 0x2a)
  if (signature == null || signature.end !== end) return undefined
  // typed as the generated decoder types them (it too gives views of what it is handed)
  const view = (f: { start: number, end: number }): Uint8Array<ArrayBuffer> => bytes.subarray(f.start, f.end) as Uint8Array<ArrayBuffer>
  return { version, payloadType, payload: view(payload), signer: view(signer), signature: view(signature) }
}

/**
 * A minimal unsigned 32-bit varint at `pos`; -1 when there is none (cut
 * short, longer than needed, or past 32 bits).
 */
function readVarint (bytes: Uint8Array, pos: number): number {
  let value = 0
  for (let i = 0; i < 5; i++) {
    if (pos + i >= bytes.byteLength) return -1
    const b = bytes[pos + i]
    value += (b & 0x7f) * 2 ** (7 * i)
    if ((b & 0x80) === 0) {
      // a last byte of 0 (after the first) means a longer encoding than needed
      if (i > 0 && b === 0) return -1
      return value <= 0xffff_ffff ? value : -1
    }
  }
  return -1
}

/** A non-empty length-delimited field with this tag at `pos`: where its bytes start and end. */
function readField (bytes: Uint8Array, pos: number, tag: number): { start: number, end: number } | undefined {
  if (pos >= bytes.byteLength || bytes[pos] !== tag) return undefined
  const length = readVarint(bytes, pos + 1)
  if (length <= 0) return undefined
  const start = pos + 1 + varintLength(length)
  const end = start + length
  return end <= bytes.byteLength ? { start, end } : undefined
}

/** The known payload type whose UTF-8 bytes these are. */
function knownTypeNamed (bytes: Uint8Array): string | undefined {
  for (const name of KNOWN_TYPE_NAMES) {
    const type = typeInfo(name).type
    if (equalBytes(type, bytes)) return name
  }
  return undefined
}

/**
 * An envelope's canonical bytes: the same as Envelope.encode gives (fields
 * in number order, empty ones left out), written directly. Every envelope a
 * node receives is encoded again to compare, so this is on the hot path.
 */
export function encodeEnvelope (envelope: Envelope): Uint8Array<ArrayBuffer> {
  const { version, payload, signer, signature } = envelope
  // the direct path covers what a node decodes (a uint32 version, a known payload type); the rest goes the generated way
  if (!Number.isInteger(version) || version < 0 || version > 0xffff_ffff || SIGNATURE_DOMAINS[envelope.payloadType] == null) return Envelope.encode(envelope)
  const type = typeInfo(envelope.payloadType).type
  const length = (version !== 0 ? 1 + varintLength(version) : 0) + fieldLength(type) + fieldLength(payload) + fieldLength(signer) + fieldLength(signature)
  const out = new Uint8Array(length)
  let pos = 0
  if (version !== 0) {
    out[pos++] = 0x08
    pos = writeVarint(out, pos, version)
  }
  pos = writeField(out, pos, 0x12, type)
  pos = writeField(out, pos, 0x1a, payload)
  pos = writeField(out, pos, 0x22, signer)
  writeField(out, pos, 0x2a, signature)
  return out
}

/** A length-delimited field's encoded size: nothing when empty. */
function fieldLength (bytes: Uint8Array): number {
  return bytes.byteLength === 0 ? 0 : 1 + varintLength(bytes.byteLength) + bytes.byteLength
}

function writeField (out: Uint8Array, pos: number, tag: number, bytes: Uint8Array): number {
  if (bytes.byteLength === 0) return pos
  out[pos++] = tag
  pos = writeVarint(out, pos, bytes.byteLength)
  out.set(bytes, pos)
  return pos + bytes.byteLength
}

/** Checks an envelope's signature. */
export function verifyEnvelope (signed: SignedEnvelope): boolean {
  const { envelope } = signed
  return verifySignature(envelope.signer, signatureInput(envelope.payloadType, envelope.payload), envelope.signature)
}

/** The same check, as a promise (a node checks batches on worker threads: the node package's SignatureChecker). */
export async function verifyEnvelopeAsync (signed: SignedEnvelope): Promise<boolean> {
  const { envelope } = signed
  return await verifySignatureAsync(envelope.signer, signatureInput(envelope.payloadType, envelope.payload), envelope.signature)
}

/** Decodes and verifies in one step. */
export function openEnvelope (bytes: Uint8Array): Result<SignedEnvelope, EnvelopeFault> {
  const decoded = decodeEnvelope(bytes)
  if (!decoded.ok) return decoded
  if (!verifyEnvelope(decoded.value)) return fail('bad-signature', 'the signature does not verify')
  return decoded
}

/**
 * An envelope's entry id: SHA-256 over the signer and the payload. It does
 * not depend on the envelope's framing or on the signature's bytes, so the
 * same signed operation always has the same id.
 */
export function entryIdOf (envelope: Envelope): Uint8Array<ArrayBuffer> {
  return sha256(envelope.signer, envelope.payload)
}
