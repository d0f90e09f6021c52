import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request the test server saw. */
export interface SeenRequest {
  path: string
  range?: string
}

/**
 * A node:http server on 127.0.0.1 serving byte buffers by path, with Range
 * support and switches for the misbehaviours the http module must survive.
 */
export interface TestHttpServer {
  /** The URL of `path` on this server. */
  url: (path: string) => string
  /** Content by path; change it to change what is served. */
  files: Map<string, Buffer>
  /** Path → Location header: the path answers 302. */
  redirects: Map<string, string>
  requests: SeenRequest[]
  /** Answer every Range request with the whole content and 200. */
  ignoreRange: boolean
  /** Send no Content-Length (chunked), so the client learns the length only by reading. */
  chunked: boolean
  /** The next answer sends this many body bytes, then the connection is dropped. */
  cutAfter?: number
  close: () => Promise<void>
}

export async function startHttpServer (): Promise<TestHttpServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    state.requests.push({ path, range: req.headers.range })
    const location = state.redirects.get(path)
    if (location !== undefined) {
      res.writeHead(302, { location })
      res.end()
      return
    }
    const body = state.files.get(path)
    if (body === undefined) {
      res.writeHead(404)
      res.end()
      return
    }
    let start = 0
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    if (range !== null && !state.ignoreRange) {
      start = Number(range[1])
      if (start >= body.byteLength) {
        res.writeHead(416, { 'content-range': `bytes */${body.byteLength}` })
        res.end()
        return
      }
      res.writeHead(206, { 'content-length': body.byteLength - start, 'content-range': `bytes ${start}-${body.byteLength - 1}/${body.byteLength}` })
    } else {
      res.writeHead(200, state.chunked ? {} : { 'content-length': body.byteLength })
    }
    const part = body.subarray(start)
    if (state.cutAfter !== undefined) {
      const n = state.cutAfter
      state.cutAfter = undefined
      // Half-close once the bytes are out: the client reads them, then sees the body end early.
      res.write(part.subarray(0, n), () => { res.socket?.end() })
      return
    }
    res.end(part)
  })
  const state: TestHttpServer = {
    url: (path) => {
      const { port } = server.address() as AddressInfo
      return `http://127.0.0.1:${port}${path}`
    },
    files: new Map(),
    redirects: new Map(),
    requests: [],
    ignoreRange: false,
    chunked: false,
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    }
  }
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return state
}
