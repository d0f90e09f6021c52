import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { ConfigError } from '../errors.js'
import type { ComponentLogger } from '../logger.js'

/** What the HTTP server serves, each read at request time. */
export interface HttpRoutes {
  /** `GET /members`: the node map, as `waggle members --json` prints it. */
  members: () => Promise<unknown>
  /** `GET /metrics`: Prometheus text. */
  metrics: () => Promise<{ contentType: string, body: string }>
}

/**
 * The node's read-only HTTP endpoint (config `http.listen`): `GET /members`
 * and `GET /metrics`. Loopback by default; the config refuses any other
 * address unless `http.allow_remote` is set, since it tells anyone who
 * asks the federation's map and every member's figures.
 */
export class HttpServer {
  private server?: Server
  private readonly sockets = new Set<Socket>()

  constructor (private readonly routes: HttpRoutes, private readonly listen: { host: string, port: number }, private readonly log: ComponentLogger) {}

  async start (): Promise<void> {
    const server = createServer((req, res) => { void this.handle(req, res) })
    server.on('connection', (s: Socket) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)) })
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(this.listen.port, this.listen.host, () => { server.off('error', reject); resolve() })
      })
    } catch (err: any) {
      // a port in use or an address not on this host is the operator's to fix: name the key
      throw new ConfigError(`http.listen ${this.listen.host}:${this.listen.port}: cannot listen there: ${String(err?.code ?? err?.message ?? err)}`)
    }
    this.server = server
    this.log('http listening', { address: this.address })
  }

  /** `host:port` the server listens on (the port the system chose, for port 0). */
  get address (): string {
    const a = this.server?.address()
    if (a == null || typeof a === 'string') return `${this.listen.host}:${this.listen.port}`
    return a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`
  }

  async stop (): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>(resolve => { this.server != null ? this.server.close(() => { resolve() }) : resolve() })
  }

  private async handle (req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        this.send(res, 405, 'text/plain; charset=utf-8', 'only GET\n', { allow: 'GET, HEAD' })
        return
      }
      if (path === '/members') {
        this.send(res, 200, 'application/json; charset=utf-8', JSON.stringify(await this.routes.members()) + '\n')
      } else if (path === '/metrics') {
        const m = await this.routes.metrics()
        this.send(res, 200, m.contentType, m.body)
      } else {
        this.send(res, 404, 'text/plain; charset=utf-8', 'not found: try /members or /metrics\n')
      }
    } catch (err: any) {
      this.log.error('http request failed', { path, err: String(err?.stack ?? err) })
      this.send(res, 500, 'text/plain; charset=utf-8', 'internal error\n')
    }
  }

  private send (res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers })
    res.end(res.req.method === 'HEAD' ? undefined : body)
  }
}
