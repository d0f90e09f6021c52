import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DAEMON_NODE_FLAGS } from '../src/constants.js'
import { WAGGLE_BIN } from '../src/fleet/local-fleet.js'

function waggle (...args: string[]): { code: number | null, stdout: string, stderr: string } {
  const r = spawnSync(process.execPath, [WAGGLE_BIN, ...args], { encoding: 'utf8', env: { ...process.env, WAGGLE_DATA_DIR: '' } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('waggle CLI', () => {
  let root: string
  before(() => { root = mkdtempSync(join(tmpdir(), 'waggle-cli-')) })
  after(() => { rmSync(root, { recursive: true, force: true }) })

  it('starts with the same Node.js flags from the bin, scripts/waggle and LocalFleet', () => {
    const shebang = readFileSync(WAGGLE_BIN, 'utf8').split('\n')[0]
    assert.equal(shebang, `#!/usr/bin/env -S node ${DAEMON_NODE_FLAGS.join(' ')}`)
    // WAGGLE_BIN is packages/node/dist/src/bin/waggle.js
    const script = readFileSync(resolve(WAGGLE_BIN, '../../../../../../scripts/waggle'), 'utf8')
    assert.match(script, new RegExp(`^exec node ${DAEMON_NODE_FLAGS.join(' ')} "`, 'm'))
  })

  it('prints usage and exits non-zero on an unknown flag', () => {
    const r = waggle('status', '--bogus')
    assert.equal(r.code, 2)
    assert.match(r.stderr, /unknown option '--bogus'/)
    assert.match(r.stderr, /--help/)
  })

  it('has --help on every command', () => {
    for (const cmd of [[], ['init'], ['genesis', 'create'], ['genesis', 'sign'], ['genesis', 'show'], ['start'], ['status'], ['peers'], ['log'], ['wave', 'publish'], ['bundle', 'export'], ['bundle', 'import'], ['join'],
      ['admin'], ['admin', 'requests'], ['admin', 'approve'], ['admin', 'deny'], ['admin', 'invite'], ['admin', 'revoke']]) {
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

  it('founds a federation that needs two of three root admins: init refuses it until a second root signs', () => {
    const [r1, r2, r3, host] = ['r1', 'r2', 'r3', 'h'].map(n => join(root, `t-${n}`))
    const ids = [r2, r3, host].map(d => JSON.parse(waggle('--data-dir', d, 'init', '--json').stdout).nodeId as string)
    const created = waggle('--data-dir', r1, 'genesis', 'create', '--name', 'strict', '--root', ids[0], '--root', ids[1], '--threshold', '2',
      '--network', 'hq', '--network', 'lab', '--standby', `${ids[1]}@lab`, '--member', `${ids[2]}@lab`, '--min-supernodes', '1', '--policy', 'replace', '--json')
    assert.equal(created.code, 0, created.stderr)
    const fed = JSON.parse(created.stdout)
    assert.equal(fed.sealed, false)
    assert.deepEqual(fed.approvedBy, [fed.founder])
    assert.equal(fed.params.policy, 'replace')
    assert.deepEqual(fed.members.map((m: any) => `${String(m.network)} ${String(m.role)}`), ['hq supernode', 'lab standby', 'lab host'])
    const file = join(r1, 'genesis.bin')
    const early = waggle('--data-dir', host, 'init', '--genesis', file)
    assert.equal(early.code, 2)
    assert.match(early.stderr, /1 of the 2 root approvals/)
    const byHost = waggle('--data-dir', host, 'genesis', 'sign', file)
    assert.equal(byHost.code, 2)
    assert.match(byHost.stderr, /not a root admin/)
    const signed = waggle('--data-dir', r2, 'genesis', 'sign', file, '--json')
    assert.equal(signed.code, 0, signed.stderr)
    assert.equal(JSON.parse(signed.stdout).sealed, true)
    assert.equal(waggle('--data-dir', r2, 'genesis', 'sign', file).code, 2, 'a root signed twice')
    const ok = waggle('--data-dir', host, 'init', '--genesis', file, '--json')
    assert.equal(ok.code, 0, ok.stderr)
    assert.equal(JSON.parse(ok.stdout).federationId, fed.federationId)
    const bad = waggle('--data-dir', join(root, 't-x'), 'genesis', 'create', '--name', 'x', '--threshold', '3')
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /--threshold 3 is more than the 1 root admins/)
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

  it('refuses a join it cannot make before creating anything, saying why', () => {
    const dir = join(root, 'j')
    const peer = '/ip4/127.0.0.1/tcp/7420/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN'
    const cases: Array<[string[], RegExp]> = [
      [['join'], /required option '--via <multiaddr>'/],
      [['join', '--via', '/ip4/127.0.0.1/tcp/7420'], /--via: .* must end in \/p2p\/<node id>/],
      [['join', '--via', peer, '--invite', 'hello'], /--invite: not an invite/],
      [['join', '--via', peer, '--federation', 'abc'], /--federation: a federation id is 64 hex characters/],
      [['join', '--via', peer, '--network', 'Bad Name'], /--network: "Bad Name" is not a network name/],
      [['join', '--via', peer, '--wait', 'forever'], /--wait must be a duration/]
    ]
    for (const [args, message] of cases) {
      const r = waggle('--data-dir', dir, ...args)
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
      assert.match(r.stderr, message)
    }
    assert.throws(() => readdirSync(dir))
  })

  it('refuses to publish a file that does not exist', () => {
    const r = waggle('--data-dir', join(root, 'a'), 'wave', 'publish', 'site-config', join(root, 'missing.txt'))
    assert.equal(r.code, 2)
    assert.match(r.stderr, /missing\.txt: no such file/)
  })
})
