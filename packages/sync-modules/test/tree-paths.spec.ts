import assert from 'node:assert/strict'
import { posix } from 'node:path'
import fc from 'fast-check'
import { MAX_CHUNK_SIZE, MAX_TREE_MANIFEST_BYTES, sha256, TreeManifest, type TreeEntry } from '@waggle/protocol'
import { checkTreeManifest, decodeTreeManifest } from '../src/index.js'
import { dirEntry, fileEntry, linkEntry, manifestOf } from './tree-fixtures.js'

/** The manifest every refusal case below breaks in one way. */
function base (): TreeManifest {
  return manifestOf([
    dirEntry('d'),
    fileEntry('d/f', 2500),
    linkEntry('d/l', 'f'),
    fileEntry('e', 0),
    linkEntry('top', 'd/f')
  ])
}

function withEntries (entries: TreeEntry[]): TreeManifest {
  return manifestOf(entries)
}

/** The spec's rule for a safe path, written out independently of the code under test. */
function safePath (path: string): boolean {
  return path.length > 0 && path.length <= 4096 && !path.includes('\\') && !path.includes('\0') &&
    path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
}

function targetInside (path: string, target: string): boolean {
  if (target === '' || target.startsWith('/') || target.includes('\\') || target.includes('\0')) return false
  const resolved = posix.normalize(posix.join(posix.dirname(path), target))
  return resolved !== '..' && !resolved.startsWith('../')
}

