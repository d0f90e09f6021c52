import { lpStream } from '@libp2p/utils'
import type { Connection, Stream } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import {
  decodeEnvelope, isAdmin, isRoot, JoinRequest, JoinRequestBody, JoinResponse, MAX_JOIN_REQUEST_BYTES, openInvite, openJoinRequest, PROTOCOL_VERSION, toHex,
  type Identity, type OpenedJoinRequest
} from '@waggle/protocol'
import { JOIN_EXCHANGE_TIMEOUT_MS } from '../constants.js'
import { requestLimiter, type RequestLimiter } from './request-limiter.js'
import type { JoinRequestRecord, JoinRequestStore } from '../storage/join-requests.js'
import type { FederationLog } from './federation-log.js'
import type { GossipService } from './gossip.js'
import type { MembershipGate } from './membership-gate.js'
import type { WaggleLibp2p } from './host.js'
import type { ComponentLogger } from '../logger.js'

/** The join stream protocol: the only one a non-member may open, and only on admins. */
export const JOIN_PROTOCOL = '/waggle/join/1.0.0'

/** JoinResponse.status values. */
export const JOIN_STATUS = Object.freeze({ pending: 0, admitted: 1, denied: 2, refused: 3 } as const)
export type JoinStatus = keyof typeof JOIN_STATUS

/** Largest JoinRequest frame: the request envelope and its framing. */
export const MAX_JOIN_FRAME_BYTES = MAX_JOIN_REQUEST_BYTES + 64

/** How long the answering side waits for the asker to close its end after the response, ms. */
const LINGER_MS = 2_000

export interface JoinServiceComponents {
  libp2p: WaggleLibp2p
  identity: Identity
  fedLog: FederationLog
  gossip: GossipService
  gate: MembershipGate
  requests: JoinRequestStore
  /** The genesis file's bytes (with its approvals), as the data dir holds it. */
  genesisFile: () => Uint8Array
  /** Whether this node has caught up with a peer since it started (CatchupService.caughtUp). */
  caughtUp: () => boolean
  log: ComponentLogger
}

export interface JoinServiceInit {
  /** Join requests per minute from one IP; 0: no limit. */
  perIpPerMinute: number
  /** Join requests per minute from everyone; 0: no limit. */
  perMinute: number
  /** The wall clock; Date.now by default. */
  now?: () => number
}

/** What a join exchange answers. */
interface Answer { status: JoinStatus, reason: string, genesis?: Uint8Array }

/** The IP address a connection comes from; the whole address when it names none. */
export function remoteIp (addr: Multiaddr): string {
  return addr.getComponents().find(c => c.name === 'ip4' || c.name === 'ip6' || c.name === 'dns' || c.name === 'dns4' || c.name === 'dns6')?.value ?? addr.toString()
}

/**
 * Joins, on an admin (an active supernode or a root): a host that is not a
 * member sends one signed JoinRequest and gets one JoinResponse.
 *
 * - With a valid invite (issued by an admin, unused, unexpired, for the
 *   network asked), this node writes the admitting `join.decision` into
 *   the log, gossips it and answers `admitted` with the genesis file.
 * - Without one, the request is kept as pending (it survives a restart; a
 *   repeated request refreshes it) and answered `pending`; once an admin
 *   approves the host (here or on another admin: the decision is in the
 *   log), its next request is answered `admitted`; once denied, `denied`.
 * - A request that does not verify, is signed by another key than the
 *   connection's, or was signed too far from this node's clock is
 *   answered `refused` with the reason.
 * - A supernode that is no root admits by invite only once it has caught
 *   up with a peer since it started: while it was down a standby may have
 *   replaced it, and an admission it signed on its old log would be
 *   refused by every node (`not-a-supernode`) after the host was told it
 *   was in. Until then invites are answered `pending`.
 *
 * Requests beyond the per-IP or global rate are dropped unread and counted
 * (`join.rate-limited-ip`, `join.rate-limited`).
 */
export class JoinService {
  private readonly c: JoinServiceComponents
  private readonly limiter: RequestLimiter
  private readonly now: () => number
  private readonly selfHex: string
  /** Hosts whose admission is being written now. */
  private readonly admitting = new Set<string>()

  constructor (components: JoinServiceComponents, init: JoinServiceInit) {
    this.c = components
    this.limiter = requestLimiter({ perSourcePerMinute: init.perIpPerMinute, perMinute: init.perMinute })
    this.now = init.now ?? Date.now
    this.selfHex = toHex(components.identity.publicKey)
  }

  async start (): Promise<void> {
    await this.c.gate.handleOpen(this.c.libp2p, JOIN_PROTOCOL, (stream, connection) => { void this.serve(stream, connection) }, { maxInboundStreams: 4, maxOutboundStreams: 1 })
  }

