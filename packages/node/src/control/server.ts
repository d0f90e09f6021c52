import { chmodSync, rmSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { CONTROL_MAX_REQUEST_BYTES } from '../constants.js'
import { METHODS } from './methods/index.js'
import type { DaemonContext } from './context.js'
import type { ControlRequest, ControlResponse } from './protocol.js'
import type { ComponentLogger } from '../logger.js'

/**
 * Serves the control API on a Unix socket (mode 0600). A bad request gets
 * an error response; it never stops the daemon.
 */
export class ControlServer {
  private server?: Server
  private readonly sockets = new Set<Socket>()

  constructor (private readonly ctx: DaemonContext, private readonly path: string, private readonly log: ComponentLogger) {}

  async start (): Promise<void> {
    // We hold the data dir's daemon lock, so a socket file here is stale.
    rmSync(this.path, { force: true })
    const server = createServer(socket => { this.accept(socket) })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.path, () => { server.off('error', reject); resolve() })
    })
    chmodSync(this.path, 0o600)
    this.server = server
  }

  async stop (): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>(resolve => { this.server?.close(() => { resolve() }) ?? resolve() })
    rmSync(this.path, { force: true })
  }

  private accept (socket: Socket): void {
    this.sockets.add(socket)
    socket.on('close', () => this.sockets.delete(socket))
    socket.on('error', () => {})
    let buffer = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      buffer += chunk
      if (buffer.length > CONTROL_MAX_REQUEST_BYTES) {
        this.reply(socket, { id: 0, error: { name: 'ControlError', message: `request larger than ${CONTROL_MAX_REQUEST_BYTES} bytes` } })
        socket.end()
        return
      }
      let nl: number
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl)
        buffer = buffer.slice(nl + 1)
        if (line.trim() !== '') void this.handle(socket, line)
      }
    })
  }

  private async handle (socket: Socket, line: string): Promise<void> {
    let req: ControlRequest
    try {
      req = JSON.parse(line)
      if (req == null || typeof req !== 'object' || typeof req.method !== 'string') throw new Error('not a request')
    } catch {
      this.reply(socket, { id: 0, error: { name: 'ControlError', message: 'malformed request: expected one JSON object per line' } })
      return
    }
    const id = typeof req.id === 'number' ? req.id : 0
    const handler = (METHODS as Record<string, (ctx: DaemonContext, params: any) => Promise<unknown>>)[req.method]
    if (!Object.hasOwn(METHODS, req.method) || handler == null) {
      this.reply(socket, { id, error: { name: 'ControlError', message: `unknown method "${req.method}"` } })
      return
    }
    try {
      const params = req.params != null && typeof req.params === 'object' ? req.params : {}
      this.reply(socket, { id, result: await handler(this.ctx, params) })
    } catch (err: any) {
      const name = typeof err?.name === 'string' ? err.name : 'Error'
      if (name !== 'UsageError') this.log.error('control method failed', { method: req.method, err: String(err?.stack ?? err) })
      this.reply(socket, { id, error: { name, message: String(err?.message ?? err) } })
    }
  }

  private reply (socket: Socket, res: ControlResponse): void {
    if (!socket.destroyed) socket.write(JSON.stringify(res) + '\n')
  }
}
