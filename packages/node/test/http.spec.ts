import assert from 'node:assert/strict'
import { HttpServer } from '../src/http/server.js'
import { silentLogging } from '../src/logger.js'

describe('HttpServer', () => {
  const routes = {
    members: async () => ({ members: [] }),
    metrics: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'waggle_up 1\n' })
  }

  it('serves /members and /metrics, 404 elsewhere, and names http.listen when the port is taken', async () => {
    const log = silentLogging().forComponent('http')
    const server = new HttpServer(routes, { host: '127.0.0.1', port: 0 }, log)
    await server.start()
    try {
      const base = `http://${server.address}`
      assert.deepEqual(await (await fetch(`${base}/members`)).json(), { members: [] })
      assert.equal(await (await fetch(`${base}/metrics`)).text(), 'waggle_up 1\n')
      assert.equal((await fetch(`${base}/`)).status, 404)
      const port = Number(server.address.split(':').pop())
      const second = new HttpServer(routes, { host: '127.0.0.1', port }, log)
      await assert.rejects(second.start(), (err: Error) => err.name === 'ConfigError' && /http\.listen 127\.0\.0\.1:\d+: cannot listen there: EADDRINUSE/.test(err.message))
    } finally {
      await server.stop()
    }
  })
})
