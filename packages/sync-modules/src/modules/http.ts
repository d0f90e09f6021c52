import { createHash, type Hash } from 'node:crypto'
import { constants, createReadStream } from 'node:fs'
import { lstat, mkdir, open, readdir, rm } from 'node:fs/promises'
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { join } from 'node:path'
import { toHex, type ContentDescriptor } from '@waggle/protocol'
import { HTTP_IDLE_TIMEOUT_MS, MAX_HTTP_REDIRECTS } from '../constants.js'
import { HttpStatusError, IncompleteContentError, OversizeContentError, UnsupportedSourceError } from '../errors.js'
import type { DescribeOptions, FetchOptions, FetchProgress, SyncModule, VerifyResult } from '../sync-module.js'
import { checkedSource, descriptorProblem } from './descriptor.js'
import { contentFileName, lastSegmentName, redactSource } from './names.js'

const MODULE = 'http'

/** Statuses whose Location is followed. */
const REDIRECTS = new Set([301, 302, 303, 307, 308])

/**
 * Opens the staged file for writes at explicit offsets, without following
 * a symlink: nothing in the staging dir can redirect a write elsewhere.
 */
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW

/**
 * Parses an http source.
 *
 * @throws UnsupportedSourceError for anything but an http or https URL: a
 * file:, ftp: or data: URL in a descriptor must not make every node read
 * its own disk or open other protocols.
 */
function httpUrl (source: string): URL {
  let url: URL
  try {
    url = new URL(source)
  } catch {
    throw new UnsupportedSourceError(MODULE, redactSource(source), 'it is not a URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UnsupportedSourceError(MODULE, redactSource(source), `only http and https URLs are downloaded, not ${url.protocol.slice(0, -1)}`)
  }
  return url
}

function requestOnce (url: URL, headers: OutgoingHttpHeaders, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest
    // identity: a compressed answer would be decoded bytes on one node and
    // encoded on another, and a Range would count in the wrong unit.
    const req = request(url, { method: 'GET', headers: { 'accept-encoding': 'identity', ...headers }, signal, timeout: HTTP_IDLE_TIMEOUT_MS })
    req.once('timeout', () => { req.destroy(new Error(`${redactSource(url.href)} sent nothing for ${HTTP_IDLE_TIMEOUT_MS} ms`)) })
    req.once('response', resolve)
    req.once('error', reject)
    req.end()
  })
}

/**
 * GETs `start`, following up to MAX_HTTP_REDIRECTS redirects, each to an
 * http or https URL only. The caller reads or discards the response.
 */
async function get (start: URL, headers: OutgoingHttpHeaders, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  let url = start
  for (let hops = 0; ; hops++) {
    const response = await requestOnce(url, headers, signal)
    const status = response.statusCode ?? 0
    const location = response.headers.location
    if (!REDIRECTS.has(status) || location === undefined) return response
    response.resume()
    if (hops >= MAX_HTTP_REDIRECTS) throw new HttpStatusError(redactSource(start.href), status, `more than ${MAX_HTTP_REDIRECTS} redirects`)
    const next = new URL(location, url)
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new UnsupportedSourceError(MODULE, redactSource(start.href), `it redirects to a ${next.protocol.slice(0, -1)} URL`)
    }
    url = next
  }
}

/** The first byte a 206 answer carries, from `Content-Range: bytes <first>-<last>/<size>`. */
function rangeStart (header: string | undefined): number | undefined {
  const match = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(header?.trim() ?? '')
  return match === null ? undefined : Number(match[1])
}

/** Bytes of the regular file at `path`; undefined when there is none. */
async function regularFileSize (path: string): Promise<number | undefined> {
  try {
    const st = await lstat(path)
    return st.isFile() ? st.size : undefined
  } catch {
    return undefined
  }
}

/** Feeds bytes `[0, end)` of the file at `path` into `hash`. */
async function hashFile (path: string, hash: Hash, end?: number): Promise<void> {
  if (end === 0) return
  for await (const chunk of createReadStream(path, { start: 0, end: end === undefined ? undefined : end - 1 })) {
    hash.update(chunk as Buffer)
  }
}

async function fileSha256 (path: string): Promise<string> {
  const hash = createHash('sha256')
  await hashFile(path, hash)
  return hash.digest('hex')
}

/**
 * Empties the staging dir of everything but the content's file, and of
 * that too when it is not a regular file: verify refuses extra entries,
 * and a symlink or dir under the content's name must not be written
 * through.
 */
