import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { multiaddr } from '@multiformats/multiaddr'
import { DATA_DIR_FILES, DEFAULT_CATCHUP_INTERVAL_MS, DEFAULT_MIN_FREE_DISK_MIB, DEFAULT_PORT, DEFAULT_REDIAL_INTERVAL_MS } from '../constants.js'
import { ConfigError } from '../errors.js'
import { LOG_LEVELS, type LogLevel } from '../logger.js'

/** A node's resolved configuration. Frozen. */
export interface WaggleConfig {
  readonly dataDir: string
  /** Multiaddrs to listen on. */
  readonly listen: readonly string[]
  /** Multiaddrs to tell peers instead of the listen addresses (behind NAT). */
  readonly announce: readonly string[]
  /** Peers to dial at start and re-dial when lost: multiaddrs ending in /p2p/<node id>. */
  readonly bootstrap: readonly string[]
  readonly redialIntervalMs: number
  readonly catchupIntervalMs: number
  readonly logLevel: LogLevel
  /** Cap on this node's chunk uploads, KiB/s; 0: none. */
  readonly uploadKibps: number
  /** Cap on this node's chunk downloads, KiB/s; 0: none. */
  readonly downloadKibps: number
  /** Below this much free disk (MiB) in the data dir, waves are held instead of fetched. */
  readonly minFreeDiskMib: number
}

/** Values given on the command line, by config key. */
export type ConfigFlags = Partial<Omit<WaggleConfig, 'dataDir'>>

type Kind = 'multiaddrs' | 'ms' | 'level' | 'count'
interface KeySpec { field: keyof ConfigFlags, file: string, env: string, kind: Kind }

/** Every config key: its name in the file, its environment variable, its kind. */
export const CONFIG_KEYS: readonly KeySpec[] = Object.freeze([
  { field: 'listen', file: 'network.listen', env: 'WAGGLE_LISTEN', kind: 'multiaddrs' },
  { field: 'announce', file: 'network.announce', env: 'WAGGLE_ANNOUNCE', kind: 'multiaddrs' },
  { field: 'bootstrap', file: 'network.bootstrap', env: 'WAGGLE_BOOTSTRAP', kind: 'multiaddrs' },
  { field: 'redialIntervalMs', file: 'network.redial_interval_ms', env: 'WAGGLE_REDIAL_INTERVAL_MS', kind: 'ms' },
  { field: 'catchupIntervalMs', file: 'catchup.interval_ms', env: 'WAGGLE_CATCHUP_INTERVAL_MS', kind: 'ms' },
  { field: 'logLevel', file: 'log.level', env: 'WAGGLE_LOG_LEVEL', kind: 'level' },
  { field: 'uploadKibps', file: 'content.upload_kibps', env: 'WAGGLE_UPLOAD_KIBPS', kind: 'count' },
  { field: 'downloadKibps', file: 'content.download_kibps', env: 'WAGGLE_DOWNLOAD_KIBPS', kind: 'count' },
  { field: 'minFreeDiskMib', file: 'content.min_free_disk_mib', env: 'WAGGLE_MIN_FREE_DISK_MIB', kind: 'count' }
] satisfies KeySpec[])

const DEFAULTS: Omit<WaggleConfig, 'dataDir'> = {
  listen: [`/ip4/0.0.0.0/tcp/${DEFAULT_PORT}`],
  announce: [],
  bootstrap: [],
  redialIntervalMs: DEFAULT_REDIAL_INTERVAL_MS,
  catchupIntervalMs: DEFAULT_CATCHUP_INTERVAL_MS,
  logLevel: 'info',
  uploadKibps: 0,
  downloadKibps: 0,
  minFreeDiskMib: DEFAULT_MIN_FREE_DISK_MIB
}

function check (kind: Kind, value: unknown, where: string): unknown {
  switch (kind) {
    case 'multiaddrs': {
      if (!Array.isArray(value)) throw new ConfigError(`${where}: expected a list of multiaddrs, got ${JSON.stringify(value)}`)
      for (const v of value) {
        if (typeof v !== 'string') throw new ConfigError(`${where}: expected a multiaddr string, got ${JSON.stringify(v)}`)
        try { multiaddr(v) } catch { throw new ConfigError(`${where}: "${v}" is not a multiaddr (e.g. /ip4/10.0.0.1/tcp/${DEFAULT_PORT})`) }
      }
      return Object.freeze([...value])
    }
    case 'ms':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 10) throw new ConfigError(`${where}: expected a whole number of milliseconds (at least 10), got ${JSON.stringify(value)}`)
      return value
    case 'count':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new ConfigError(`${where}: expected a whole number, 0 or more, got ${JSON.stringify(value)}`)
      return value
    case 'level':
      if (typeof value !== 'string' || !(LOG_LEVELS as readonly string[]).includes(value)) throw new ConfigError(`${where}: expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(value)}`)
      return value
  }
}

