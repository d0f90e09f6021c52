import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sha256 } from '@waggle/protocol'
import { gitModule } from '../../src/index.js'
import { commitAll, git, makeRepo } from '../git-repo.js'
import { useTempDir } from '../tree-fixtures.js'

function isNamed (name: string, message?: RegExp): (err: Error) => boolean {
  return (err) => err.name === name && (message === undefined || message.test(err.message))
}

describe('gitModule', () => {
  const temp = useTempDir('git')
  const repo = (): string => join(temp(), 'site.git')
  const staging = (): string => join(temp(), 'staging')
  let first: string
  beforeEach(() => { first = makeRepo(repo()) })

  describe('describe', () => {
    it('resolves a branch to its full commit id, which the descriptor pins', async () => {
      const d = await gitModule().describe(repo(), { ref: 'main' })
      assert.deepEqual(d, {
        module: 'git',
        size: 0,
        sha256: sha256(Buffer.from(first)),
        name: 'site',
        source: repo(),
        ref: first
      })
    })

    it('resolves HEAD when no ref is given, an annotated tag to its commit, and a full id of an older commit', async () => {
      git(repo(), 'tag', '-a', 'v1', '-m', 'release 1')
      writeFileSync(join(repo(), 'README.md'), '# site 2\n')
      const second = commitAll(repo(), 'second')
      assert.equal((await gitModule().describe(repo())).ref, second)
      assert.equal((await gitModule().describe(repo(), { ref: 'v1' })).ref, first)
      assert.equal((await gitModule().describe(repo(), { ref: 'refs/tags/v1' })).ref, first)
      assert.equal((await gitModule().describe(repo(), { ref: first.toUpperCase() })).ref, first)
    })

    it('fails with RefNotFoundError for a ref the repository lacks', async () => {
      await assert.rejects(gitModule().describe(repo(), { ref: 'nope' }), isNamed('RefNotFoundError', /"nope"/))
      await assert.rejects(gitModule().describe(repo(), { ref: '1'.repeat(40) }), isNamed('RefNotFoundError'))
      await assert.rejects(gitModule().describe(repo(), { ref: '--upload-pack=touch /tmp/x' }), isNamed('RefNotFoundError'))
    })

    it('refuses sources git would read as an option or that run a program', async () => {
      for (const bad of ['--upload-pack=touch x', 'ext::sh -c touch% /tmp/pwned', 'fd::17', 'ftp://example.org/x.git', 'relative/repo', '']) {
        await assert.rejects(gitModule().describe(bad), isNamed('UnsupportedSourceError'), bad)
      }
    })

    it('says git is not installed when the program is missing', async () => {
      await assert.rejects(gitModule({ gitPath: join(temp(), 'no-such-git') }).describe(repo()), isNamed('ToolNotInstalledError', /^git is not installed \(needed by the git module\)/))
    })
  })

  describe('fetch and verify', () => {
    it('refuses a ref that is not a 40-hex commit id, fetching nothing', async () => {
      const d = await gitModule().describe(repo(), { ref: 'main' })
      for (const ref of ['main', first.slice(0, 12), first.toUpperCase(), undefined]) {
        await assert.rejects(gitModule().fetch({ ...d, ref }, staging()), isNamed('InvalidDescriptorError', /not a 40-hex commit id/), String(ref))
      }
      assert.equal(existsSync(staging()), false)
    })

    it('refuses a descriptor whose sha256 is not its commit\'s', async () => {
      const d = await gitModule().describe(repo(), { ref: 'main' })
      await assert.rejects(gitModule().fetch({ ...d, sha256: sha256(Buffer.from('other')) }, staging()), isNamed('InvalidDescriptorError', /sha256/))
    })

    it('fetches the described commit even after the branch moved on', async () => {
      const d = await gitModule().describe(repo(), { ref: 'main' })
      writeFileSync(join(repo(), 'README.md'), '# site 2\n')
      commitAll(repo(), 'second')
      await gitModule().fetch(d, staging())
      assert.deepEqual(await gitModule().verify(d, staging()), { ok: true })
      assert.equal(readFileSync(join(staging(), 'README.md'), 'utf8'), '# site\n')
    })

    it('fails verify for an ignored file, and for a checkout at another commit, naming what differs', async () => {
      const d = await gitModule().describe(repo(), { ref: 'main' })
      await gitModule().fetch(d, staging())
      writeFileSync(join(staging(), 'debug.log'), 'ignored by .gitignore, still not announced')
      const ignored = await gitModule().verify(d, staging())
      assert.ok(!ignored.ok && ignored.reason.includes('debug.log'), !ignored.ok ? ignored.reason : '')

      writeFileSync(join(repo(), 'README.md'), '# site 2\n')
      const second = commitAll(repo(), 'second')
      const moved = await gitModule().describe(repo(), { ref: 'main' })
      await gitModule().fetch(moved, staging())
      const old = await gitModule().verify(d, staging())
      assert.ok(!old.ok && old.reason.includes(`at commit ${second}, expected ${first}`), !old.ok ? old.reason : '')
    })

    it('puts a modified checkout right on a second fetch, without asking the repository again', async () => {
      const d = await gitModule().describe(repo(), { ref: 'main' })
      await gitModule().fetch(d, staging())
      writeFileSync(join(staging(), 'docs', 'index.html'), 'defaced')
      writeFileSync(join(staging(), 'extra.txt'), 'untracked')
      // The commit is in the staging repository: the source may even be gone.
      await gitModule().fetch({ ...d, source: join(temp(), 'gone') }, staging())
      assert.deepEqual(await gitModule().verify(d, staging()), { ok: true })
      assert.equal(existsSync(join(staging(), 'extra.txt')), false)
    })

    it('never takes an empty staging dir inside another repository for a checkout', async () => {
      const d = await gitModule().describe(repo(), { ref: 'main' })
      const inner = join(repo(), 'staging')
      mkdirSync(inner)
      const checked = await gitModule().verify(d, inner)
      assert.ok(!checked.ok && checked.reason.includes('not a git checkout'), !checked.ok ? checked.reason : '')
    })

    it('fails with git\'s own message when the repository is gone', async () => {
      const d = await gitModule().describe(repo(), { ref: 'main' })
      await assert.rejects(gitModule().fetch({ ...d, source: join(temp(), 'gone') }, staging()), isNamed('ToolFailedError', /git fetch failed \(exit code 128\): .*gone/s))
    })
  })
})
