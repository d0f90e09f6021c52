import assert from 'node:assert/strict'
import { SyncModuleRegistry, type SyncModule } from '../src/index.js'

function fakeModule (name: string): SyncModule {
  return {
    name,
    describe: async () => { throw new Error('not used') },
    fetch: async () => {},
    verify: async () => ({ ok: true })
  }
}

describe('SyncModuleRegistry', () => {
  it('finds a registered module by the name a descriptor carries', () => {
    const r = new SyncModuleRegistry()
    const m = fakeModule('swarm')
    r.register(m)
    assert.equal(r.get('swarm'), m)
    assert.equal(r.get('http'), undefined)
    assert.deepEqual(r.names(), ['swarm'])
  })

  it('refuses a second module with the same name', () => {
    const r = new SyncModuleRegistry()
    r.register(fakeModule('swarm'))
    assert.throws(() => { r.register(fakeModule('swarm')) }, /already registered/)
  })

  it('refuses a module name descriptors could not carry', () => {
    const r = new SyncModuleRegistry()
    assert.throws(() => { r.register(fakeModule('Bad Name')) }, /not valid/)
    assert.throws(() => { r.register(fakeModule('')) }, /not valid/)
  })
})
