import { DEFAULT_CONTENT_NAME, MAX_FILE_NAME_BYTES } from '../constants.js'

/** Characters no staged file name may hold: separators, NUL and other controls. */
const UNSAFE_NAME_CHARS = /[/\\\p{Cc}]/u

/**
 * The file name content is staged under: `name` itself when it is one
 * plain file name, else DEFAULT_CONTENT_NAME. A descriptor's name comes
 * from the network, so '..', a separator or a control character must never
 * reach a path join; falling back, rather than cleaning the name up, keeps
 * the rule simple enough for every node (and verify) to agree on.
 */
export function contentFileName (name: string): string {
  if (name === '' || name === '.' || name === '..' || UNSAFE_NAME_CHARS.test(name) || Buffer.byteLength(name) > MAX_FILE_NAME_BYTES) {
    return DEFAULT_CONTENT_NAME
  }
  return name
}

/** The last non-empty '/'-separated segment of a path, percent-decoded when `decode`, as a safe name. */
export function lastSegmentName (path: string, decode = false): string {
  const segments = path.split('/').filter((segment) => segment !== '')
  let last = segments.at(-1) ?? ''
  if (decode) {
    try {
      last = decodeURIComponent(last)
    } catch {
      // A malformed escape is kept as written: still a usable name.
    }
  }
  return contentFileName(last)
}

/**
 * `source` with any URL user name and password removed, for messages and
 * logs: a source like https://user:token@host/x must not leak its secret
 * into an error that ends up in a report.
 */
export function redactSource (source: string): string {
  let url: URL
  try {
    url = new URL(source)
  } catch {
    return source
  }
  if (url.username === '' && url.password === '') return source
  url.username = ''
  url.password = ''
  return url.href
}
