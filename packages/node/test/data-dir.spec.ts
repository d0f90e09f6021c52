import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createGenesis, encodeGenesisFile, generateIdentity, HybridLogicalClock } from '@waggle/protocol'
import { dataDirPaths, initDataDir, lockDataDir, readGenesis, readIdentity, writeGenesis } from '../src/storage/data-dir.js'

describe('data dir', () => {
  let root: string
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'waggle-dd-')) })
  afterEach(() => { rmSync(root, { recursive: true, force: true }) })

  it('creates a key file only its owner can read, and keeps it on a second init', () => {
    const dir = dataDirPaths(join(root, 'n'))
    const first = initDataDir(dir)
    assert.equal(first.created, true)
    assert.equal(statSync(dir.key).mode & 0o777, 0o600)
    const again = initDataDir(dir)
    assert.equal(again.created, false)
    assert.equal(again.identity.nodeId, first.identity.nodeId)
    assert.equal(readIdentity(dir).nodeId, first.identity.nodeId)
  })

  it('says how to initialise a data dir that has no key', () => {
    assert.throws(() => readIdentity(dataDirPaths(join(root, 'none'))), /waggle init/)
  })

  it('refuses to replace a genesis with another federation\'s', () => {
    const dir = dataDirPaths(join(root, 'n'))
    const { identity } = initDataDir(dir)
    const clock = new HybridLogicalClock()
    const a = createGenesis(identity, { name: 'a', stamp: clock.now() })
    const b = createGenesis(identity, { name: 'b', stamp: clock.now() })
    writeGenesis(dir, a.entry)
    writeGenesis(dir, a.entry) // the same one again is fine
    assert.throws(() => { writeGenesis(dir, b.entry) }, /already belongs to federation/)
    assert.equal(readGenesis(dir).entry.idHex, a.entry.idHex)
  })

  it('refuses a genesis file whose signature does not verify', () => {
    const dir = dataDirPaths(join(root, 'n'))
    initDataDir(dir)
    const { entry } = createGenesis(generateIdentity(), { name: 'x', stamp: { wallMs: 1, counter: 0 } })
    const bytes = Buffer.from(encodeGenesisFile({ genesis: entry, approvals: [] }))
    bytes[bytes.length - 1] ^= 1 // inside the signature
    writeFileSync(dir.genesis, bytes)
    assert.throws(() => readGenesis(dir), /genesis signature does not verify/)
    writeFileSync(dir.genesis, entry.envelope) // a bare envelope is not a genesis file
    assert.throws(() => readGenesis(dir), /genesis/)
  })

  it('lets one daemon hold the data dir and takes over a lock left by a dead one', () => {
    const dir = dataDirPaths(join(root, 'n'))
    initDataDir(dir)
    const release = lockDataDir(dir)
    // the same process may not take it twice through a stale-looking lock either: pid is alive
    writeFileSync(dir.lock, `${process.ppid}\n`)
    assert.throws(() => lockDataDir(dir), /in use by another waggle daemon/)
    writeFileSync(dir.lock, '999999999\n') // no such process
    const again = lockDataDir(dir)
    assert.equal(readFileSync(dir.lock, 'utf8').trim(), String(process.pid))
    again()
    assert.equal(existsSync(dir.lock), false)
    release()
  })
})