async function clearStaging (stagingDir: string, name: string): Promise<void> {
  for (const entry of await readdir(stagingDir)) {
    const path = join(stagingDir, entry)
    if (entry === name && (await lstat(path)).isFile()) continue
    await rm(path, { recursive: true, force: true })
  }
}

interface TransferOptions {
  url: URL
  file: string
  /** Bytes of the file kept from an earlier fetch, to resume after. */
  from: number
  total: number
  signal?: AbortSignal
  onProgress?: (progress: FetchProgress) => void
}

/**
 * Downloads into `file`, resuming after `from` bytes when the server
 * honours a Range; resolves with the file's SHA-256 hex.
 *
 * The kept part is hashed and the file opened before the request: no
 * await on the disk may sit between the response and reading its body,
 * or bytes that arrived just before a dropped connection would be
 * discarded with it instead of kept for the resume.
 */
async function transfer (opts: TransferOptions): Promise<{ resumed: boolean, sha256: string }> {
  const { url, file, total, signal, onProgress } = opts
  const where = redactSource(url.href)
  let from = opts.from
  for (;;) {
    let hash = createHash('sha256')
    if (from > 0) await hashFile(file, hash, from)
    const handle = await open(file, WRITE_FLAGS, 0o644)
    // What of the file is valid content: it is cut to this length however
    // the transfer ends, so a restart from zero that breaks off leaves no
    // stale tail for the next resume to trust.
    let bytes = from
    try {
      const response = await get(url, from > 0 ? { range: `bytes=${from}-` } : {}, signal)
      const status = response.statusCode ?? 0
      if (status === 416 && from > 0) {
        // The server holds no byte past what was kept: its content changed
        // since the part was fetched. The part is worthless; start over.
        response.resume()
        from = 0
        bytes = 0
        continue
      }
      let offset: number
      try {
        if (status === 206 && from > 0) {
          const start = rangeStart(response.headers['content-range'])
          if (start !== from) throw new HttpStatusError(where, 206, `it answered a range from byte ${start ?? '?'}, not ${from}`)
          offset = from
        } else if (status === 200) {
          // A 200 to a Range request is the whole content: a server without
          // range support, or content that changed. Restart from zero.
          offset = 0
          hash = createHash('sha256')
        } else {
          throw new HttpStatusError(where, status)
        }
        const length = Number(response.headers['content-length'] ?? NaN)
        // Refused before a byte is written when the server says up front it will send too much.
        if (offset + length > total) throw new OversizeContentError(where, total)
      } catch (err) {
        response.destroy()
        throw err
      }

      bytes = offset
      let writing = false
      try {
        onProgress?.({ bytes, total })
        for await (const chunk of response as AsyncIterable<Buffer>) {
          if (bytes + chunk.byteLength > total) throw new OversizeContentError(where, total)
          writing = true
          for (let done = 0; done < chunk.byteLength;) {
            done += (await handle.write(chunk, done, chunk.byteLength - done, bytes + done)).bytesWritten
          }
          writing = false
          hash.update(chunk)
          bytes += chunk.byteLength
          onProgress?.({ bytes, total })
        }
      } catch (err) {
        response.destroy()
        if (writing || signal?.aborted === true || (err as Error).name === OversizeContentError.name) throw err
        throw new IncompleteContentError(where, bytes, total, { cause: err })
      }
      if (bytes < total) throw new IncompleteContentError(where, bytes, total)
      await handle.truncate(bytes)
      // Durable before it is verified and switched to: a crash after the switch must not find a torn file.
      await handle.sync()
      return { resumed: offset > 0, sha256: hash.digest('hex') }
    } finally {
      await handle.truncate(bytes).finally(async () => { await handle.close() })
    }
  }
}

class HttpModule implements SyncModule {
  readonly name = MODULE

