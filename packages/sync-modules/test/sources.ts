import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** A source tree for rsync at `dir`: nested dirs, modes, an empty file, an in-tree symlink. */
export function makeTree (dir: string): void {
  mkdirSync(join(dir, 'assets', 'img'), { recursive: true })
  writeFileSync(join(dir, 'index.html'), '<h1>hello</h1>\n')
  writeFileSync(join(dir, 'empty'), '')
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)\n')
  writeFileSync(join(dir, 'assets', 'img', 'logo.bin'), randomBytes(300 * 1024))
  chmodSync(join(dir, 'assets', 'app.js'), 0o755)
  symlinkSync('assets/app.js', join(dir, 'app.js'))
}
