import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { decodeGenesisFile, decodeKeyFile, encodeGenesisFile, encodeKeyFile, federationIdOf, generateIdentity, type Identity, type LogEntry } from '@waggle/protocol'
import { DATA_DIR_FILES } from '../constants.js'
import { DataDirError } from '../errors.js'

/** The paths of a node's data dir. */
export interface DataDir {
  readonly root: string
  readonly config: string
  readonly key: string
  readonly genesis: string
  readonly db: string
  readonly socket: string
  readonly lock: string
  /** Content-addressed chunks (and tree manifests), shared by every channel. */
  readonly chunks: string
  /** Applied content: `<channel>/current` → `versions/<n>`. */
  readonly channels: string
}

/** The paths inside a data dir (nothing is checked or created). */
export function dataDirPaths (root: string): DataDir {
  const abs = resolve(root)
  return Object.freeze({
    root: abs,
    config: join(abs, DATA_DIR_FILES.config),
    key: join(abs, DATA_DIR_FILES.key),
    genesis: join(abs, DATA_DIR_FILES.genesis),
    db: join(abs, DATA_DIR_FILES.db),
    socket: join(abs, DATA_DIR_FILES.socket),
    lock: join(abs, DATA_DIR_FILES.lock),
    chunks: join(abs, DATA_DIR_FILES.chunks),
    channels: join(abs, DATA_DIR_FILES.channels)
  })
}

/** Creates the data dir (mode 0700) and a new identity in it, unless one exists. */
export function initDataDir (dir: DataDir): { identity: Identity, created: boolean } {
  mkdirSync(dir.root, { recursive: true, mode: 0o700 })
  if (existsSync(dir.key)) return { identity: readIdentity(dir), created: false }
  const identity = generateIdentity()
  // 'wx': never overwrite a key that appeared meanwhile; 0600: the seed is the node.
  writeFileSync(dir.key, encodeKeyFile(identity), { mode: 0o600, flag: 'wx' })
  chmodSync(dir.key, 0o600)
  return { identity, created: true }
}

/** Reads the node's identity, with a clear error when the data dir was never initialised. */
export function readIdentity (dir: DataDir): Identity {
  let text: string
  try {
    text = readFileSync(dir.key, 'utf8')
  } catch (err: any) {
    if (err?.code === 'ENOENT') throw new DataDirError(`${dir.root} has no node key (${DATA_DIR_FILES.key}); run \`waggle init --data-dir ${dir.root}\` first`)
    throw new DataDirError(`${dir.key}: cannot be read: ${String(err?.message ?? err)}`)
  }
  try {
    return decodeKeyFile(text)
  } catch (err: any) {
    throw new DataDirError(`${dir.key}: ${String(err?.message ?? err)}`)
  }
}

/** A federation's genesis as a node holds it: the genesis entry and the root approvals of it. */
export interface GenesisRecord { entry: LogEntry, approvals: LogEntry[], federationId: Uint8Array }

/** Decodes and verifies a genesis file; throws DataDirError naming the source. */
export function parseGenesis (bytes: Uint8Array, source: string): GenesisRecord {
  const decoded = decodeGenesisFile(bytes)
  if (!decoded.ok) throw new DataDirError(`${source}: ${decoded.detail}`)
  return { entry: decoded.value.genesis, approvals: decoded.value.approvals, federationId: decoded.value.federationId }
}

/** Reads the federation's genesis from the data dir. */
export function readGenesis (dir: DataDir): GenesisRecord {
  let bytes: Uint8Array
  try {
    bytes = readFileSync(dir.genesis)
  } catch (err: any) {
    if (err?.code === 'ENOENT') throw new DataDirError(`${dir.root} belongs to no federation yet: run \`waggle genesis create\` on the first node, or \`waggle init --genesis FILE\` with its ${DATA_DIR_FILES.genesis}`)
    throw new DataDirError(`${dir.genesis}: cannot be read: ${String(err?.message ?? err)}`)
  }
  return parseGenesis(bytes, dir.genesis)
}

/**
 * Writes the genesis file, refusing to replace a different genesis. The
 * same genesis with other approvals is merged: the file keeps every
 * approval either had.
 */
export function writeGenesis (dir: DataDir, entry: LogEntry, approvals: readonly LogEntry[] = []): GenesisRecord {
  let merged = [...approvals]
  if (existsSync(dir.genesis)) {
    const existing = readGenesis(dir)
    if (existing.entry.idHex !== entry.idHex) {
      throw new DataDirError(`${dir.root} already belongs to federation ${Buffer.from(existing.federationId).toString('hex').slice(0, 16)}…; use a new data dir`)
    }
    const ids = new Set(existing.approvals.map(a => a.idHex))
    merged = [...existing.approvals, ...approvals.filter(a => !ids.has(a.idHex))]
    if (merged.length === existing.approvals.length) return existing
  }
  const tmp = `${dir.genesis}.tmp`
  writeFileSync(tmp, encodeGenesisFile({ genesis: entry, approvals: merged }), { mode: 0o644 })
  renameSync(tmp, dir.genesis)
  return { entry, approvals: merged, federationId: federationIdOf(entry) }
}

/**
 * Takes the data dir for one daemon: a second daemon on the same data dir
 * refuses to start. A lock left by a daemon that died is taken over.
 */
export function lockDataDir (dir: DataDir): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(dir.lock, 'wx', 0o600)
      writeSync(fd, `${process.pid}\n`)
      closeSync(fd)
      return () => { try { if (readFileSync(dir.lock, 'utf8').trim() === String(process.pid)) rmSync(dir.lock) } catch {} }
    } catch (err: any) {
      if (err?.code !== 'EEXIST') throw new DataDirError(`${dir.lock}: cannot be created: ${String(err?.message ?? err)}`)
      const pid = Number.parseInt(readFileSync(dir.lock, 'utf8'), 10)
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DataDirError(`${dir.root} is in use by another waggle daemon (pid ${pid}); stop it first or use another --data-dir`)
      }
      rmSync(dir.lock, { force: true })
    }
  }
  throw new DataDirError(`${dir.root}: could not take the daemon lock`)
}

function alive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err: any) {
    return err?.code === 'EPERM'
  }
}
