import assert from 'node:assert/strict'
import { buildManifest, createGenesis, decodeBundleEntries, inChannels, openManifest, signManifest, type LogEntry } from '../src/index.js'
import { identity, wave } from './fixtures.js'

describe('bundle manifest', () => {
  const queen = identity('bundle-queen')
  const exporter = identity('bundle-exporter')
  const { entry: genesis, federationId } = createGenesis(queen, { name: 'lab', stamp: { wallMs: 1000, counter: 0 }, nonce: new Uint8Array(16) })
  const other = createGenesis(queen, { name: 'other', stamp: { wallMs: 1000, counter: 0 }, nonce: new Uint8Array(16).fill(1) })
  const entries: LogEntry[] = [
    genesis,
    wave(queen, federationId, { wallMs: 2000, counter: 0 }, { channel: 'main', version: 1 }),
    wave(queen, federationId, { wallMs: 3000, counter: 0 }, { channel: 'ship', version: 1 }),
    wave(queen, federationId, { wallMs: 4000, counter: 0 }, { channel: 'main', version: 2 })
  ]
  const manifest = buildManifest({ federationId, exporter: exporter.nodeId, createdMs: 5000, follows: null, window: { fromMs: 0, throughMs: 4999 }, channels: null, entries })
  const signed = signManifest(exporter, manifest)
  const files = entries.map(e => e.envelope)

  it('opens a signed manifest and yields its entries in order', () => {
    const opened = openManifest(signed.json, signed.sig, federationId)
    assert.ok(opened.ok, JSON.stringify(opened))
    assert.equal(opened.value.hash, signed.hash)
    assert.equal(opened.value.manifest.count, 4)
    assert.equal(opened.value.manifest.first, '1000.0')
    assert.equal(opened.value.manifest.last, '4000.0')
    const decoded = decodeBundleEntries(opened.value, files)
    assert.ok(decoded.ok)
    assert.deepEqual(decoded.value.map(e => e.idHex), entries.map(e => e.idHex))
  })

  it('refuses a manifest changed after signing', () => {
    const changed = Buffer.from(Buffer.from(signed.json).toString('utf8').replace('"count": 4', '"count": 3'))
    const opened = openManifest(changed, signed.sig, federationId)
    assert.equal(opened.ok, false)
    assert.equal(!opened.ok && opened.reason, 'bad-signature')
  })

  it('refuses a signature by someone other than the named exporter', () => {
    const forged = signManifest(queen, manifest) // signed by the queen, names the exporter
    const opened = openManifest(forged.json, forged.sig, federationId)
    assert.equal(!opened.ok && opened.reason, 'bad-signature')
  })

  it('refuses another federation\'s bundle, saying so', () => {
    const opened = openManifest(signed.json, signed.sig, other.federationId)
    assert.equal(!opened.ok && opened.reason, 'foreign-federation')
  })

  it('refuses malformed manifests without throwing', () => {
    for (const [json, sig] of [['not json', '{}'], ['{}', '{}'], [JSON.stringify({ ...manifest, window: { fromMs: 5, throughMs: 1 } }), '{}'], [JSON.stringify({ ...manifest, channels: ['Bad Name'] }), '{}']]) {
      const opened = openManifest(Buffer.from(json), Buffer.from(sig), federationId)
      assert.equal(!opened.ok && opened.reason, 'malformed', json)
    }
  })

  it('refuses entries that are missing, swapped, replaced or out of order', () => {
    const opened = openManifest(signed.json, signed.sig, federationId)
    assert.ok(opened.ok)
    const missing = decodeBundleEntries(opened.value, files.slice(0, 3))
    assert.equal(!missing.ok && missing.reason, 'tampered')
    const swapped = decodeBundleEntries(opened.value, [files[0], files[2], files[1], files[3]])
    assert.equal(!swapped.ok && swapped.reason, 'out-of-order')
    const replaced = decodeBundleEntries(opened.value, [files[0], files[1], files[2], wave(queen, federationId, { wallMs: 4000, counter: 1 }, { channel: 'main', version: 3 }).envelope])
    assert.equal(!replaced.ok && replaced.reason, 'tampered')
    const garbage = decodeBundleEntries(opened.value, [files[0], files[1], files[2], new Uint8Array([1, 2, 3])])
    assert.equal(!garbage.ok && garbage.reason, 'tampered')
  })

  it('limits a bundle to channels while every other operation travels', () => {
    assert.deepEqual(entries.filter(e => inChannels(e, ['main'])).map(e => e.idHex), [entries[0], entries[1], entries[3]].map(e => e.idHex))
    assert.equal(entries.filter(e => inChannels(e, null)).length, 4)
  })
})
