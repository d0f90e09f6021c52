import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { KEEP_ALIVE } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import type { WaggleLibp2p } from './host.js'
import type { ComponentLogger } from '../logger.js'

/**
 * Keeps this node connected to its bootstrap peers: dials them at start,
 * tags them keep-alive (libp2p's own reconnect), and every `redialIntervalMs`
 * dials again any that are not connected, for as long as the node runs —
 * libp2p gives up after its retries, an operator's fleet should not.
 */
export class PeeringService {
  private readonly libp2p: WaggleLibp2p
  private readonly log: ComponentLogger
  private readonly targets: Array<{ addr: Multiaddr, peer?: string }>
  private readonly intervalMs: number
  private timer?: ReturnType<typeof setInterval>
  private readonly dialing = new Set<string>()

  constructor (components: { libp2p: WaggleLibp2p, log: ComponentLogger }, init: { bootstrap: readonly string[], redialIntervalMs: number }) {
    this.libp2p = components.libp2p
    this.log = components.log
    this.intervalMs = init.redialIntervalMs
    const self = components.libp2p.peerId.toString()
    this.targets = init.bootstrap.map(s => {
      const addr = multiaddr(s)
      return { addr, peer: addr.getComponents().find(c => c.name === 'p2p')?.value }
    }).filter(t => t.peer !== self)
  }

  async start (): Promise<void> {
    for (const t of this.targets) {
      if (t.peer == null) continue
      try {
        await this.libp2p.peerStore.merge(peerIdFromString(t.peer), { multiaddrs: [t.addr], tags: { [KEEP_ALIVE]: { value: 1 } } })
      } catch (err: any) {
        this.log.warn('bootstrap peer not usable', { addr: t.addr.toString(), err: String(err?.message ?? err) })
      }
    }
    this.tick()
    this.timer = setInterval(() => { this.tick() }, this.intervalMs)
    this.timer.unref()
  }

  stop (): void {
    clearInterval(this.timer)
  }

  private tick (): void {
    for (const t of this.targets) {
      const key = t.addr.toString()
      if (this.dialing.has(key)) continue
      if (t.peer != null && this.libp2p.getConnections(peerIdFromString(t.peer)).length > 0) continue
      this.dialing.add(key)
      this.libp2p.dial(t.addr, { signal: AbortSignal.timeout(Math.max(this.intervalMs, 5_000)) })
        .then(() => { this.log.trace('bootstrap peer connected', { addr: key }) })
        .catch(err => { this.log.trace('bootstrap dial failed', { addr: key, err: String(err?.message ?? err) }) })
        .finally(() => { this.dialing.delete(key) })
    }
  }
}
