import { spawn } from 'node:child_process'
import { MAX_TOOL_STDOUT_BYTES, TOOL_KILL_GRACE_MS, TOOL_STDERR_TAIL_CHARS } from '../constants.js'
import { ToolFailedError, ToolNotInstalledError } from '../errors.js'

/** A program a module runs, and where to find it. */
export interface Tool {
  /** What it is called in messages: 'rsync', 'git'. */
  name: string
  /** What to run: the name (found on PATH) or an absolute path. */
  path: string
  /** The module that needs it, for the not-installed message. */
  module: string
}

export interface RunToolOptions {
  /** What is being done, for the failure message: 'git fetch', 'rsync'. */
  step: string
  /** Variables added to the process's environment. */
  env?: Record<string, string>
  /** Aborting kills the program (and whatever it started); the run rejects with `signal.reason`. */
  signal?: AbortSignal
  /** Called with stdout text as it arrives (progress output). */
  onStdout?: (text: string) => void
  /** Keep no stdout (progress output of a long transfer can be endless); the run resolves with ''. */
  discardStdout?: boolean
  /** Called with stderr text as it arrives (git writes progress there). */
  onStderr?: (text: string) => void
}

/** Progress lines (git's "Receiving objects:  40% (4/10)", rsync's "1,024  40%"): noise in an error message. */
const PROGRESS_LINE = /:\s+\d+% \(|^[\d,.]+[KMGT]?\s+\d+%/

/** The informative end of a tool's stderr: progress lines dropped, the last few lines kept. */
function stderrSummary (tail: string): string {
  return tail.split(/[\r\n]+/).map((line) => line.trim()).filter((line) => line !== '' && !PROGRESS_LINE.test(line)).slice(-10).join('\n')
}

/**
 * Runs `tool` with an argument array (never through a shell: arguments come
 * from descriptors, which come from the network) and resolves with its
 * stdout when it exits 0.
 *
 * The program runs in its own process group, so an abort kills what it
 * started too (rsync's receiver, git's transport helpers), with SIGTERM and
 * then, if it lingers, SIGKILL. LC_ALL=C keeps the output this code parses
 * in one language.
 *
 * @throws ToolNotInstalledError when the program cannot be run at all
 * @throws ToolFailedError with the end of its stderr, when it exits non-zero or is killed
 */
export async function runTool (tool: Tool, args: string[], opts: RunToolOptions): Promise<string> {
  const { signal } = opts
  signal?.throwIfAborted()
  return await new Promise<string>((resolve, reject) => {
    const child = spawn(tool.path, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', ...opts.env },
      detached: true
    })
    const stdout: Buffer[] = []
    let stdoutBytes = 0
    let stdoutOverflow = false
    let stderrTail = ''
    let settled = false
    let killTimer: NodeJS.Timeout | undefined

    const killGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
      try {
        process.kill(-child.pid, sig)
      } catch {
        // The group is already gone.
      }
    }
    const onAbort = (): void => {
      killGroup('SIGTERM')
      killTimer = setTimeout(() => { killGroup('SIGKILL') }, TOOL_KILL_GRACE_MS)
      killTimer.unref()
    }
    const finish = (err: Error | undefined, value = ''): void => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      if (killTimer !== undefined) clearTimeout(killTimer)
      if (err !== undefined) reject(err)
      else resolve(value)
    }

    child.stdout.on('data', (chunk: Buffer) => {
      opts.onStdout?.(chunk.toString('utf8'))
      if (stdoutOverflow || opts.discardStdout === true) return
      stdoutBytes += chunk.byteLength
      if (stdoutBytes > MAX_TOOL_STDOUT_BYTES) {
        stdoutOverflow = true
        stdout.length = 0
        killGroup('SIGTERM')
        return
      }
      stdout.push(chunk)
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (text: string) => {
      opts.onStderr?.(text)
      stderrTail = (stderrTail + text).slice(-TOOL_STDERR_TAIL_CHARS)
    })
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'EACCES') finish(new ToolNotInstalledError(tool.name, tool.module, tool.path))
      else finish(err)
    })
    child.once('close', (code, sig) => {
      if (code === 0 && !stdoutOverflow) {
        finish(undefined, Buffer.concat(stdout).toString('utf8'))
      } else if (signal?.aborted === true) {
        finish(signal.reason as Error)
      } else if (stdoutOverflow) {
        finish(new ToolFailedError(tool.name, opts.step, sig ?? code ?? 'a signal', `it wrote more than ${MAX_TOOL_STDOUT_BYTES} bytes of output`))
      } else {
        finish(new ToolFailedError(tool.name, opts.step, code ?? sig ?? 'a signal', stderrSummary(stderrTail)))
      }
    })
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