  /**
   * Downloads `source` once, hashing as it streams: nothing is kept, so a
   * file of any size costs no disk on the publisher.
   */
  async describe (source: string, options: DescribeOptions = {}): Promise<ContentDescriptor> {
    const url = httpUrl(source)
    if (options.ref !== undefined) throw new UnsupportedSourceError(MODULE, redactSource(source), 'an http URL has no versions to pick: drop the ref')
    const { signal } = options
    signal?.throwIfAborted()
    const where = redactSource(url.href)
    try {
      const response = await get(url, {}, signal)
      if (response.statusCode !== 200) {
        response.destroy()
        throw new HttpStatusError(where, response.statusCode ?? 0)
      }
      const hash = createHash('sha256')
      let size = 0
      try {
        for await (const chunk of response as AsyncIterable<Buffer>) {
          hash.update(chunk)
          size += chunk.byteLength
        }
      } catch (err) {
        if (signal?.aborted === true) throw err
        const announced = Number(response.headers['content-length'] ?? NaN)
        throw new IncompleteContentError(where, size, Number.isSafeInteger(announced) ? announced : undefined, { cause: err })
      }
      return {
        module: MODULE,
        size,
        sha256: new Uint8Array(hash.digest()),
        name: lastSegmentName(url.pathname, true),
        source
      }
    } catch (err) {
      if (signal?.aborted === true) throw signal.reason
      throw err
    }
  }

  async fetch (descriptor: ContentDescriptor, stagingDir: string, options: FetchOptions = {}): Promise<void> {
    const url = httpUrl(checkedSource(MODULE, descriptor))
    const { signal, onProgress } = options
    signal?.throwIfAborted()
    const total = descriptor.size
    const expected = toHex(descriptor.sha256)
    const name = contentFileName(descriptor.name)
    const file = join(stagingDir, name)
    try {
      await mkdir(stagingDir, { recursive: true })
      await clearStaging(stagingDir, name)
      const kept = await regularFileSize(file)
      if (kept === total && await fileSha256(file) === expected) {
        onProgress?.({ bytes: total, total })
        return
      }
      // A part shorter than the content is resumed. One as long or longer
      // is from another version under the same name: start over.
      const from = kept !== undefined && kept < total ? kept : 0
      const { resumed, sha256 } = await transfer({ url, file, from, total, signal, onProgress })
      if (resumed && sha256 !== expected) {
        // The kept part came from bytes the server no longer serves (a
        // Range cannot tell): fetch the whole once, so a changed-and-back
        // server does not leave a node failing verify forever. A whole
        // download that still mismatches is for verify to report.
        await transfer({ url, file, from: 0, total, signal, onProgress })
      }
    } catch (err) {
      if (signal?.aborted === true) throw signal.reason
      throw err
    }
  }

  async verify (descriptor: ContentDescriptor, stagingDir: string): Promise<VerifyResult> {
    const problem = descriptorProblem(MODULE, descriptor)
    if (problem !== undefined) return { ok: false, reason: `the descriptor is refused: ${problem}` }
    const name = contentFileName(descriptor.name)
    try {
      const entries = await readdir(stagingDir)
      // Anything else would go live unannounced with the switch.
      const extra = entries.find((entry) => entry !== name)
      if (extra !== undefined) return { ok: false, reason: `the staging dir holds "${extra}", which is not the content "${name}"` }
      if (entries.length === 0) return { ok: false, reason: `"${name}" is not in the staging dir` }
      const file = join(stagingDir, name)
      const st = await lstat(file)
      if (!st.isFile()) return { ok: false, reason: `"${name}" is not a regular file` }
      if (st.size !== descriptor.size) return { ok: false, reason: `"${name}" is ${st.size} bytes, expected ${descriptor.size}` }
      const actual = await fileSha256(file)
      const expected = toHex(descriptor.sha256)
      if (actual !== expected) return { ok: false, reason: `"${name}" has SHA-256 ${actual}, expected ${expected}` }
      return { ok: true }
    } catch (err) {
      return { ok: false, reason: `the staged content cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }
    }
  }
}

/**
 * The http sync module: content is one file at an http or https URL.
 *
 * - `describe(url)` downloads it once to learn its size and SHA-256.
 * - `fetch` downloads it into `stagingDir/<name>` (`name` from the
 *   descriptor when it is a plain file name, else `content`), resuming a
 *   part left by an earlier fetch with a Range request, never writing past
 *   the announced size.
 * - `verify` checks the file's size and SHA-256, and that the staging dir
 *   holds nothing else.
 *
 * @example
 * ```ts
 * const http = httpModule()
 * const descriptor = await http.describe('https://example.org/site.tar.gz') // publisher
 * await http.fetch(descriptor, stagingDir, { signal, onProgress })          // every node
 * const checked = await http.verify(descriptor, stagingDir)
 * ```
 */
export function httpModule (): SyncModule {
  return new HttpModule()
}
