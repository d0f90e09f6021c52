import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEntry, createGenesis, generateIdentity, sha256, type LogEntry } from '@waggle/protocol'
import { FederationLog } from '../src/services/federation-log.js'
import { LogStore } from '../src/storage/log-store.js'
import { silentLogging } from '../src/logger.js'

describe('federation log admission', () => {
  let root: string
  let store: LogStore
  const founder = generateIdentity()
  const newQueen = generateIdentity()
  const plain = generateIdentity()
  const T0 = Date.now() - 60_000
  const { entry: genesis, federationId } = createGenesis(founder, {
    name: 'batch',
    members: [{ key: newQueen.publicKey, network: 'default', role: 'host' }, { key: plain.publicKey, network: 'default', role: 'host' }],
    stamp: { wallMs: T0, counter: 0 }
  })
  const waveBy = (who: typeof founder, wallMs: number, version: number): LogEntry => createEntry(who, federationId, { wallMs, counter: 0 }, {
    type: 'wave.announce',
    wave: { channel: 'ship-cfg', version, expiresMs: 0, content: { module: 'file', size: 1, sha256: sha256(Buffer.from(String(version))), name: 'x' } }
  })

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'waggle-fedlog-'))
    store = new LogStore(join(root, 'db'))
    await store.open()
  })
  afterEach(async () => {
    await store.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('admits an entry whose authority comes from an earlier entry of the same batch (a bundle, a catch-up)', async () => {
    const log = new FederationLog({ identity: founder, store, genesis, federationId, log: silentLogging().forComponent('log') })
    await log.start()
    const grant = createEntry(founder, federationId, { wallMs: T0 + 10, counter: 0 }, { type: 'role.change', role: { node: new Uint8Array(newQueen.publicKey), role: 4, grant: true, channels: ['ship-cfg'], network: '' } })
    const hers = waveBy(newQueen, T0 + 20, 1)
    const forged = waveBy(plain, T0 + 30, 2)
    // her wave first: the batch's order must not matter
    const admissions = await log.admitMany([hers, grant, forged], 'bundle')
    assert.deepEqual(admissions.map(a => a.ok), [true, true, false])
    assert.equal(admissions[2].ok ? '' : admissions[2].reason, 'not-a-queen')
    await log.ingest(admissions.flatMap(a => a.ok ? [a.entry] : []), 'bundle')
    assert.equal(log.state.channels.get('ship-cfg')?.version, 1)
  })
})
