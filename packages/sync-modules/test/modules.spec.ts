import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultModules, gitModule, httpModule, removeTree, rsyncModule, syncModuleCompliance } from '../src/index.js'
import { commitAll, makeRepo } from './git-repo.js'
import { startHttpServer } from './http-server.js'
import { makeTree } from './sources.js'

syncModuleCompliance('http', async () => {
  const server = await startHttpServer()
  server.files.set('/files/site.bin', randomBytes(200 * 1024))
  return {
    module: httpModule(),
    source: server.url('/files/site.bin'),
    alter: async () => { server.files.set('/files/site.bin', randomBytes(150 * 1024)) },
    cleanup: server.close
  }
})

syncModuleCompliance('rsync', async () => {
  const temp = mkdtempSync(join(tmpdir(), 'waggle-rsync-src-'))
  const source = join(temp, 'site')
  makeTree(source)
  return {
    module: rsyncModule(),
    source,
    alter: async () => { writeFileSync(join(source, 'assets', 'new.css'), 'body {}\n') },
    cleanup: async () => { await removeTree(temp) }
  }
})

syncModuleCompliance('git', async () => {
  const temp = mkdtempSync(join(tmpdir(), 'waggle-git-src-'))
  const source = join(temp, 'site')
  makeRepo(source)
  return {
    module: gitModule(),
    source,
    describeOptions: { ref: 'main' },
    alter: async () => {
      writeFileSync(join(source, 'README.md'), '# site, changed\n')
      commitAll(source, 'second')
    },
    cleanup: async () => { await removeTree(temp) }
  }
})

describe('defaultModules', () => {
  it('registers the http, rsync and git modules by the names descriptors carry', () => {
    const registry = defaultModules()
    assert.deepEqual(registry.names(), ['git', 'http', 'rsync'])
    assert.equal(registry.get('http')?.name, 'http')
    assert.equal(registry.get('swarm'), undefined)
  })
})