function fromEnv (kind: Kind, raw: string): unknown {
  if (kind === 'multiaddrs') return raw.split(',').map(s => s.trim()).filter(s => s !== '')
  if (kind === 'ms' || kind === 'count') return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw
  return raw.trim()
}

/** Reads the TOML config file; its absence is fine, a bad one is not. */
function readFile (path: string): Record<string, unknown> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err: any) {
    if (err?.code === 'ENOENT') return {}
    throw new ConfigError(`${path}: cannot be read: ${String(err?.message ?? err)}`)
  }
  let doc: Record<string, unknown>
  try {
    doc = parseToml(text) as Record<string, unknown>
  } catch (err: any) {
    throw new ConfigError(`${path}: not valid TOML: ${String(err?.message ?? err).split('\n')[0]}`)
  }
  const known = new Set(CONFIG_KEYS.map(k => k.file))
  const out: Record<string, unknown> = {}
  for (const [section, table] of Object.entries(doc)) {
    if (table == null || typeof table !== 'object' || Array.isArray(table)) {
      throw new ConfigError(`${path}: "${section}" is not a known section (sections: network, catchup, log, content)`)
    }
    for (const [key, value] of Object.entries(table)) {
      const name = `${section}.${key}`
      if (!known.has(name)) throw new ConfigError(`${path}: unknown key "${name}" (known: ${[...known].join(', ')})`)
      out[name] = value
    }
  }
  return out
}

export interface LoadConfigOptions {
  dataDir: string
  /** The config file; <dataDir>/waggle.toml by default. */
  file?: string
  env?: Record<string, string | undefined>
  flags?: ConfigFlags
}

/**
 * Resolves defaults → config file → WAGGLE_* environment → flags, checks
 * every value and returns a frozen config. A bad value throws ConfigError
 * naming the file or variable and the key, before anything starts.
 */
export function loadConfig (opts: LoadConfigOptions): WaggleConfig {
  const file = opts.file ?? join(opts.dataDir, DATA_DIR_FILES.config)
  const fromFile = readFile(file)
  const env = opts.env ?? process.env
  const resolved: Record<string, unknown> = { ...DEFAULTS }
  for (const spec of CONFIG_KEYS) {
    if (spec.file in fromFile) resolved[spec.field] = check(spec.kind, fromFile[spec.file], `${file}: ${spec.file}`)
    const raw = env[spec.env]
    if (raw != null && raw !== '') resolved[spec.field] = check(spec.kind, fromEnv(spec.kind, raw), `environment ${spec.env}`)
    const flag = opts.flags?.[spec.field]
    if (flag != null) resolved[spec.field] = check(spec.kind, flag, `flag --${spec.file.split('.')[1].replaceAll('_', '-')}`)
  }
  return Object.freeze({ ...resolved, dataDir: opts.dataDir }) as WaggleConfig
}

/** The config file a new node starts with. */
export function defaultConfigText (opts: { listen?: string[], bootstrap?: string[] } = {}): string {
  const list = (xs: readonly string[]): string => `[${xs.map(x => JSON.stringify(x)).join(', ')}]`
  return [
    '# waggle node configuration. Every key can also be set by a WAGGLE_* environment',
    '# variable or a flag of `waggle start`; docs/OPERATIONS.md lists them.',
    '',
    '[network]',
    `listen = ${list(opts.listen ?? DEFAULTS.listen)}`,
    '# Peers dialled at start and re-dialled when lost: /ip4/<addr>/tcp/<port>/p2p/<node id>',
    `bootstrap = ${list(opts.bootstrap ?? [])}`,
    `redial_interval_ms = ${DEFAULTS.redialIntervalMs}`,
    '',
    '[catchup]',
    `interval_ms = ${DEFAULTS.catchupIntervalMs}`,
    '',
    '[log]',
    `level = "${DEFAULTS.logLevel}"`,
    '',
    '[content]',
    '# caps on chunk traffic in KiB/s (0: none)',
    `upload_kibps = ${DEFAULTS.uploadKibps}`,
    `download_kibps = ${DEFAULTS.downloadKibps}`,
    '# below this much free disk (MiB) waves are held, not fetched',
    `min_free_disk_mib = ${DEFAULTS.minFreeDiskMib}`,
    ''
  ].join('\n')
}
