import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateIdentity, toHex } from '@waggle/protocol'
import { LogStore } from '../src/storage/log-store.js'
import { JoinRequestStore, type JoinRequestInput } from '../src/storage/join-requests.js'
import { addBootstrapPeer } from '../src/config/bootstrap-file.js'
import { defaultConfigText, loadConfig } from '../src/config/config.js'
import { parseDuration } from '../src/cli/duration.js'

function request (over: Partial<JoinRequestInput> = {}): JoinRequestInput {
  const id = generateIdentity()
  return { nodeId: id.nodeId, key: toHex(id.publicKey), network: 'default', hostname: 'h1', invite: null, address: '10.0.0.9', ...over }
}

describe('pending join requests', () => {
  let root: string
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'waggle-jr-')) })
  afterEach(() => { rmSync(root, { recursive: true, force: true }) })

  async function withStore<T> (fn: (s: JoinRequestStore) => Promise<T>, max?: number): Promise<T> {
    const db = new LogStore(join(root, 'db'))
    await db.open()
    try {
      const store = new JoinRequestStore(db.table('join-requests'), { max })
      await store.load()
      return await fn(store)
    } finally {
      await db.close()
    }
  }

  it('keeps requests across a restart, and a repeated request refreshes its record but not when it was first seen', async () => {
    const a = request({ hostname: 'old-name' })
    const b = request()
    await withStore(async s => {
      await s.record(a, 1_000)
      await s.record(b, 2_000)
    })
    const after = await withStore(async s => {
      await s.record({ ...a, hostname: 'new-name', network: 'lab' }, 5_000)
      return s.list()
    })
    assert.deepEqual(after.map(r => r.nodeId), [a.nodeId, b.nodeId])
    assert.deepEqual({ ...after[0] }, { ...a, hostname: 'new-name', network: 'lab', firstSeenMs: 1_000, lastSeenMs: 5_000 })
    const again = await withStore(async s => s.get(a.key))
    assert.equal(again?.hostname, 'new-name')
  })

  it('forgets a decided request, and the one seen longest ago past its bound', async () => {
    const [a, b, c, d] = [request(), request(), request(), request()]
    const left = await withStore(async s => {
      await s.record(a, 1)
      await s.record(b, 2)
      await s.record(c, 3)
      await s.record(a, 4)
      await s.remove(c.key)
      await s.record(d, 5)
      await s.record(c, 6)
      return s.list().map(r => r.nodeId)
    }, 3)
    // b was seen longest ago when c came back as the fourth
    assert.deepEqual(left.sort(), [a.nodeId, c.nodeId, d.nodeId].sort())
    assert.deepEqual((await withStore(async s => s.list())).map(r => r.nodeId).sort(), left)
  })
})

describe('config bootstrap edits', () => {
  let root: string
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'waggle-bf-')) })
  afterEach(() => { rmSync(root, { recursive: true, force: true }) })
  const peer = '/ip4/10.0.0.1/tcp/7420/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN'

  it('adds a peer to a default config once, keeping the rest of the file', () => {
    const file = join(root, 'waggle.toml')
    writeFileSync(file, defaultConfigText({ bootstrap: ['/ip4/10.0.0.2/tcp/7420/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN'] }))
    const before = readFileSync(file, 'utf8')
    assert.equal(addBootstrapPeer(file, peer), true)
    assert.equal(addBootstrapPeer(file, peer), false)
    const config = loadConfig({ dataDir: root, env: {} })
    assert.equal(config.bootstrap.length, 2)
    assert.equal(config.bootstrap[1], peer)
    const after = readFileSync(file, 'utf8')
    // only the bootstrap line changed
    assert.deepEqual(after.split('\n').filter(l => !l.startsWith('bootstrap')), before.split('\n').filter(l => !l.startsWith('bootstrap')))
  })

  it('adds a peer to a hand-written config with a list over several lines, or with no [network] section', () => {
    const multi = join(root, 'multi.toml')
    writeFileSync(multi, '[network]\n# my peers\nbootstrap = [\n  "/ip4/10.0.0.3/tcp/7420",\n]\nlisten = ["/ip4/0.0.0.0/tcp/7420"]\n\n[log]\nlevel = "warn"\n')
    addBootstrapPeer(multi, peer)
    const m = loadConfig({ dataDir: root, file: multi, env: {} })
    assert.deepEqual(m.bootstrap, ['/ip4/10.0.0.3/tcp/7420', peer])
    assert.equal(m.logLevel, 'warn')
    assert.match(readFileSync(multi, 'utf8'), /# my peers/)
    const bare = join(root, 'bare.toml')
    writeFileSync(bare, '[log]\nlevel = "debug"')
    addBootstrapPeer(bare, peer)
    assert.deepEqual(loadConfig({ dataDir: root, file: bare, env: {} }).bootstrap, [peer])
  })
})

describe('durations', () => {
  it('reads the units people write and refuses anything else', () => {
    assert.equal(parseDuration('90s'), 90_000)
    assert.equal(parseDuration('30m'), 1_800_000)
    assert.equal(parseDuration('24h'), 86_400_000)
    assert.equal(parseDuration('7d'), 604_800_000)
    assert.equal(parseDuration('1500ms'), 1500)
    for (const bad of ['', '10', 'm', '1.5h', '-1s', '0s', '3 weeks']) assert.equal(parseDuration(bad), undefined, bad)
  })
})
