import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WAGGLE_BIN } from '../src/fleet/local-fleet.js'

function waggle (...args: string[]): { code: number | null, stdout: string, stderr: string } {
  const r = spawnSync(process.execPath, [WAGGLE_BIN, ...args], { encoding: 'utf8', env: { ...process.env, WAGGLE_DATA_DIR: '' } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('waggle CLI', () => {
  let root: string
  before(() => { root = mkdtempSync(join(tmpdir(), 'waggle-cli-')) })
  after(() => { rmSync(root, { recursive: true, force: true }) })

  it('prints usage and exits non-zero on an unknown flag', () => {
    const r = waggle('status', '--bogus')
    assert.equal(r.code, 2)
    assert.match(r.stderr, /unknown option '--bogus'/)
    assert.match(r.stderr, /--help/)
  })

  it('has --help on every command', () => {
    for (const cmd of [[], ['init'], ['genesis', 'create'], ['genesis', 'show'], ['start'], ['status'], ['peers'], ['log'], ['wave', 'publish'], ['bundle', 'export'], ['bundle', 'import']]) {
      const r = waggle(...cmd, '--help')
      assert.equal(r.code, 0, `${cmd.join(' ')} --help`)
      assert.match(r.stdout, /Usage: waggle/)
    }
  })

  it('founds a federation and joins a second node to it with the genesis file', () => {
    const a = join(root, 'a')
    const b = join(root, 'b')
    const created = waggle('--data-dir', a, 'genesis', 'create', '--name', 'lab', '--json')
    assert.equal(created.code, 0, created.stderr)
    const fed = JSON.parse(created.stdout)
    assert.equal(fed.name, 'lab')
    const joined = waggle('--data-dir', b, 'init', '--genesis', join(a, 'genesis.bin'), '--json')
    assert.equal(joined.code, 0, joined.stderr)
    assert.equal(JSON.parse(joined.stdout).federationId, fed.federationId)
    const shown = waggle('--data-dir', b, 'genesis', 'show', '--json')
    assert.equal(JSON.parse(shown.stdout).federationId, fed.federationId)
    assert.deepEqual(JSON.parse(shown.stdout).queens, [fed.founder])
  })

  it('says which file is missing and changes nothing', () => {
    const r = waggle('--data-dir', join(root, 'c'), 'init', '--genesis', join(root, 'nope.bin'))
    assert.equal(r.code, 2)
    assert.match(r.stderr, /nope\.bin: no such file/)
    assert.throws(() => readdirSync(join(root, 'c')))
  })

  it('refuses a file that is not a genesis, naming it', () => {
    const junk = join(root, 'junk.bin')
    writeFileSync(junk, 'hello')
    const r = waggle('--data-dir', join(root, 'd'), 'init', '--genesis', junk)
    assert.equal(r.code, 1)
    assert.match(r.stderr, /junk\.bin: not a genesis file/)
  })

  it('says no daemon is running instead of failing obscurely', () => {
    const r = waggle('--data-dir', join(root, 'a'), 'status')
    assert.equal(r.code, 1)
    assert.match(r.stderr, /no waggle daemon is running/)
  })

  it('names the config key when the daemon cannot start', () => {
    const a = join(root, 'a')
    writeFileSync(join(a, 'waggle.toml'), '[network]\nlisten = 7\n')
    const r = waggle('--data-dir', a, 'start')
    assert.equal(r.code, 1)
    assert.match(r.stderr, /waggle\.toml: network\.listen/)
  })

  it('names a sync module that cannot be loaded, and does not start', () => {
    const a = join(root, 'a')
    writeFileSync(join(a, 'waggle.toml'), '[modules]\nnope = "/nonexistent/nope.mjs"\n')
    const r = waggle('--data-dir', a, 'start', '--listen', '/ip4/127.0.0.1/tcp/0')
    assert.equal(r.code, 1)
    assert.match(r.stderr, /modules\.nope: cannot load "\/nonexistent\/nope\.mjs"/)
  })

  it('refuses to publish a file that does not exist', () => {
    const r = waggle('--data-dir', join(root, 'a'), 'wave', 'publish', 'site-config', join(root, 'missing.txt'))
    assert.equal(r.code, 2)
    assert.match(r.stderr, /missing\.txt: no such file/)
  })
})
