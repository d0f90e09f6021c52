import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Runs git in `cwd` with a fixed identity and no system config; returns trimmed stdout. */
export function git (cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'waggle test',
      GIT_AUTHOR_EMAIL: 'test@waggle.invalid',
      GIT_COMMITTER_NAME: 'waggle test',
      GIT_COMMITTER_EMAIL: 'test@waggle.invalid',
      GIT_CONFIG_NOSYSTEM: '1'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  }).toString('utf8').trim()
}

/** A repository at `dir` on branch main with a small tree (a .gitignore, a nested file) in one commit; returns the commit id. */
export function makeRepo (dir: string): string {
  mkdirSync(dir, { recursive: true })
  git(dir, 'init', '-q', '-b', 'main')
  writeFileSync(join(dir, 'README.md'), '# site\n')
  writeFileSync(join(dir, '.gitignore'), '*.log\n')
  mkdirSync(join(dir, 'docs'))
  writeFileSync(join(dir, 'docs', 'index.html'), '<h1>hello</h1>\n')
  return commitAll(dir, 'first')
}

/** Commits everything in the work tree; returns the new commit id. */
export function commitAll (dir: string, message: string): string {
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', message)
  return git(dir, 'rev-parse', 'HEAD')
}
