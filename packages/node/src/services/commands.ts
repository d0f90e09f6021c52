import { spawn } from 'node:child_process'

/** The last this many characters of a command's output go into a report. */
const OUTPUT_TAIL_CHARS = 500

export type CommandResult = { ok: true } | { ok: false, reason: string }

/**
 * Runs an operator's shell command (a channel's scanner or hook) with
 * `/bin/sh -c`, in its own process group so that a timeout kills it and
 * everything it started. Never throws: the result says what went wrong,
 * with the tail of what the command printed.
 */
export async function runCommand (command: string, opts: { env: Record<string, string>, cwd?: string, timeoutMs: number }): Promise<CommandResult> {
  return await new Promise(resolve => {
    let output = ''
    let timedOut = false
    const child = spawn('/bin/sh', ['-c', command], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    const keep = (b: Buffer): void => { output = (output + b.toString('utf8')).slice(-OUTPUT_TAIL_CHARS) }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const timer = setTimeout(() => {
      timedOut = true
      try { process.kill(-(child.pid as number), 'SIGKILL') } catch {}
    }, opts.timeoutMs)
    child.on('error', err => {
      clearTimeout(timer)
      resolve({ ok: false, reason: `could not run: ${err.message}` })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const tail = output.trim() === '' ? '' : `: ${output.trim()}`
      if (timedOut) resolve({ ok: false, reason: `timed out after ${opts.timeoutMs} ms and was killed${tail}` })
      else if (code === 0) resolve({ ok: true })
      else resolve({ ok: false, reason: `${code != null ? `exit ${code}` : `killed by ${String(signal)}`}${tail}` })
    })
  })
}
