import { createLibp2p, type Libp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { lpStream } from '@libp2p/utils'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { ID_BYTES, JoinRequest, JoinResponse, PROTOCOL_VERSION, sealJoinRequest, toHex, type Identity } from '@waggle/protocol'
import { JOIN_EXCHANGE_TIMEOUT_MS, JOIN_POLL_INTERVAL_MS } from '../constants.js'
import { JOIN_PROTOCOL, JOIN_STATUS } from './join.js'

/** Largest JoinResponse accepted: a genesis file of a large federation, with its approvals. */
const MAX_JOIN_RESPONSE_BYTES = 1024 * 1024

export interface JoinClientInit {
  identity: Identity
  /** The admin to ask: a multiaddr ending in /p2p/<its node id>. */
  via: string
  network: string
  hostname: string
  /** An invite's envelope bytes, or none. */
  invite?: Uint8Array
  /** The federation, when known (from --federation, the invite or a genesis file); asked of the admin otherwise. */
  federation?: Uint8Array
  /** Stops the asking (Ctrl-C, or the time allowed is up). */
  signal: AbortSignal
  pollIntervalMs?: number
  /** Each pending answer, with the admin's reason. */
  onPending?: (reason: string) => void
  /** An exchange that failed (the admin is unreachable, dropped the request); it is tried again. */
  onRetry?: (err: Error) => void
}

/** How a join ended. `stopped`: the signal fired while the request was pending or unanswered. */
export type JoinOutcome =
  | { status: 'admitted', genesis: Uint8Array, federation: Uint8Array }
  | { status: 'denied' | 'refused', reason: string, federation?: Uint8Array }
  | { status: 'stopped', pending: boolean, lastError?: string, federation?: Uint8Array }

/** The admin's node id in a --via multiaddr; throws when it names none. */
export function viaPeer (via: string): { addr: Multiaddr, peerId: string } {
  const addr = multiaddr(via)
  const peerId = addr.getComponents().find(c => c.name === 'p2p')?.value
  if (peerId == null) throw new TypeError(`${via} names no node: it must end in /p2p/<node id>`)
  peerIdFromString(peerId)
  return { addr, peerId }
}

/**
 * A libp2p client for joining: TCP, Noise, yamux and nothing else. It
 * listens nowhere and serves no protocol: a host that is not yet a member
 * has nothing to offer, and an admin lets it open the join protocol only.
 */
async function createJoinHost (identity: Identity): Promise<Libp2p> {
  return await createLibp2p({
    privateKey: await generateKeyPairFromSeed('Ed25519', identity.seed),
    addresses: { listen: [] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()]
  })
}

/**
 * Asks an admin to admit this host: sends a signed join request, and while
 * it is pending asks again every `pollIntervalMs` (each time on a new
 * connection: an admin hangs up on a stranger after each exchange), until
 * it is admitted, denied or refused, or the signal fires. An exchange that
 * fails (unreachable, dropped by the admin's rate limit) is tried again.
 * When the federation is not known, the first request names none; the
 * admin refuses it and says which federation it serves, and the host asks
 * again for that one.
 */
export async function requestJoin (init: JoinClientInit): Promise<JoinOutcome> {
  const { addr, peerId } = viaPeer(init.via)
  const pollMs = init.pollIntervalMs ?? JOIN_POLL_INTERVAL_MS
  const host = await createJoinHost(init.identity)
  let federation = init.federation
  let pending = false
  let lastError: string | undefined
  try {
    while (!init.signal.aborted) {
      let response: JoinResponse
      try {
        response = await exchange(host, addr, peerId, init, federation ?? new Uint8Array(0))
      } catch (err: any) {
        if (init.signal.aborted) break
        lastError = String(err?.message ?? err)
        init.onRetry?.(err instanceof Error ? err : new Error(lastError))
        await sleep(pollMs, init.signal)
        continue
      }
      const theirs = response.federation.byteLength === ID_BYTES ? new Uint8Array(response.federation) : undefined
      if (federation == null && theirs != null && response.status === JOIN_STATUS.refused) {
        federation = theirs
        continue
      }
      if (federation != null && theirs != null && toHex(theirs) !== toHex(federation)) {
        return { status: 'refused', reason: `${init.via} serves federation ${toHex(theirs)}, not ${toHex(federation)}`, federation: theirs }
      }
      switch (response.status) {
        case JOIN_STATUS.admitted:
          if (federation == null || response.genesis.byteLength === 0) return { status: 'refused', reason: 'the admin said admitted but sent no genesis file' }
          return { status: 'admitted', genesis: response.genesis, federation }
        case JOIN_STATUS.denied:
          return { status: 'denied', reason: response.reason, federation }
        case JOIN_STATUS.pending:
          pending = true
          init.onPending?.(response.reason)
          await sleep(pollMs, init.signal)
          continue
        default:
          return { status: 'refused', reason: response.reason !== '' ? response.reason : `unknown answer ${response.status}`, federation }
      }
    }
    return { status: 'stopped', pending, lastError, federation }
  } finally {
    try { await host.stop() } catch {}
  }
}

async function exchange (host: Libp2p, addr: Multiaddr, peerId: string, init: JoinClientInit, federation: Uint8Array): Promise<JoinResponse> {
  const signal = AbortSignal.any([init.signal, AbortSignal.timeout(JOIN_EXCHANGE_TIMEOUT_MS)])
  const request = sealJoinRequest(init.identity, federation, { network: init.network, hostname: init.hostname, invite: init.invite, wallMs: Date.now() })
  const stream = await host.dialProtocol(addr, JOIN_PROTOCOL, { signal })
  try {
    const lps = lpStream(stream, { maxDataLength: MAX_JOIN_RESPONSE_BYTES })
    await lps.write(JoinRequest.encode({ version: PROTOCOL_VERSION, request: new Uint8Array(request) }), { signal })
    const frame = await lps.read({ signal })
    let response: JoinResponse
    try {
      response = JoinResponse.decode(frame.subarray())
    } catch (err: any) {
      throw new Error(`the admin sent a malformed answer: ${String(err?.message ?? err)}`)
    }
    await stream.close({ signal }).catch(() => {})
    return response
  } catch (err: any) {
    stream.abort(err instanceof Error ? err : new Error(String(err)))
    throw err
  } finally {
    await host.hangUp(peerIdFromString(peerId)).catch(() => {})
  }
}

async function sleep (ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return
  await new Promise<void>(resolve => {
    const timer = setTimeout(done, ms)
    function done (): void { clearTimeout(timer); signal.removeEventListener('abort', done); resolve() }
    signal.addEventListener('abort', done, { once: true })
  })
}
