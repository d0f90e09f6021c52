import assert from 'node:assert/strict'
import { randomBytes, randomInt } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { LocalFleet, waitFor } from '@waggle/node'

/** Every file under a dir, relative path → bytes. */
function snapshot (dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out.set(relative(dir, p), readFileSync(p))
    }
  }
  walk(dir)
  return out
}

/**
 * A node killed (SIGKILL) at random moments while it catches up, fetches
 * and applies: after every crash its `current` is either absent or one
 * whole version, byte for byte, never a mix; after the last restart it
 * finishes the newest version. Where a kill lands is random; what is
 * asserted holds wherever it lands.
 */
describe('crash safety', function () {
  const VICTIM = 2
  let root: string
  let fleet: LocalFleet
  const sources = new Map<number, string>()

  function makeVersion (v: number): string {
    const dir = join(root, 'src', `v${v}`)
    mkdirSync(join(dir, 'sub'), { recursive: true })
    for (let i = 0; i < 24; i++) writeFileSync(join(dir, i % 2 === 0 ? 'sub' : '', `file-${i}.bin`), randomBytes(96 * 1024 + v))
    writeFileSync(join(dir, 'VERSION'), `${v}\n`)
    sources.set(v, dir)
    return dir
  }

  /** The invariant: no current, or a current that is exactly one published version. */
  function assertWholeOrNothing (when: string): void {
    const current = join(fleet.nodes[VICTIM].dir.channels, 'site', 'current')
    if (!existsSync(current)) return
    const link = readlinkSync(current)
    const v = Number(link.split('/').pop())
    const source = sources.get(v)
    assert.ok(source != null, `${when}: current names ${link}, not a published version`)
    const got = snapshot(current)
    const want = snapshot(source)
    assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), `${when}: current (v${v}) holds other files than v${v}`)
    for (const [rel, bytes] of want) assert.ok(got.get(rel)?.equals(bytes), `${when}: ${rel} in current differs from v${v}`)
  }

  before(async function () {
    root = join(tmpdir(), `waggle-crash-it-${randomBytes(4).toString('hex')}`)
    fleet = await LocalFleet.create({ size: 3, root, name: 'crash' })
    await fleet.startAll({ parallel: 3 })
    await fleet.waitForPeers()
  })

  after(async function () {
    await fleet?.stopAll()
    rmSync(root, { recursive: true, force: true })
  })

  it('leaves the old version or the new one whole after SIGKILL anywhere, and finishes on restart', async function () {
    let last = 0
    for (let round = 1; round <= 5; round++) {
      await fleet.kill(VICTIM)
      assertWholeOrNothing(`after the kill before round ${round}`)
      const wave = await fleet.call(0, 'wave.publish', { channel: 'site', path: makeVersion(round) })
      last = wave.version
      await fleet.start(VICTIM)
      // somewhere in catch-up, fetch, staging, switch or recording
      await new Promise(resolve => setTimeout(resolve, randomInt(0, 900)))
    }
    await fleet.kill(VICTIM)
    assertWholeOrNothing('after the last kill')
    await fleet.start(VICTIM)
    await waitFor('the restarted node to apply the newest version', async () => (await fleet.call(VICTIM, 'status', {})).applied.site === last ? true : undefined, { timeoutMs: 60_000, everyMs: 200 })
    assertWholeOrNothing('after the final apply')
    assert.equal(readFileSync(join(fleet.nodes[VICTIM].dir.channels, 'site', 'current', 'VERSION'), 'utf8'), `${last}\n`)
    // the victim's applied report reaches the queen by gossip, a moment after the victim applied
    await waitFor('the queen to hear the victim\'s applied report', async () => {
      const s = await fleet.call(0, 'wave.status', { channel: 'site' })
      return s.nodes.find(n => n.nodeId === fleet.nodes[VICTIM].nodeId)?.state === 'applied' ? true : undefined
    }, { timeoutMs: 30_000, everyMs: 200 })
  })
})
