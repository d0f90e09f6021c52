import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultConfigText, loadConfig } from '../src/config/config.js'

describe('loadConfig', () => {
  let dir: string
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'waggle-config-')) })
  afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

  it('gives the defaults when there is no config file', () => {
    const c = loadConfig({ dataDir: dir, env: {} })
    assert.deepEqual(c.listen, ['/ip4/0.0.0.0/tcp/7420'])
    assert.equal(c.logLevel, 'info')
    assert.ok(Object.isFrozen(c))
  })

  it('reads the file written by init back unchanged', () => {
    writeFileSync(join(dir, 'waggle.toml'), defaultConfigText({ listen: ['/ip4/127.0.0.1/tcp/9000'], bootstrap: ['/ip4/127.0.0.1/tcp/9001'] }))
    const c = loadConfig({ dataDir: dir, env: {} })
    assert.deepEqual(c.listen, ['/ip4/127.0.0.1/tcp/9000'])
    assert.deepEqual(c.bootstrap, ['/ip4/127.0.0.1/tcp/9001'])
  })

  it('resolves defaults, then file, then environment, then flags', () => {
    writeFileSync(join(dir, 'waggle.toml'), '[log]\nlevel = "warn"\n[catchup]\ninterval_ms = 1000\n[network]\nredial_interval_ms = 500\n')
    const c = loadConfig({
      dataDir: dir,
      env: { WAGGLE_LOG_LEVEL: 'error', WAGGLE_CATCHUP_INTERVAL_MS: '2000' },
      flags: { catchupIntervalMs: 3000 }
    })
    assert.equal(c.redialIntervalMs, 500) // file
    assert.equal(c.logLevel, 'error') // env over file
    assert.equal(c.catchupIntervalMs, 3000) // flag over env
  })

  it('names the file and the key of a bad value', () => {
    const file = join(dir, 'waggle.toml')
    writeFileSync(file, '[network]\nlisten = ["not-a-multiaddr"]\n')
    assert.throws(() => loadConfig({ dataDir: dir, env: {} }), (err: Error) => {
      assert.equal(err.name, 'ConfigError')
      assert.ok(err.message.includes(file) && err.message.includes('network.listen'), err.message)
      return true
    })
  })

  it('refuses an unknown key instead of ignoring it', () => {
    writeFileSync(join(dir, 'waggle.toml'), '[network]\nlisen = []\n')
    assert.throws(() => loadConfig({ dataDir: dir, env: {} }), /unknown key "network.lisen"/)
  })

  it('names the file when it is not TOML', () => {
    const file = join(dir, 'waggle.toml')
    writeFileSync(file, '[network\nlisten = 3')
    assert.throws(() => loadConfig({ dataDir: dir, env: {} }), (err: Error) => err.name === 'ConfigError' && err.message.startsWith(file) && /TOML/.test(err.message))
  })

  it('names the environment variable of a bad value', () => {
    assert.throws(() => loadConfig({ dataDir: dir, env: { WAGGLE_REDIAL_INTERVAL_MS: 'soon' } }), /WAGGLE_REDIAL_INTERVAL_MS/)
    assert.throws(() => loadConfig({ dataDir: dir, env: { WAGGLE_LOG_LEVEL: 'loud' } }), /WAGGLE_LOG_LEVEL.*one of/)
  })

  it('reads per-channel scanners and hooks, with a default timeout', () => {
    writeFileSync(join(dir, 'waggle.toml'), '[channels.site-config]\nscanner = "clamscan"\nhook = "reload"\n[channels.data]\nhook = "x"\ntimeout_ms = 500\n')
    const c = loadConfig({ dataDir: dir, env: {} })
    assert.equal(c.channels['site-config'].scanner, 'clamscan')
    assert.equal(c.channels['site-config'].hook, 'reload')
    assert.equal(c.channels['site-config'].timeoutMs, 60_000)
    assert.equal(c.channels.data.timeoutMs, 500)
  })

  it('names the channel and key of a bad channel setting', () => {
    const file = join(dir, 'waggle.toml')
    for (const [text, pattern] of [
      ['[channels.site]\nhok = "x"\n', /unknown key "channels\.site\.hok"/],
      ['[channels.Site]\nhook = "x"\n', /channels\.Site: not a channel name/],
      ['[channels.site]\nhook = 3\n', /channels\.site\.hook: expected a shell command/],
      ['[channels.site]\ntimeout_ms = -1\n', /channels\.site\.timeout_ms/]
    ] as Array<[string, RegExp]>) {
      writeFileSync(file, text)
      assert.throws(() => loadConfig({ dataDir: dir, env: {} }), (err: Error) => err.name === 'ConfigError' && err.message.startsWith(file) && pattern.test(err.message), text)
    }
  })

  it('serves HTTP on loopback only, unless remote serving is allowed, naming the key of a bad address', () => {
    const file = join(dir, 'waggle.toml')
    assert.equal(loadConfig({ dataDir: dir, env: {} }).httpListen, '')
    writeFileSync(file, '[http]\nlisten = "127.0.0.1:9464"\n')
    assert.equal(loadConfig({ dataDir: dir, env: {} }).httpListen, '127.0.0.1:9464')
    assert.equal(loadConfig({ dataDir: dir, env: { WAGGLE_HTTP_LISTEN: '[::1]:9000' } }).httpListen, '[::1]:9000')
    writeFileSync(file, '[http]\nlisten = "0.0.0.0:9464"\n')
    assert.throws(() => loadConfig({ dataDir: dir, env: {} }), (err: Error) => err.name === 'ConfigError' && err.message.includes('http.listen') && /allow_remote/.test(err.message))
    writeFileSync(file, '[http]\nlisten = "0.0.0.0:9464"\nallow_remote = true\n')
    assert.equal(loadConfig({ dataDir: dir, env: {} }).httpAllowRemote, true)
    assert.throws(() => loadConfig({ dataDir: dir, env: { WAGGLE_HTTP_LISTEN: 'localhost' } }), /WAGGLE_HTTP_LISTEN: expected host:port/)
    assert.throws(() => loadConfig({ dataDir: dir, env: { WAGGLE_HTTP_ALLOW_REMOTE: 'yes' } }), /WAGGLE_HTTP_ALLOW_REMOTE: expected true or false/)
    assert.equal(loadConfig({ dataDir: dir, env: { WAGGLE_STANDBY_STEP_MS: '0' } }).standbyStepMs, 0)
    assert.equal(loadConfig({ dataDir: dir, env: { WAGGLE_VERIFY_WORKERS: '0' } }).verifyWorkers, 0)
    assert.equal(loadConfig({ dataDir: dir, env: {} }).verifyWorkers, undefined)
    assert.throws(() => loadConfig({ dataDir: dir, env: { WAGGLE_VERIFY_WORKERS: 'many' } }), /WAGGLE_VERIFY_WORKERS/)
  })
})
