import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { equalBytes, sha256, toHex, TreeManifest } from '@waggle/protocol'
import {
  checkTreeManifest, describeTree, fsChunkStore, materializeTree, missingChunks, TreeWriter, verifyTree
} from '../src/index.js'
import { chunkFiles, dirEntry, fileEntry, manifestOf, snapshot, useTempDir } from './tree-fixtures.js'

const CHUNK = 1024

function write (path: string, data: Uint8Array | string, mode: number): void {
  writeFileSync(path, data)
  chmodSync(path, mode)
}

function mkdir (path: string, mode: number): void {
  mkdirSync(path)
  chmodSync(path, mode)
}

/** A source tree with every feature a tree carries. */
function buildSource (src: string): void {
  mkdirSync(src)
  write(join(src, 'a.txt'), 'hello\n', 0o644)
  write(join(src, 'empty'), '', 0o600)
  write(join(src, 'big.bin'), randomBytes(5 * CHUNK + 123), 0o755)
  write(join(src, 'exact.bin'), randomBytes(2 * CHUNK), 0o640)
  mkdir(join(src, 'n'), 0o755)
  write(join(src, 'n', 'x'), 'in n', 0o644)
  write(join(src, 'n-1'), 'sorts between n and n/x', 0o644)
  mkdir(join(src, 'sub'), 0o750)
  mkdir(join(src, 'sub', 'deeper'), 0o700)
  write(join(src, 'sub', 'deeper', 'x.txt'), 'deep', 0o604)
  symlinkSync('../a.txt', join(src, 'sub', 'up'))
  symlinkSync('deeper', join(src, 'sub', 'dirlink'))
  symlinkSync('a.txt', join(src, 'link-to-a'))
  mkdir(join(src, 'emptydir'), 0o711)
  mkdirSync(join(src, 'ro'))
  write(join(src, 'ro', 'f.txt'), 'read only', 0o444)
  chmodSync(join(src, 'ro'), 0o555)
}

