import { spawn } from 'node:child_process'
import { WAGGLE_BIN } from '@waggle/node'

/** How a CLI run ended. */
export interface CliResult { code: number | null, stdout: string, stderr: string }

/** A CLI run in progress: its own process, as an operator's shell would start it. */
export interface CliRun {
  signal: (s: NodeJS.Signals) => void
  /** What it has written so far. */
  output: () => { stdout: string, stderr: string }
  /** Resolves when the process exits. */
  done: Promise<CliResult>
}

/** Bound on one CLI run that must end by itself (a join waits for decisions made meanwhile). */
export const CLI_RUN_TIMEOUT_MS = 120_000

/** Starts the waggle CLI with these arguments; `done` resolves when it exits. */
export function waggle (args: string[]): CliRun {
  const child = spawn(process.execPath, [WAGGLE_BIN, ...args], { env: { ...process.env, WAGGLE_DATA_DIR: '' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s })
  child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s })
  const done = new Promise<CliResult>(resolve => { child.once('exit', (code) => { resolve({ code, stdout, stderr }) }) })
  return { signal: (s) => { child.kill(s) }, output: () => ({ stdout, stderr }), done }
}

/** Waits for a run to end; kills it and throws, naming `what`, if it has not within `timeoutMs`. */
export async function ended (run: CliRun, what: string, timeoutMs = CLI_RUN_TIMEOUT_MS): Promise<CliResult> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const bound = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => { run.signal('SIGKILL'); reject(new Error(`${what} did not end within ${timeoutMs} ms`)) }, timeoutMs) })
  try {
    return await Promise.race([run.done, bound])
  } finally {
    clearTimeout(timer)
  }
}

/** Runs the CLI to its end. */
export async function runWaggle (args: string[], what = args.join(' ')): Promise<CliResult> {
  return await ended(waggle(args), what)
}
