import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sha256, toHex } from '@waggle/protocol'
import { fsChunkStore } from '../src/index.js'
import { allFiles, chunkFiles, useTempDir } from './tree-fixtures.js'

describe('chunk-store', () => {
  const temp = useTempDir('chunks')

  it('stores a chunk as <2 hex>/<64 hex> of its SHA-256 and gives the same bytes back', async () => {
    const store = fsChunkStore(join(temp(), 'store'))
    const data = new TextEncoder().encode('some chunk')
    const hash = sha256(data)
    assert.equal(await store.has(hash), false)
    await store.put(hash, data)
    const hex = toHex(hash)
    assert.deepEqual(readFileSync(join(temp(), 'store', hex.slice(0, 2), hex)), Buffer.from(data))
    assert.equal(await store.has(hash), true)
    assert.deepEqual(await store.get(hash), data)
  })

  it('refuses data whose hash differs from the one given and stores nothing', async () => {
    const dir = join(temp(), 'store')
    const store = fsChunkStore(dir)
    const claimed = sha256(new TextEncoder().encode('what the manifest lists'))
    await assert.rejects(store.put(claimed, new TextEncoder().encode('what a bad peer sent')), { name: 'ChunkHashMismatchError' })
    assert.deepEqual(allFiles(dir), [])
    assert.equal(await store.has(claimed), false)
    assert.equal(await store.get(claimed), undefined)
  })

  it('makes a fan-out dir again when the store was cleaned under it', async () => {
    const dir = join(temp(), 'store')
    const store = fsChunkStore(dir)
    const first = new TextEncoder().encode('first chunk')
    await store.put(sha256(first), first)
    rmSync(dir, { recursive: true, force: true })
    // another chunk of the same fan-out dir: the store knew the dir, which is gone
    let other = new TextEncoder().encode('x')
    for (let i = 0; toHex(sha256(other)).slice(0, 2) !== toHex(sha256(first)).slice(0, 2); i++) other = new TextEncoder().encode(`x${i}`)
    await store.put(sha256(other), other)
    assert.deepEqual(await store.get(sha256(other)), other)
    await store.put(sha256(first), first)
    assert.deepEqual(await store.get(sha256(first)), first)
  })

  it('stores a chunk once when it is put again', async () => {
    const dir = join(temp(), 'store')
    const store = fsChunkStore(dir)
    const data = new Uint8Array(5000).fill(7)
    await store.put(sha256(data), data)
    await store.put(sha256(data), data)
    await Promise.all([store.put(sha256(data), data), store.put(sha256(data), data)])
    assert.deepEqual(allFiles(dir), [join(toHex(sha256(data)).slice(0, 2), toHex(sha256(data)))])
  })

  it('treats a corrupted chunk file as missing and removes it', async () => {
    const dir = join(temp(), 'store')
    const store = fsChunkStore(dir)
    const data = new TextEncoder().encode('bytes that will rot')
    const hash = sha256(data)
    await store.put(hash, data)
    const hex = toHex(hash)
    const path = join(dir, hex.slice(0, 2), hex)
    const rotten = Buffer.from(data)
    rotten[3] ^= 0x20
    writeFileSync(path, rotten)
    assert.equal(await store.get(hash), undefined)
    assert.equal(existsSync(path), false)
    assert.equal(await store.has(hash), false)
    await store.put(hash, data) // the next fetch puts it back
    assert.deepEqual(await store.get(hash), data)
  })

  it('replaces a torn chunk file when the chunk is put again', async () => {
    const dir = join(temp(), 'store')
    const store = fsChunkStore(dir)
    const data = new Uint8Array(3000).fill(9)
    const hash = sha256(data)
    const hex = toHex(hash)
    mkdirSync(join(dir, hex.slice(0, 2)), { recursive: true })
    writeFileSync(join(dir, hex.slice(0, 2), hex), data.subarray(0, 1000)) // as a crash might leave it
    await store.put(hash, data)
    assert.deepEqual(await store.get(hash), data)
  })

  it('answers a malformed hash from a peer as not held instead of throwing', async () => {
    const store = fsChunkStore(join(temp(), 'store'))
    const bad = new Uint8Array(5)
    assert.equal(await store.has(bad), false)
    assert.equal(await store.get(bad), undefined)
    await assert.rejects(store.put(bad, new Uint8Array(1)), { name: 'ChunkHashMismatchError' })
    assert.deepEqual(chunkFiles(join(temp(), 'store')), [])
  })
})
