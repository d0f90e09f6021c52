/**
 * Errors of the http, rsync and git modules a caller can act on. Branch on
 * `err.name`, not `instanceof`: two copies of this package can coexist in
 * one process. Messages never quote a URL's user name or password.
 */

/**
 * A source a module will not use: a scheme it does not speak, a path it
 * cannot tell from a remote host, or a string a tool would read as an
 * option. Thrown by `describe` on the publisher and by `fetch` when a
 * descriptor carries such a source.
 */
export class UnsupportedSourceError extends Error {
  static override name = 'UnsupportedSourceError'
  constructor (readonly module: string, readonly source: string, readonly why: string) {
    super(`the ${module} module cannot use the source "${source}": ${why}`)
    this.name = 'UnsupportedSourceError'
  }
}

/** A descriptor a module refuses to act on: made for another module, or missing or malformed fields. */
export class InvalidDescriptorError extends Error {
  static override name = 'InvalidDescriptorError'
  constructor (readonly module: string, readonly detail: string) {
    super(`the ${module} module refuses the descriptor: ${detail}`)
    this.name = 'InvalidDescriptorError'
  }
}

/** An http server answered with a status the download cannot use. */
export class HttpStatusError extends Error {
  static override name = 'HttpStatusError'
  constructor (readonly url: string, readonly status: number, readonly detail = '') {
    super(`GET ${url} answered HTTP ${status}${detail === '' ? '' : `: ${detail}`}`)
    this.name = 'HttpStatusError'
  }
}

/**
 * The server sent more bytes than the descriptor announced. Nothing past the
 * announced size was written: a server (or whoever sits in between) cannot
 * fill a node's disk by sending forever.
 */
export class OversizeContentError extends Error {
  static override name = 'OversizeContentError'
  constructor (readonly url: string, readonly announced: number) {
    super(`the server sent more than the ${announced} bytes announced for ${url}; stopped there`)
    this.name = 'OversizeContentError'
  }
}

/**
 * The download ended before the announced size (or, on the publisher,
 * before the server's Content-Length). The part stays in the staging dir,
 * and the next fetch resumes it.
 */
export class IncompleteContentError extends Error {
  static override name = 'IncompleteContentError'
  constructor (readonly url: string, readonly received: number, readonly announced: number | undefined, options?: ErrorOptions) {
    super(`the download of ${url} broke off after ${received} ${announced === undefined ? 'bytes' : `of the ${announced} bytes announced`}`, options)
    this.name = 'IncompleteContentError'
  }
}

/** A program a module runs (rsync, git) is not installed, or not at the configured path. */
export class ToolNotInstalledError extends Error {
  static override name = 'ToolNotInstalledError'
  constructor (readonly tool: string, readonly module: string, readonly path: string) {
    super(`${tool} is not installed (needed by the ${module} module)${path === tool ? '' : `: nothing runnable at ${path}`}`)
    this.name = 'ToolNotInstalledError'
  }
}

/** A program a module runs exited with an error; `stderr` holds the end of what it said. */
export class ToolFailedError extends Error {
  static override name = 'ToolFailedError'
  constructor (readonly tool: string, readonly step: string, readonly exit: number | string, readonly stderr: string) {
    super(`${step} failed (${typeof exit === 'number' ? `exit code ${exit}` : `killed by ${exit}`})${stderr === '' ? '' : `: ${stderr}`}`)
    this.name = 'ToolFailedError'
  }
}

/** A git ref the repository does not have (or a commit id it will not serve). */
export class RefNotFoundError extends Error {
  static override name = 'RefNotFoundError'
  constructor (readonly source: string, readonly ref: string, readonly detail = '') {
    super(`no branch, tag or commit "${ref}" at ${source}${detail === '' ? '' : `: ${detail}`}`)
    this.name = 'RefNotFoundError'
  }
}