/** Each case: what is wrong, the manifest, the reason expected, and what the detail must name. */
const cases: Array<[string, () => TreeManifest, 'unsafe-path' | 'malformed', RegExp]> = [
  ['version 2', () => ({ ...base(), version: 2 }), 'malformed', /version 2/],
  ['version 0', () => ({ ...base(), version: 0 }), 'malformed', /version 0/],
  ['chunk size 0', () => ({ ...base(), chunkSize: 0 }), 'malformed', /chunk size 0/],
  ['chunk size over MAX_CHUNK_SIZE', () => ({ ...base(), chunkSize: MAX_CHUNK_SIZE + 1 }), 'malformed', /chunk size 4194305/],
  ['an empty path', () => withEntries([fileEntry('', 0)]), 'unsafe-path', /path is empty/],
  ['an absolute path', () => withEntries([fileEntry('/etc/passwd', 0)]), 'unsafe-path', /absolute/],
  ['a path with a backslash', () => withEntries([fileEntry('a\\..\\..\\x', 0)]), 'unsafe-path', /backslash/],
  ['a path with NUL', () => withEntries([fileEntry('a\0b', 0)]), 'unsafe-path', /NUL/],
  ['a path with an empty segment', () => withEntries([dirEntry('a'), fileEntry('a//b', 0)]), 'unsafe-path', /"" segment/],
  ['a path with a trailing slash', () => withEntries([dirEntry('a/')]), 'unsafe-path', /"" segment/],
  ['a path with a "." segment', () => withEntries([dirEntry('a'), fileEntry('a/./b', 0)]), 'unsafe-path', /"\." segment/],
  ['a path of ".."', () => withEntries([dirEntry('..')]), 'unsafe-path', /"\.\." segment/],
  ['a path with a ".." segment', () => withEntries([dirEntry('a'), fileEntry('a/../../x', 0)]), 'unsafe-path', /"\.\." segment/],
  ['a path longer than 4096 characters', () => withEntries([fileEntry('x'.repeat(4097), 0)]), 'unsafe-path', /longer than 4096/],
  ['a duplicate path', () => withEntries([fileEntry('a', 0), fileEntry('a', 0)]), 'malformed', /listed twice/],
  ['a directory listed twice', () => withEntries([dirEntry('a'), dirEntry('a')]), 'malformed', /listed twice/],
  ['entries out of order', () => withEntries([fileEntry('b', 0), fileEntry('a', 0)]), 'malformed', /"a" is listed after "b"/],
  ['a child with no parent entry', () => withEntries([fileEntry('d/f', 0)]), 'malformed', /parent directory/],
  ['a child under a file', () => withEntries([fileEntry('d', 0), fileEntry('d/f', 0)]), 'malformed', /parent directory/],
  ['a child under a symlink (a write through the link)', () => withEntries([linkEntry('d', 'e'), fileEntry('d/f', 0), dirEntry('e')]), 'malformed', /parent directory/],
  ['kind 3', () => withEntries([{ ...fileEntry('a', 0), kind: 3 }]), 'malformed', /unknown kind 3/],
  ['a directory with a size', () => withEntries([{ ...dirEntry('a'), size: 1 }]), 'malformed', /size or chunks/],
  ['a directory with chunks', () => withEntries([{ ...dirEntry('a'), chunks: [sha256(new Uint8Array(1))] }]), 'malformed', /size or chunks/],
  ['a symlink with a size', () => withEntries([fileEntry('a', 0), { ...linkEntry('b', 'a'), size: 3 }]), 'malformed', /"b" is not a file/],
  ['a file with a target', () => withEntries([{ ...fileEntry('a', 0), target: 'x' }]), 'malformed', /not a symlink but has a target/],
  ['a file with one chunk too few', () => withEntries([{ ...fileEntry('a', 2049), chunks: fileEntry('a', 2048).chunks }]), 'malformed', /2049 bytes lists 2 chunks, not 3/],
  ['an empty file with a chunk', () => withEntries([{ ...fileEntry('a', 0), chunks: [sha256(new Uint8Array(0))] }]), 'malformed', /lists 1 chunks, not 0/],
  ['a chunk hash of 31 bytes', () => withEntries([{ ...fileEntry('a', 10), chunks: [new Uint8Array(31)] }]), 'malformed', /not 32 bytes/],
  ['a negative size', () => withEntries([{ ...fileEntry('a', 0), size: -1 }]), 'malformed', /size -1/],
  ['a fractional size', () => withEntries([{ ...fileEntry('a', 10), size: 10.5 }]), 'malformed', /size 10\.5/],
  ['a symlink with an empty target', () => withEntries([linkEntry('l', '')]), 'unsafe-path', /empty target/],
  ['a symlink to an absolute path', () => withEntries([linkEntry('l', '/etc/passwd')]), 'unsafe-path', /absolute target/],
  ['a symlink to ".."', () => withEntries([linkEntry('l', '..')]), 'unsafe-path', /outside the tree/],
  ['a symlink to "../x"', () => withEntries([linkEntry('l', '../x')]), 'unsafe-path', /outside the tree/],
  ['a nested symlink climbing out', () => withEntries([dirEntry('d'), linkEntry('d/l', '../../x')]), 'unsafe-path', /"d\/l" points outside/],
  ['a symlink climbing out after going down', () => withEntries([dirEntry('d'), linkEntry('l', 'd/../../x')]), 'unsafe-path', /outside the tree/],
  ['a symlink climbing out through another symlink', () => withEntries([dirEntry('d'), linkEntry('d/up', '..'), linkEntry('s', 'd/up/..')]), 'unsafe-path', /"s" resolves outside the tree through the tree's own symlinks/],
  ['a symlink loop', () => withEntries([linkEntry('a', 'b'), linkEntry('b', 'a')]), 'unsafe-path', /loop/],
  ['mode 0o1000', () => withEntries([fileEntry('a', 0, 1024, 0o1000)]), 'malformed', /mode 0o1000/],
  ['a setuid mode', () => withEntries([fileEntry('a', 0, 1024, 0o4755)]), 'malformed', /mode 0o4755/],
  ['a negative mode', () => withEntries([fileEntry('a', 0, 1024, -1)]), 'malformed', /mode -1/]
]

describe('tree paths', () => {
  it('accepts a well-formed manifest and returns its total bytes and chunks', () => {
    const result = checkTreeManifest(base())
    assert.deepEqual(result, { ok: true, value: { size: 2500, chunks: 3 } })
  })

  it('accepts symlinks that stay inside, including through the tree\'s own symlinks', () => {
    const result = checkTreeManifest(withEntries([
      dirEntry('a'),
      dirEntry('a/b'),
      linkEntry('a/b/up', '..'),
      linkEntry('a/b/upup', '../..'),
      linkEntry('s', 'a/b/up/..'),
      linkEntry('t', './a/b/')
    ]))
    assert.equal(result.ok, true)
  })

  for (const [name, make, reason, detail] of cases) {
    it(`refuses ${name} as ${reason}`, () => {
      const result = checkTreeManifest(make())
      assert.equal(result.ok, false, `accepted ${name}`)
      if (!result.ok) {
        assert.equal(result.reason, reason, result.detail)
        assert.match(result.detail, detail)
      }
    })
  }

  it('refuses a tree whose files hold more than maxSize, and accepts it at exactly maxSize', () => {
    assert.equal(checkTreeManifest(base(), { maxSize: 2500 }).ok, true)
    const over = checkTreeManifest(base(), { maxSize: 2499 })
    assert.equal(over.ok, false)
    if (!over.ok) assert.equal(over.reason, 'malformed')
  })

  it('sorts by plain string order, where "a-b" comes between "a" and "a/x"', () => {
    assert.equal(checkTreeManifest(withEntries([dirEntry('a'), fileEntry('a-b', 0), fileEntry('a/x', 0)])).ok, true)
    assert.equal(checkTreeManifest(withEntries([dirEntry('a'), fileEntry('a/x', 0), fileEntry('a-b', 0)])).ok, false)
  })

  it('never throws and accepts a manifest only when every path is safe, whatever its segments', () => {
    // Weighted towards safe segments so that a fair share of manifests is accepted too.
    const segment = fc.oneof(
      { arbitrary: fc.constantFrom('a', 'b', 'c', 'é', ' '), weight: 6 },
      { arbitrary: fc.constantFrom('..', '.', '', '/', '\\', 'x\\y', 'n\u0000'), weight: 1 }
    )
    const pathArb = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'))
    const leaf = fc.oneof(fc.constant({ kind: 'dir' as const }), fc.constant({ kind: 'file' as const }), pathArb.map((target) => ({ kind: 'link' as const, target })))
    let accepted = 0
    let refused = 0
    fc.assert(fc.property(fc.array(fc.tuple(pathArb, leaf), { minLength: 1, maxLength: 6 }), (paths) => {
      // Every prefix of a path is a directory, so parents and order hold and
      // only the paths themselves (and link targets) decide.
      const kinds = new Map<string, { kind: 'dir' } | { kind: 'file' } | { kind: 'link', target: string }>()
      for (const [path] of paths) {
        const parts = path.split('/')
        for (let i = 1; i < parts.length; i++) kinds.set(parts.slice(0, i).join('/'), { kind: 'dir' })
      }
      for (const [path, kind] of paths) if (!kinds.has(path)) kinds.set(path, kind)
      const sorted = [...kinds.keys()].sort((a, b) => a < b ? -1 : a > b ? 1 : 0)
      const entries = sorted.map((path) => {
        const kind = kinds.get(path)
        if (kind?.kind === 'file') return fileEntry(path, 0)
        if (kind?.kind === 'link') return linkEntry(path, kind.target)
        return dirEntry(path)
      })
      const result = checkTreeManifest(manifestOf(entries))
      const allSafe = sorted.every(safePath)
      const links = entries.filter((e) => e.kind === 2)
      if (result.ok) accepted++
      else refused++
      if (result.ok) {
        assert.ok(allSafe, `accepted an unsafe path among ${JSON.stringify(sorted)}`)
        for (const link of links) assert.ok(targetInside(link.path, link.target), `accepted ${link.path} -> ${link.target}`)
      } else if (links.length === 0) {
        assert.ok(!allSafe, `refused safe paths ${JSON.stringify(sorted)}: ${result.detail}`)
        assert.equal(result.reason, 'unsafe-path')
      }
    }), { numRuns: 2000 })
    // Both sides of the rule were exercised, not just refusals.
    assert.ok(accepted > 100 && refused > 100, `accepted ${accepted}, refused ${refused}`)
  })

  it('never throws on manifests with arbitrary fields', () => {
    const entry = fc.record({
      path: fc.oneof(fc.string(), fc.constantFrom('a', 'a/b', '../x', '/x'), fc.anything()),
      kind: fc.oneof(fc.integer({ min: -1, max: 4 }), fc.anything()),
      mode: fc.oneof(fc.integer(), fc.double(), fc.anything()),
      size: fc.oneof(fc.integer({ min: -1, max: 5000 }), fc.double(), fc.constant(Number.MAX_VALUE), fc.anything()),
      chunks: fc.oneof(fc.array(fc.uint8Array({ minLength: 30, maxLength: 33 }), { maxLength: 6 }), fc.anything()),
      target: fc.oneof(fc.string(), fc.constantFrom('', '..', 'a', '/etc'), fc.anything())
    })
    const manifest = fc.record({
      version: fc.oneof(fc.constant(1), fc.anything()),
      chunkSize: fc.oneof(fc.integer({ min: -1, max: 2048 }), fc.anything()),
      entries: fc.oneof(fc.array(fc.oneof(entry, fc.anything()), { maxLength: 6 }), fc.anything())
    })
    fc.assert(fc.property(manifest, (m) => {
      const result = checkTreeManifest(m as unknown as TreeManifest)
      if (result.ok) {
        for (const e of (m.entries as TreeEntry[])) assert.ok(safePath(e.path))
      }
    }), { numRuns: 3000 })
    assert.equal(checkTreeManifest(null as unknown as TreeManifest).ok, false)
  })
})

describe('tree manifest decoding', () => {
  it('decodes and checks manifest bytes that hash to the announced root', () => {
    const bytes = TreeManifest.encode(base())
    const result = decodeTreeManifest(bytes, { root: sha256(bytes), maxSize: 2500 })
    assert.equal(result.ok, true)
    if (result.ok) {
      assert.deepEqual(result.value.manifest, base())
      assert.equal(result.value.size, 2500)
    }
  })

  it('refuses bytes that do not hash to the root, do not decode, are too large or describe an unsafe tree', () => {
    const bytes = TreeManifest.encode(base())
    const other = sha256(new Uint8Array(1))
    const swapped = decodeTreeManifest(bytes, { root: other })
    assert.equal(swapped.ok ? 'ok' : swapped.reason, 'hash-mismatch')
    const garbage = new Uint8Array([0xff, 0xff, 0xff])
    const g = decodeTreeManifest(garbage)
    assert.equal(g.ok ? 'ok' : g.reason, 'malformed')
    const big = decodeTreeManifest(new Uint8Array(MAX_TREE_MANIFEST_BYTES + 1))
    assert.equal(big.ok ? 'ok' : big.reason, 'too-large')
    const unsafe = decodeTreeManifest(TreeManifest.encode(withEntries([fileEntry('../../etc/cron.d/x', 0)])))
    assert.equal(unsafe.ok ? 'ok' : unsafe.reason, 'unsafe-path')
    const large = decodeTreeManifest(bytes, { maxSize: 100 })
    assert.equal(large.ok ? 'ok' : large.reason, 'malformed')
  })
})
