import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sha256, toHex, type ContentDescriptor } from '@waggle/protocol'
import { httpModule } from '../../src/index.js'
import { startHttpServer, type TestHttpServer } from '../http-server.js'
import { useTempDir } from '../tree-fixtures.js'

const PATH = '/dl/site.tar.gz'

function isNamed (name: string, message?: RegExp): (err: Error) => boolean {
  return (err) => err.name === name && (message === undefined || message.test(err.message))
}

describe('httpModule', () => {
  const temp = useTempDir('http')
  let server: TestHttpServer
  let content: Buffer

  beforeEach(async () => {
    server = await startHttpServer()
    content = randomBytes(1024 * 1024 + 17)
    server.files.set(PATH, content)
  })
  afterEach(async () => { await server.close() })

  const staging = (): string => join(temp(), 'staging')
  const staged = (): Buffer => readFileSync(join(staging(), 'site.tar.gz'))

  describe('describe', () => {
    it('describes a URL by its size and SHA-256, named after its last path segment', async () => {
      const d = await httpModule().describe(server.url(PATH))
      assert.deepEqual(d, { module: 'http', size: content.byteLength, sha256: sha256(content), name: 'site.tar.gz', source: server.url(PATH) })
    })

    it('decodes the name from the URL path, and falls back to "content" when there is none', async () => {
      server.files.set('/a%20b.txt', Buffer.from('x'))
      server.files.set('/', Buffer.from('root'))
      assert.equal((await httpModule().describe(server.url('/a%20b.txt'))).name, 'a b.txt')
      assert.equal((await httpModule().describe(server.url('/'))).name, 'content')
    })

    it('follows a redirect to another http URL, but refuses one to another scheme', async () => {
      server.redirects.set('/moved', PATH)
      server.redirects.set('/sneaky', 'file:///etc/passwd')
      assert.deepEqual((await httpModule().describe(server.url('/moved'))).sha256, sha256(content))
      await assert.rejects(httpModule().describe(server.url('/sneaky')), isNamed('UnsupportedSourceError', /redirects to a file URL/))
    })

    it('refuses sources that are not http or https URLs', async () => {
      for (const source of ['file:///etc/passwd', 'ftp://example.org/x', 'not a url', '/srv/site']) {
        await assert.rejects(httpModule().describe(source), isNamed('UnsupportedSourceError'), source)
      }
    })

    it('refuses a ref: an http URL has no versions', async () => {
      await assert.rejects(httpModule().describe(server.url(PATH), { ref: 'main' }), isNamed('UnsupportedSourceError', /no versions/))
    })

    it('fails with the HTTP status when the server has no such file', async () => {
      await assert.rejects(httpModule().describe(server.url('/missing')), (err: Error) => {
        assert.equal(err.name, 'HttpStatusError')
        assert.equal((err as Error & { status: number }).status, 404)
        assert.match(err.message, /HTTP 404/)
        return true
      })
    })

    it('keeps a URL password out of its error messages', async () => {
      const url = server.url('/missing').replace('http://', 'http://user:s3cret@')
      await assert.rejects(httpModule().describe(url), (err: Error) => !err.message.includes('s3cret'))
    })
  })

  describe('fetch', () => {
    let d: ContentDescriptor
    beforeEach(async () => { d = await httpModule().describe(server.url(PATH)) })

    it('resumes an aborted fetch with a Range request and completes it byte for byte', async () => {
      const controller = new AbortController()
      await assert.rejects(httpModule().fetch(d, staging(), {
        signal: controller.signal,
        onProgress: ({ bytes }) => { if (bytes > 0) controller.abort() }
      }), isNamed('AbortError'))
      const part = statSync(join(staging(), 'site.tar.gz')).size
      assert.ok(part > 0 && part < content.byteLength, `a part of ${part} bytes`)

      const progress: number[] = []
      await httpModule().fetch(d, staging(), { onProgress: ({ bytes }) => progress.push(bytes) })
      assert.equal(server.requests.at(-1)?.range, `bytes=${part}-`)
      assert.equal(progress[0], part)
      assert.equal(progress.at(-1), content.byteLength)
      assert.ok(staged().equals(content))
      assert.deepEqual(await httpModule().verify(d, staging()), { ok: true })
    })

    it('resumes after the server dropped the connection midway', async () => {
      server.cutAfter = 1000
      await assert.rejects(httpModule().fetch(d, staging()), isNamed('IncompleteContentError', /broke off after \d+ of the 1048593 bytes/))
      // What arrived before the drop is kept (a single small write arrives whole on loopback).
      const part = statSync(join(staging(), 'site.tar.gz')).size
      assert.ok(part > 0 && part <= 1000, `a part of ${part} bytes`)
      await httpModule().fetch(d, staging())
      assert.equal(server.requests.at(-1)?.range, `bytes=${part}-`)
      assert.ok(staged().equals(content))
    })

    it('starts over from zero when the server ignores the Range and answers 200', async () => {
      mkdirSync(staging())
      writeFileSync(join(staging(), 'site.tar.gz'), content.subarray(0, 5000))
      server.ignoreRange = true
      await httpModule().fetch(d, staging())
      assert.equal(server.requests.at(-1)?.range, 'bytes=5000-')
      assert.ok(staged().equals(content))
    })

    it('downloads the whole again when a kept part came from other bytes', async () => {
      mkdirSync(staging())
      writeFileSync(join(staging(), 'site.tar.gz'), randomBytes(5000))
      await httpModule().fetch(d, staging())
      assert.deepEqual(server.requests.slice(-2).map((r) => r.range), ['bytes=5000-', undefined])
      assert.ok(staged().equals(content))
    })

    it('sends no request when the staged file is already complete', async () => {
      await httpModule().fetch(d, staging())
      const seen = server.requests.length
      await httpModule().fetch(d, staging())
      assert.equal(server.requests.length, seen)
    })

    it('lets verify name both hashes when the server sends other bytes than described', async () => {
      const other = randomBytes(content.byteLength)
      server.files.set(PATH, other)
      await httpModule().fetch(d, staging())
      const checked = await httpModule().verify(d, staging())
      assert.equal(checked.ok, false)
      assert.ok(!checked.ok && checked.reason.includes(toHex(sha256(other))) && checked.reason.includes(toHex(d.sha256)), !checked.ok ? checked.reason : '')
    })

    it('refuses a Content-Length over the announced size before writing anything', async () => {
      server.files.set(PATH, Buffer.concat([content, Buffer.from('more')]))
      await assert.rejects(httpModule().fetch(d, staging()), isNamed('OversizeContentError', /sent more than the 1048593 bytes announced/))
      assert.ok(readdirSync(staging()).every((name) => statSync(join(staging(), name)).size === 0), 'no byte may be written')
    })

    it('stops at the announced size when a server without Content-Length sends more', async () => {
      server.chunked = true
      server.files.set(PATH, Buffer.concat([content, randomBytes(200_000)]))
      await assert.rejects(httpModule().fetch(d, staging()), isNamed('OversizeContentError', /sent more than/))
      assert.ok(statSync(join(staging(), 'site.tar.gz')).size <= content.byteLength)
      assert.equal((await httpModule().verify(d, staging())).ok, false)
    })

    it('fails with IncompleteContentError when the server has fewer bytes than announced', async () => {
      server.chunked = true
      server.files.set(PATH, content.subarray(0, 1000))
      await assert.rejects(httpModule().fetch(d, staging()), isNamed('IncompleteContentError', /after 1000 of the 1048593 bytes/))
    })

    it('stages content under a plain file name whatever the descriptor names it', async () => {
      for (const name of ['../../evil', 'a/b', '..', '', 'x\ny']) {
        const dir = join(temp(), `staging-${toHex(sha256(Buffer.from(name)))}`)
        const odd = { ...d, name }
        await httpModule().fetch(odd, dir)
        assert.deepEqual(readdirSync(dir), ['content'], name)
        assert.deepEqual(await httpModule().verify(odd, dir), { ok: true })
      }
      assert.equal(existsSync(join(temp(), '..', 'evil')), false)
    })

    it('removes what else the staging dir holds, and verify refuses such extras', async () => {
      await httpModule().fetch(d, staging())
      writeFileSync(join(staging(), 'stray'), 'x')
      const checked = await httpModule().verify(d, staging())
      assert.ok(!checked.ok && checked.reason.includes('"stray"'))
      await httpModule().fetch(d, staging())
      assert.deepEqual(readdirSync(staging()), ['site.tar.gz'])
    })

    it('fetches and verifies empty content', async () => {
      server.files.set('/empty', Buffer.alloc(0))
      const empty = await httpModule().describe(server.url('/empty'))
      assert.equal(empty.size, 0)
      await httpModule().fetch(empty, staging())
      assert.deepEqual(await httpModule().verify(empty, staging()), { ok: true })
    })

    it('refuses a descriptor whose source is not an http URL', async () => {
      await assert.rejects(httpModule().fetch({ ...d, source: 'file:///etc/passwd' }, staging()), isNamed('UnsupportedSourceError'))
      await assert.rejects(httpModule().fetch({ ...d, source: undefined }, staging()), isNamed('InvalidDescriptorError', /no source/))
      assert.equal(existsSync(staging()), false)
    })
  })
})