  async stop (): Promise<void> {
    await this.c.libp2p.unhandle(JOIN_PROTOCOL).catch(() => {})
  }

  /**
   * Join requests still waiting for a decision, first seen first. Records
   * of hosts that have since been admitted or denied (here or elsewhere)
   * are removed.
   */
  async pending (): Promise<JoinRequestRecord[]> {
    const state = this.c.fedLog.state
    const out: JoinRequestRecord[] = []
    for (const r of this.c.requests.list()) {
      if (state.members.has(r.key) || state.denied.has(r.key) || state.revoked.has(r.key)) await this.c.requests.remove(r.key)
      else out.push(r)
    }
    return out
  }

  /** A pending request by host key. */
  request (key: string): JoinRequestRecord | undefined {
    return this.c.requests.get(key)
  }

  async forget (key: string): Promise<void> {
    await this.c.requests.remove(key)
  }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const ip = remoteIp(connection.remoteAddr)
    const taken = this.limiter.take(ip)
    if (!taken.ok) {
      this.c.fedLog.drop('join', taken.reason === 'global' ? 'rate-limited' : 'rate-limited-ip')
      stream.abort(new Error('too many join requests'))
      this.c.gate.release(connection)
      return
    }
    const signal = AbortSignal.timeout(JOIN_EXCHANGE_TIMEOUT_MS)
    const lps = lpStream(stream, { maxDataLength: MAX_JOIN_FRAME_BYTES })
    try {
      const frame = await lps.read({ signal })
      const answer = await this.answer(frame.subarray(), connection, ip)
      await lps.write(JoinResponse.encode({
        version: PROTOCOL_VERSION,
        status: JOIN_STATUS[answer.status],
        reason: answer.reason,
        genesis: new Uint8Array(answer.genesis ?? new Uint8Array(0)),
        federation: new Uint8Array(this.c.fedLog.federationId)
      }), { signal })
      await stream.close({ signal })
      await closedOrAfter(stream, LINGER_MS)
    } catch (err: any) {
      this.c.fedLog.drop('join', 'stream-error')
      this.c.log.trace('join exchange failed', { peer: connection.remotePeer.toString(), err: String(err?.message ?? err) })
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    } finally {
      this.c.gate.release(connection)
    }
  }

  private refuse (reason: string, detail: string): Answer {
    this.c.fedLog.drop('join', reason)
    return { status: 'refused', reason: detail }
  }

  private async answer (frame: Uint8Array, connection: Connection, ip: string): Promise<Answer> {
    const state = this.c.fedLog.state
    let request: JoinRequest
    try {
      request = JoinRequest.decode(frame)
    } catch (err: any) {
      return this.refuse('malformed', `the join request does not decode: ${String(err?.message ?? err)}`)
    }
    if (request.version !== PROTOCOL_VERSION) return this.refuse('malformed', `join request version ${request.version}; this node speaks ${PROTOCOL_VERSION}`)
    const remote = connection.remotePeer
    if (remote.type !== 'Ed25519') return this.refuse('bad-request', 'the connection\'s key is not an Ed25519 key')
    const opened = openJoinRequest(request.request, this.c.fedLog.federationId, remote.publicKey.raw)
    if (!opened.ok) {
      // a host that knows no federation asks for none first, to learn this node's from the response: no fault
      if (namesNoFederation(request.request)) return { status: 'refused', reason: 'the request names no federation; ask again for the one this response names' }
      return this.refuse('bad-request', opened.detail)
    }
    const req = opened.value
    const now = this.now()
    const skewMs = req.wallMs - now
    if (Math.abs(skewMs) > state.params.maxClockOffsetMs) {
      return this.refuse('stale', `the request was signed ${Math.round(Math.abs(skewMs) / 1000)} s ${skewMs > 0 ? 'ahead of' : 'behind'} this node's clock (at most ${Math.round(state.params.maxClockOffsetMs / 1000)} s); check the host's clock and ask again`)
    }
    const key = toHex(req.key)
    if (state.members.has(key)) return await this.admitted(key)
    if (state.revoked.has(key)) return this.refuse('revoked', `${req.nodeId} was revoked; only a root admin can admit it again`)
    const denied = state.denied.get(key)
    if (denied !== undefined) return { status: 'denied', reason: denied === '' ? 'an admin denied the request' : denied }
    // what the log already says (admitted, revoked, denied) any node tells; a decision only an admin makes.
    // (A supernode that approved a host and went down may be back, replaced, when the host asks again.)
    if (!isAdmin(state, this.selfHex)) return this.refuse('not-an-admin', `${this.c.identity.nodeId} is not an active supernode or root admin; ask a supernode`)
    if (!state.params.networks.includes(req.network)) {
      return this.refuse('unknown-network', `network "${req.network}" is not one of the federation's (${state.params.networks.join(', ')})`)
    }
    if (this.admitting.has(key)) return { status: 'pending', reason: 'the admission is being written; ask again' }
    if (req.invite.byteLength > 0 && !this.c.caughtUp() && !isRoot(state, this.selfHex)) {
      return { status: 'pending', reason: `${this.c.identity.nodeId} has not caught up with the federation since it started (it may have been replaced meanwhile); ask again` }
    }
    if (req.invite.byteLength > 0) {
      const problem = this.inviteProblem(req, now)
      if (problem == null) return await this.admitWithInvite(req, key)
      // kept, so an admin who sees why the invite failed can approve the host by hand
      await this.keep(req, key, ip, `refused: ${problem}`)
      return this.refuse('bad-invite', `${problem}; the request is kept as pending: an admin may approve it (waggle admin approve ${req.nodeId}), or ask for a new invite`)
    }
    await this.keep(req, key, ip, null)
    return { status: 'pending', reason: `waiting for an admin to approve ${req.nodeId} (waggle admin approve ${req.nodeId})` }
  }

  /** Why an invite cannot admit this request now, by the newest state; undefined when it can. */
  private inviteProblem (req: OpenedJoinRequest, now: number): string | undefined {
    const state = this.c.fedLog.state
    const opened = openInvite(req.invite, this.c.fedLog.federationId)
    if (!opened.ok) return opened.detail
    const inv = opened.value
    if (!isAdmin(state, inv.issuerHex)) return `the invite's issuer ${inv.issuer} is no longer an active supernode or root admin`
    if (state.invitesUsed.has(`${inv.issuerHex}:${inv.idHex}`)) return `invite ${inv.idHex.slice(0, 8)} was already used`
    if (now > inv.expiresMs) return `invite ${inv.idHex.slice(0, 8)} expired at ${new Date(inv.expiresMs).toISOString()}`
    if (inv.network !== req.network) return `the invite is for network "${inv.network}", the request asks for "${req.network}"`
    return undefined
  }

  private async admitWithInvite (req: OpenedJoinRequest, key: string): Promise<Answer> {
    this.admitting.add(key)
    try {
      const entry = await this.c.fedLog.append({
        type: 'join.decision',
        join: { node: new Uint8Array(req.key), approve: true, network: req.network, invite: new Uint8Array(req.invite), reason: '' }
      })
      // appending folds the entry at once; the reducer is the judge
      const outcome = this.c.fedLog.outcomeOf(entry.idHex)
      if (outcome == null || !outcome.accepted) return this.refuse('bad-invite', outcome?.accepted === false ? outcome.detail : 'the admission was not recorded')
      await this.c.gossip.publish(entry.envelope).catch(err => { this.c.log.warn('the admission was not gossiped (catch-up will carry it)', { err: String(err?.message ?? err) }) })
      await this.c.requests.remove(key)
      this.c.log('admitted a host by invite', { nodeId: req.nodeId, network: req.network, hostname: req.hostname, entry: entry.idHex })
      return await this.admitted(key)
    } finally {
      this.admitting.delete(key)
    }
  }

  private async admitted (key: string): Promise<Answer> {
    await this.c.requests.remove(key)
    return { status: 'admitted', reason: '', genesis: this.c.genesisFile() }
  }

  private async keep (req: OpenedJoinRequest, key: string, ip: string, invite: string | null): Promise<void> {
    const known = this.c.requests.get(key) != null
    await this.c.requests.record({ nodeId: req.nodeId, key, network: req.network, hostname: req.hostname, invite, address: ip }, this.now())
    if (!known) this.c.log('join request pending', { nodeId: req.nodeId, network: req.network, hostname: req.hostname, address: ip })
  }
}

/** Whether a join request envelope decodes to a body with an empty federation. */
function namesNoFederation (envelope: Uint8Array): boolean {
  const decoded = decodeEnvelope(envelope)
  if (!decoded.ok) return false
  try {
    return JoinRequestBody.decode(decoded.value.envelope.payload).federation.byteLength === 0
  } catch {
    return false
  }
}

/** Resolves when the stream has closed at both ends, or after `ms`. */
async function closedOrAfter (stream: Stream, ms: number): Promise<void> {
  if (stream.status === 'closed' || stream.status === 'aborted' || stream.status === 'reset') return
  await new Promise<void>(resolve => {
    const timer = setTimeout(done, ms)
    function done (): void { clearTimeout(timer); stream.removeEventListener('close', done); resolve() }
    stream.addEventListener('close', done)
  })
}