describe('tree', () => {
  const temp = useTempDir('tree')

  describe('describeTree and materializeTree', () => {
    it('recreates a directory tree byte for byte from a store holding only what describe put', async () => {
      const src = join(temp(), 'src')
      buildSource(src)
      const store = fsChunkStore(join(temp(), 'store'))
      const described = await describeTree(src, store, { chunkSize: CHUNK })

      assert.deepEqual(checkTreeManifest(described.manifest), { ok: true, value: { size: described.size, chunks: 13 } })
      assert.ok(equalBytes(described.root, sha256(described.manifestBytes)))
      assert.deepEqual(TreeManifest.decode(described.manifestBytes), described.manifest)
      const fromStore = await store.get(described.root)
      assert.ok(fromStore !== undefined && equalBytes(fromStore, described.manifestBytes), 'the manifest is served from the store under the root')
      assert.deepEqual(described.manifest.entries.map((e) => e.path), [
        'a.txt', 'big.bin', 'empty', 'emptydir', 'exact.bin', 'link-to-a', 'n', 'n-1', 'n/x', 'ro', 'ro/f.txt',
        'sub', 'sub/deeper', 'sub/deeper/x.txt', 'sub/dirlink', 'sub/up'
      ])
      assert.equal(described.manifest.entries.find((e) => e.path === 'big.bin')?.chunks.length, 6)

      const target = join(temp(), 'staging', 'v1')
      await materializeTree(TreeManifest.decode(described.manifestBytes), store, target)
      assert.deepEqual(snapshot(target), snapshot(src))
      assert.deepEqual(await verifyTree(described.manifest, target), { ok: true, value: undefined })
    })

    it('describes a single file as a tree of one file named after it', async () => {
      const file = join(temp(), 'site.conf')
      write(file, randomBytes(3000), 0o640)
      const store = fsChunkStore(join(temp(), 'store'))
      const { manifest, size } = await describeTree(file, store, { chunkSize: CHUNK })
      assert.equal(size, 3000)
      assert.deepEqual(manifest.entries.map((e) => [e.path, e.kind, e.mode, e.size, e.chunks.length]), [['site.conf', 0, 0o640, 3000, 3]])
      const target = join(temp(), 'out')
      await materializeTree(manifest, store, target)
      assert.deepEqual(readFileSync(join(target, 'site.conf')), readFileSync(file))
    })

    it('stores content shared by two files, and by a second version, once', async () => {
      const src = join(temp(), 'src')
      mkdirSync(join(src, 'sub'), { recursive: true })
      const shared = randomBytes(3 * CHUNK - 100)
      write(join(src, 'one.bin'), shared, 0o644)
      write(join(src, 'sub', 'two.bin'), shared, 0o644)
      const storeDir = join(temp(), 'store')
      const store = fsChunkStore(storeDir)
      const first = await describeTree(src, store, { chunkSize: CHUNK })
      assert.equal(chunkFiles(storeDir).length, 3 + 1, 'three chunks and the manifest')
      assert.deepEqual(first.manifest.entries[0].chunks, first.manifest.entries[2].chunks)

      write(join(src, 'three.bin'), shared, 0o644)
      await describeTree(src, store, { chunkSize: CHUNK })
      assert.equal(chunkFiles(storeDir).length, 3 + 2, 'only the second manifest is new')
    })

    it('refuses a symlink pointing outside the tree, naming it', async () => {
      for (const target of ['/etc/passwd', '../x', 'sub/../../x']) {
        const src = join(temp(), `src-${toHex(sha256(Buffer.from(target))).slice(0, 8)}`)
        mkdirSync(join(src, 'sub'), { recursive: true })
        symlinkSync(target, join(src, 'escape'))
        await assert.rejects(describeTree(src, fsChunkStore(join(temp(), 'store'))), (err: Error) => {
          assert.equal(err.name, 'UnsafeTreeError')
          assert.match(err.message, /escape/)
          return true
        })
      }
    })

    it('refuses a symlink that escapes through another symlink in the tree', async () => {
      const src = join(temp(), 'src')
      mkdirSync(join(src, 'd'), { recursive: true })
      symlinkSync('..', join(src, 'd', 'up'))
      symlinkSync('d/up/..', join(src, 's'))
      await assert.rejects(describeTree(src, fsChunkStore(join(temp(), 'store'))), { name: 'UnsafeTreeError', message: /"s"/ })
    })

    it('refuses a FIFO and a socket, naming them', async () => {
      const src = join(temp(), 'src')
      mkdirSync(src)
      write(join(src, 'ok.txt'), 'fine', 0o644)
      execFileSync('mkfifo', [join(src, 'pipe')])
      await assert.rejects(describeTree(src, fsChunkStore(join(temp(), 'store'))), (err: Error & { path?: string }) => {
        assert.equal(err.name, 'UnsupportedFileTypeError')
        assert.equal(err.path, join(src, 'pipe'))
        assert.match(err.message, /FIFO/)
        return true
      })

      const src2 = join(temp(), 'src2')
      mkdirSync(src2)
      const server = createServer()
      await new Promise<void>((resolve) => server.listen(join(src2, 'sock'), resolve))
      try {
        await assert.rejects(describeTree(src2, fsChunkStore(join(temp(), 'store'))), { name: 'UnsupportedFileTypeError', message: /sock.*socket/ })
      } finally {
        await new Promise((resolve) => server.close(resolve))
      }
    })
  })

  describe('materializeTree', () => {
    it('writes nothing for an unsafe manifest: the target dir does not exist afterwards', async () => {
      const store = fsChunkStore(join(temp(), 'store'))
      const data = new TextEncoder().encode('* * * * * root evil')
      await store.put(sha256(data), data)
      const manifest = manifestOf([
        fileEntry('ok', 0),
        { path: '../escaped', kind: 0, mode: 0o644, size: data.length, chunks: [sha256(data)], target: '' }
      ])
      const target = join(temp(), 'staging', 'v1')
      await assert.rejects(materializeTree(manifest, store, target), (err: Error & { reason?: string }) => {
        assert.equal(err.name, 'UnsafeTreeError')
        assert.equal(err.reason, 'unsafe-path')
        return true
      })
      assert.equal(existsSync(target), false)
      assert.equal(existsSync(join(temp(), 'staging')), false)
      assert.equal(existsSync(join(temp(), 'staging', 'escaped')), false)
    })

    it('writes nothing when a chunk is missing, and names the missing chunk', async () => {
      const src = join(temp(), 'src')
      buildSource(src)
      const storeDir = join(temp(), 'store')
      const store = fsChunkStore(storeDir)
      const { manifest } = await describeTree(src, store, { chunkSize: CHUNK })
      const lost = manifest.entries.find((e) => e.path === 'big.bin')?.chunks[3] as Uint8Array
      const hex = toHex(lost)
      execFileSync('rm', [join(storeDir, hex.slice(0, 2), hex)])
      const target = join(temp(), 'out')
      await assert.rejects(materializeTree(manifest, store, target), { name: 'MissingChunkError', message: new RegExp(hex) })
      assert.equal(existsSync(target), false)
    })

    it('removes what it wrote when a chunk turns out corrupt midway', async () => {
      const src = join(temp(), 'src')
      buildSource(src)
      const storeDir = join(temp(), 'store')
      const store = fsChunkStore(storeDir)
      const { manifest } = await describeTree(src, store, { chunkSize: CHUNK })
      // has() does not read, so the corruption surfaces only while writing
      const hash = manifest.entries.find((e) => e.path === 'sub/deeper/x.txt')?.chunks[0] as Uint8Array
      const hex = toHex(hash)
      writeFileSync(join(storeDir, hex.slice(0, 2), hex), 'rotten')
      const target = join(temp(), 'out')
      await assert.rejects(materializeTree(manifest, store, target), { name: 'MissingChunkError' })
      assert.equal(existsSync(target), false)
      assert.equal(await store.has(hash), false, 'the corrupt chunk is dropped so it is fetched again')
    })

    it('refuses a target dir that already exists and leaves it alone', async () => {
      const store = fsChunkStore(join(temp(), 'store'))
      const target = join(temp(), 'live')
      mkdirSync(target)
      write(join(target, 'keep'), 'mine', 0o644)
      await assert.rejects(materializeTree(manifestOf([dirEntry('x')]), store, target), { code: 'EEXIST' })
      assert.equal(readFileSync(join(target, 'keep'), 'utf8'), 'mine')
    })
  })

  describe('TreeWriter', () => {
    /** A described source tree, its store (which holds every chunk) and each chunk's bytes by hash. */
    async function described (src: string): Promise<{ manifest: TreeManifest, store: ReturnType<typeof fsChunkStore>, bytes: Map<string, Uint8Array> }> {
      const store = fsChunkStore(join(temp(), 'store'))
      const { manifest } = await describeTree(src, store, { chunkSize: CHUNK })
      const bytes = new Map<string, Uint8Array>()
      for (const e of manifest.entries) for (const h of e.chunks) bytes.set(toHex(h), await store.get(h) as Uint8Array)
      return { manifest, store, bytes }
    }

    it('builds the tree from chunks as they arrive, in any order, and from the store for the rest', async () => {
      const src = join(temp(), 'src')
      buildSource(src)
      const { manifest, store, bytes } = await described(src)
      const target = join(temp(), 'staging', 'v1')
      const writer = await TreeWriter.create(manifest, target)
      assert.equal(writer.unwritten, 13, 'the 13 distinct chunks of the tree')
      // half the chunks arrive (backwards, and one twice); the rest are in the store already
      const arriving = [...bytes.keys()].reverse().slice(0, 6)
      for (const hex of [...arriving, arriving[0]]) writer.write(Buffer.from(hex, 'hex'), bytes.get(hex) as Uint8Array)
      writer.write(sha256(Buffer.from('not in this tree')), Buffer.from('not in this tree'))
      await writer.fill(store)
      assert.equal(writer.unwritten, 0)
      await writer.finish()
      assert.deepEqual(snapshot(target), snapshot(src))
      assert.deepEqual(await verifyTree(manifest, target), { ok: true, value: undefined })
    })

    it('writes a chunk that a tree lists in several places to every one of them', async () => {
      const src = join(temp(), 'src')
      mkdirSync(src)
      const part = randomBytes(CHUNK)
      // 40 files (more than it keeps open at once), each the same chunk twice and one of its own
      for (let i = 0; i < 40; i++) write(join(src, `f${String(i).padStart(2, '0')}`), Buffer.concat([part, part, randomBytes(10)]), 0o644)
      const { manifest, bytes } = await described(src)
      const target = join(temp(), 'out')
      const writer = await TreeWriter.create(manifest, target)
      for (const [hex, data] of bytes) writer.write(Buffer.from(hex, 'hex'), data)
      assert.equal(writer.unwritten, 0)
      // nothing is read from the store: an empty store lacks everything, and fill still succeeds
      await writer.fill(fsChunkStore(join(temp(), 'empty-store')))
      await writer.finish()
      assert.deepEqual(snapshot(target), snapshot(src))
    })

    it('names a chunk neither written nor in the store, and fills it once it is stored', async () => {
      const src = join(temp(), 'src')
      buildSource(src)
      const { manifest, bytes } = await described(src)
      const sparse = fsChunkStore(join(temp(), 'sparse'))
      const [lostHex, ...held] = [...bytes.keys()]
      for (const hex of held) await sparse.put(Buffer.from(hex, 'hex'), bytes.get(hex) as Uint8Array)
      const target = join(temp(), 'out')
      const writer = await TreeWriter.create(manifest, target)
      await assert.rejects(writer.fill(sparse), { name: 'MissingChunkError', message: new RegExp(lostHex) })
      await assert.rejects(writer.finish(), { name: 'MissingChunkError', message: new RegExp(lostHex) })
      assert.equal(writer.unwritten, 1)
      await sparse.put(Buffer.from(lostHex, 'hex'), bytes.get(lostHex) as Uint8Array)
      await writer.fill(sparse)
      await writer.finish()
      assert.deepEqual(snapshot(target), snapshot(src))
    })

    it('refuses a chunk whose length is not the one its place in the manifest gives, and abort removes the tree', async () => {
      const data = randomBytes(CHUNK)
      // the manifest says the file is 10 bytes, but lists a whole chunk's hash
      const manifest = manifestOf([{ path: 'short', kind: 0, mode: 0o644, size: 10, chunks: [sha256(data)], target: '' }])
      const target = join(temp(), 'out')
      const writer = await TreeWriter.create(manifest, target)
      writer.write(sha256(data), data)
      await assert.rejects(writer.fill(fsChunkStore(join(temp(), 'store'))), (err: Error & { reason?: string }) => {
        assert.equal(err.name, 'UnsafeTreeError')
        assert.equal(err.reason, 'malformed')
        assert.match(err.message, /"short" chunk 0 is 1024 bytes, not 10/)
        return true
      })
      await writer.abort()
      assert.equal(existsSync(target), false)
    })

    it('creates nothing for an unsafe manifest', async () => {
      const target = join(temp(), 'staging', 'v1')
      const manifest = manifestOf([{ path: '../escaped', kind: 0, mode: 0o644, size: 1, chunks: [sha256(Buffer.from('x'))], target: '' }])
      await assert.rejects(TreeWriter.create(manifest, target), { name: 'UnsafeTreeError' })
      assert.equal(existsSync(join(temp(), 'staging')), false)
    })
  })

  describe('missingChunks', () => {
    it('lists exactly the distinct chunks the store lacks, in manifest order', async () => {
      const src = join(temp(), 'src')
      mkdirSync(src)
      const shared = randomBytes(2 * CHUNK)
      write(join(src, 'a'), shared, 0o644)
      write(join(src, 'b'), Buffer.concat([randomBytes(CHUNK), shared.subarray(0, CHUNK)]), 0o644)
      write(join(src, 'c'), shared, 0o644)
      const full = fsChunkStore(join(temp(), 'full'))
      const { manifest } = await describeTree(src, full, { chunkSize: CHUNK })
      const [s0, s1] = manifest.entries[0].chunks
      const b0 = manifest.entries[1].chunks[0]
      assert.deepEqual(await missingChunks(manifest, full), [])

      const partial = fsChunkStore(join(temp(), 'partial'))
      assert.deepEqual((await missingChunks(manifest, partial)).map(toHex), [s0, s1, b0].map(toHex))
      await partial.put(s1, await full.get(s1) as Uint8Array)
      assert.deepEqual((await missingChunks(manifest, partial)).map(toHex), [s0, b0].map(toHex))
    })
  })

  describe('verifyTree', () => {
    async function materialized (): Promise<{ manifest: TreeManifest, target: string }> {
      const src = join(temp(), 'src')
      buildSource(src)
      const store = fsChunkStore(join(temp(), 'store'))
      const { manifest } = await describeTree(src, store, { chunkSize: CHUNK })
      const target = join(temp(), 'out')
      await materializeTree(manifest, store, target)
      return { manifest, target }
    }

    it('detects a single modified byte in a materialized file', async () => {
      const { manifest, target } = await materialized()
      const path = join(target, 'big.bin')
      const bytes = readFileSync(path)
      bytes[4 * CHUNK + 7] ^= 1
      writeFileSync(path, bytes)
      const result = await verifyTree(manifest, target)
      assert.equal(result.ok, false)
      if (!result.ok) {
        assert.equal(result.reason, 'mismatch')
        assert.match(result.detail, /big\.bin.*chunk 4/)
      }
    })

    it('detects a changed symlink target, a file turned directory, a changed mode and an extra file', async () => {
      const { manifest, target } = await materialized()
      execFileSync('rm', [join(target, 'link-to-a')])
      symlinkSync('empty', join(target, 'link-to-a'))
      assert.match((await verifyTree(manifest, target) as { detail: string }).detail, /link-to-a/)
      execFileSync('rm', [join(target, 'link-to-a')])
      symlinkSync('a.txt', join(target, 'link-to-a'))

      execFileSync('rm', [join(target, 'empty')])
      mkdirSync(join(target, 'empty'))
      assert.match((await verifyTree(manifest, target) as { detail: string }).detail, /"empty" is not a file/)
      execFileSync('rmdir', [join(target, 'empty')])
      write(join(target, 'empty'), '', 0o600)
      assert.equal((await verifyTree(manifest, target)).ok, true)

      chmodSync(join(target, 'a.txt'), 0o666)
      assert.match((await verifyTree(manifest, target) as { detail: string }).detail, /a\.txt.*mode/)
      chmodSync(join(target, 'a.txt'), 0o644)

      write(join(target, 'sub', 'deeper', 'planted'), 'not announced', 0o644)
      assert.match((await verifyTree(manifest, target) as { detail: string }).detail, /sub\/deeper\/planted.*not in the manifest/)
    })
  })
})
