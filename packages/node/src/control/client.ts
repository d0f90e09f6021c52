import { connect } from 'node:net'
import { ControlError } from '../errors.js'
import type { ControlMethods, ControlResponse, MethodName } from './protocol.js'

/**
 * Calls one control method of the daemon listening on `socketPath`. Errors
 * the daemon reports come back as ControlError carrying the remote error's
 * name; a daemon that is not running gives a ControlError saying so.
 */
export async function callDaemon<M extends MethodName> (socketPath: string, method: M, params: ControlMethods[M]['params'], opts: { timeoutMs?: number } = {}): Promise<ControlMethods[M]['result']> {
  return await new Promise((resolve, reject) => {
    const socket = connect(socketPath)
    let buffer = ''
    let settled = false
    const finish = (fn: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      fn()
    }
    const timer = setTimeout(() => { finish(() => { reject(new ControlError(`the daemon did not answer "${method}" within ${opts.timeoutMs ?? 30_000} ms`)) }) }, opts.timeoutMs ?? 30_000)
    socket.setEncoding('utf8')
    socket.on('connect', () => { socket.write(JSON.stringify({ id: 1, method, params }) + '\n') })
    socket.on('data', (chunk: string) => {
      buffer += chunk
      const nl = buffer.indexOf('\n')
      if (nl < 0) return
      let res: ControlResponse
      try {
        res = JSON.parse(buffer.slice(0, nl))
      } catch {
        finish(() => { reject(new ControlError('the daemon sent a malformed response')) })
        return
      }
      if ('error' in res) finish(() => { reject(new ControlError(res.error.message, res.error.name)) })
      else finish(() => { resolve(res.result as ControlMethods[M]['result']) })
    })
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const msg = err.code === 'ENOENT' || err.code === 'ECONNREFUSED'
        ? `no waggle daemon is running for this data dir (nothing answers on ${socketPath}); start one with \`waggle start\``
        : `cannot reach the daemon on ${socketPath}: ${err.message}`
      finish(() => { reject(new ControlError(msg)) })
    })
    socket.on('close', () => { finish(() => { reject(new ControlError('the daemon closed the connection without answering')) }) })
  })
}
