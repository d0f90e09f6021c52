import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { multiaddr } from '@multiformats/multiaddr'
import { CHANNEL_NAME_PATTERN } from '@waggle/protocol'
import { DATA_DIR_FILES, DEFAULT_CATCHUP_INTERVAL_MS, DEFAULT_MIN_FREE_DISK_MIB, DEFAULT_PORT, DEFAULT_REDIAL_INTERVAL_MS } from '../constants.js'
import { DEFAULT_JOIN_REQUESTS_PER_MINUTE, DEFAULT_JOIN_REQUESTS_PER_MINUTE_PER_IP } from '../constants.js'
import { ConfigError } from '../errors.js'
import { LOG_LEVELS, type LogLevel } from '../logger.js'

/** What this node does around applying one channel's versions. */
export interface ChannelConfig {
  /**
   * Post-validation: a shell command run on the staged tree before the
   * switch (WAGGLE_DIR is the staged dir); a non-zero exit quarantines it.
   */
  readonly scanner?: string
  /** A shell command run after the switch (WAGGLE_DIR is the new version's dir). */
  readonly hook?: string
  /** How long the scanner or the hook may run before it is killed, ms. */
  readonly timeoutMs: number
  /** Apply every version in order, not only the newest (a late node catches up through each). */
  readonly allVersions: boolean
}

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
  /** This host reaches only nodes of its own network (its princesses relay for it), as behind a firewall. */
  readonly isolated: boolean
  readonly catchupIntervalMs: number
  readonly logLevel: LogLevel
  /** Cap on this node's chunk uploads, KiB/s; 0: none. */
  readonly uploadKibps: number
  /** Cap on this node's chunk downloads, KiB/s; 0: none. */
  readonly downloadKibps: number
  /** Below this much free disk (MiB) in the data dir, waves are held instead of fetched. */
  readonly minFreeDiskMib: number
  /** This node's tags, which waves may target (a site, a role, a zone). */
  readonly tags: readonly string[]
  /** Per-channel settings, from `[channels.<name>]` tables. */
  readonly channels: Readonly<Record<string, ChannelConfig>>
  /** Third-party sync modules: module name → package name or absolute path of the module's file. */
  readonly modules: Readonly<Record<string, string>>
  /** `host:port` of the HTTP endpoint (/members, /metrics); '' (the default): none. */
  readonly httpListen: string
  /** Let the HTTP endpoint listen on a non-loopback address. */
  readonly httpAllowRemote: boolean
  /** A standby's wait per rank before it takes over, ms; half the federation's grace when unset. */
  readonly standbyStepMs?: number
  /** Worker threads that check signatures in bulk (catch-up, bundles); 0: on the main thread; one per core (at most 4) when unset. */
  readonly verifyWorkers?: number
  /** On an admin: join requests taken per minute from one IP address; 0: no limit. */
  readonly joinRequestsPerMinutePerIp: number
  /** On an admin: join requests taken per minute from everyone; 0: no limit. */
  readonly joinRequestsPerMinute: number
}

/** Values given on the command line, by config key. */
export type ConfigFlags = Partial<Omit<WaggleConfig, 'dataDir' | 'channels' | 'modules'>>

type Kind = 'multiaddrs' | 'ms' | 'level' | 'count' | 'names' | 'hostport' | 'bool'
interface KeySpec { field: keyof ConfigFlags, file: string, env: string, kind: Kind }

/** Every config key: its name in the file, its environment variable, its kind. */
export const CONFIG_KEYS: readonly KeySpec[] = Object.freeze([
  { field: 'listen', file: 'network.listen', env: 'WAGGLE_LISTEN', kind: 'multiaddrs' },
  { field: 'announce', file: 'network.announce', env: 'WAGGLE_ANNOUNCE', kind: 'multiaddrs' },
  { field: 'bootstrap', file: 'network.bootstrap', env: 'WAGGLE_BOOTSTRAP', kind: 'multiaddrs' },
  { field: 'redialIntervalMs', file: 'network.redial_interval_ms', env: 'WAGGLE_REDIAL_INTERVAL_MS', kind: 'ms' },
  { field: 'isolated', file: 'network.isolated', env: 'WAGGLE_NETWORK_ISOLATED', kind: 'bool' },
  { field: 'catchupIntervalMs', file: 'catchup.interval_ms', env: 'WAGGLE_CATCHUP_INTERVAL_MS', kind: 'ms' },
  { field: 'verifyWorkers', file: 'catchup.verify_workers', env: 'WAGGLE_VERIFY_WORKERS', kind: 'count' },
  { field: 'logLevel', file: 'log.level', env: 'WAGGLE_LOG_LEVEL', kind: 'level' },
  { field: 'tags', file: 'node.tags', env: 'WAGGLE_TAGS', kind: 'names' },
  { field: 'uploadKibps', file: 'content.upload_kibps', env: 'WAGGLE_UPLOAD_KIBPS', kind: 'count' },
  { field: 'downloadKibps', file: 'content.download_kibps', env: 'WAGGLE_DOWNLOAD_KIBPS', kind: 'count' },
  { field: 'minFreeDiskMib', file: 'content.min_free_disk_mib', env: 'WAGGLE_MIN_FREE_DISK_MIB', kind: 'count' },
  { field: 'httpListen', file: 'http.listen', env: 'WAGGLE_HTTP_LISTEN', kind: 'hostport' },
  { field: 'httpAllowRemote', file: 'http.allow_remote', env: 'WAGGLE_HTTP_ALLOW_REMOTE', kind: 'bool' },
  { field: 'standbyStepMs', file: 'supernode.standby_step_ms', env: 'WAGGLE_STANDBY_STEP_MS', kind: 'count' },
  { field: 'joinRequestsPerMinutePerIp', file: 'join.requests_per_minute_per_ip', env: 'WAGGLE_JOIN_REQUESTS_PER_MINUTE_PER_IP', kind: 'count' },
  { field: 'joinRequestsPerMinute', file: 'join.requests_per_minute', env: 'WAGGLE_JOIN_REQUESTS_PER_MINUTE', kind: 'count' }
] satisfies KeySpec[])

/** Default time a channel's scanner or hook may run, ms. */
export const DEFAULT_CHANNEL_COMMAND_TIMEOUT_MS = 60_000

const CHANNEL_KEYS = ['scanner', 'hook', 'timeout_ms', 'all_versions']

const DEFAULTS: Omit<WaggleConfig, 'dataDir' | 'channels' | 'modules'> = {
  listen: [`/ip4/0.0.0.0/tcp/${DEFAULT_PORT}`],
  announce: [],
  bootstrap: [],
  redialIntervalMs: DEFAULT_REDIAL_INTERVAL_MS,
  isolated: false,
  catchupIntervalMs: DEFAULT_CATCHUP_INTERVAL_MS,
  logLevel: 'info',
  tags: [],
  uploadKibps: 0,
  downloadKibps: 0,
  minFreeDiskMib: DEFAULT_MIN_FREE_DISK_MIB,
  httpListen: '',
  httpAllowRemote: false,
  joinRequestsPerMinutePerIp: DEFAULT_JOIN_REQUESTS_PER_MINUTE_PER_IP,
  joinRequestsPerMinute: DEFAULT_JOIN_REQUESTS_PER_MINUTE
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
    case 'names':
      if (!Array.isArray(value) || !value.every(v => typeof v === 'string' && CHANNEL_NAME_PATTERN.test(v))) throw new ConfigError(`${where}: expected a list of names (lower-case letters, digits, '.', '_', '-'), got ${JSON.stringify(value)}`)
      return Object.freeze([...value])
    case 'count':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new ConfigError(`${where}: expected a whole number, 0 or more, got ${JSON.stringify(value)}`)
      return value
    case 'hostport':
      if (typeof value !== 'string' || (value !== '' && parseHostPort(value) == null)) throw new ConfigError(`${where}: expected host:port (e.g. 127.0.0.1:9464, [::1]:9464), got ${JSON.stringify(value)}`)
      return value
    case 'bool':
      if (typeof value !== 'boolean') throw new ConfigError(`${where}: expected true or false, got ${JSON.stringify(value)}`)
      return value
    case 'level':
      if (typeof value !== 'string' || !(LOG_LEVELS as readonly string[]).includes(value)) throw new ConfigError(`${where}: expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(value)}`)
      return value
  }
}

function fromEnv (kind: Kind, raw: string): unknown {
  if (kind === 'multiaddrs' || kind === 'names') return raw.split(',').map(s => s.trim()).filter(s => s !== '')
  if (kind === 'ms' || kind === 'count') return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw
  if (kind === 'bool') return raw.trim() === 'true' ? true : raw.trim() === 'false' ? false : raw
  return raw.trim()
}

/** Checks the `[channels.<name>]` tables. */
function readChannels (path: string, table: unknown): Record<string, ChannelConfig> {
  if (table == null || typeof table !== 'object' || Array.isArray(table)) throw new ConfigError(`${path}: "channels" must hold [channels.<name>] tables`)
  const out: Record<string, ChannelConfig> = {}
  for (const [name, raw] of Object.entries(table)) {
    if (!CHANNEL_NAME_PATTERN.test(name)) throw new ConfigError(`${path}: channels.${name}: not a channel name (lower-case letters, digits, '.', '_', '-')`)
    if (raw == null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${path}: channels.${name} must be a table`)
    const c = raw as Record<string, unknown>
    for (const key of Object.keys(c)) {
      if (!CHANNEL_KEYS.includes(key)) throw new ConfigError(`${path}: unknown key "channels.${name}.${key}" (known: ${CHANNEL_KEYS.join(', ')})`)
    }
    for (const key of ['scanner', 'hook']) {
      if (c[key] != null && (typeof c[key] !== 'string' || c[key] === '')) throw new ConfigError(`${path}: channels.${name}.${key}: expected a shell command, got ${JSON.stringify(c[key])}`)
    }
    const timeoutMs = c.timeout_ms == null ? DEFAULT_CHANNEL_COMMAND_TIMEOUT_MS : check('ms', c.timeout_ms, `${path}: channels.${name}.timeout_ms`) as number
    if (c.all_versions != null && typeof c.all_versions !== 'boolean') throw new ConfigError(`${path}: channels.${name}.all_versions: expected true or false, got ${JSON.stringify(c.all_versions)}`)
    out[name] = Object.freeze({ scanner: c.scanner as string | undefined, hook: c.hook as string | undefined, timeoutMs, allVersions: c.all_versions === true })
  }
  return out
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
    if (section === 'channels') {
      out.channels = readChannels(path, table)
      continue
    }
    if (section === 'modules') {
      if (table == null || typeof table !== 'object' || Array.isArray(table)) throw new ConfigError(`${path}: "modules" must be a table of name = "package or path"`)
      for (const [name, spec] of Object.entries(table)) {
        if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name)) throw new ConfigError(`${path}: modules.${name}: not a module name`)
        if (typeof spec !== 'string' || spec === '') throw new ConfigError(`${path}: modules.${name}: expected a package name or an absolute path, got ${JSON.stringify(spec)}`)
      }
      out.modules = Object.freeze({ ...table })
      continue
    }
    if (table == null || typeof table !== 'object' || Array.isArray(table)) {
      throw new ConfigError(`${path}: "${section}" is not a known section (sections: node, network, catchup, log, content, http, supernode, join, channels, modules)`)
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
  const source: Record<string, string> = {}
  for (const spec of CONFIG_KEYS) {
    if (spec.file in fromFile) { resolved[spec.field] = check(spec.kind, fromFile[spec.file], `${file}: ${spec.file}`); source[spec.field] = `${file}: ${spec.file}` }
    const raw = env[spec.env]
    if (raw != null && raw !== '') { resolved[spec.field] = check(spec.kind, fromEnv(spec.kind, raw), `environment ${spec.env}`); source[spec.field] = `environment ${spec.env}` }
    const flag = opts.flags?.[spec.field]
    if (flag != null) { resolved[spec.field] = check(spec.kind, flag, `flag --${spec.file.split('.')[1].replaceAll('_', '-')}`); source[spec.field] = `flag --${spec.file.split('.')[1].replaceAll('_', '-')}` }
  }
  const http = resolved.httpListen as string
  if (http !== '' && resolved.httpAllowRemote !== true && !isLoopback((parseHostPort(http) as HostPort).host)) {
    throw new ConfigError(`${source.httpListen}: ${http} is not a loopback address; the HTTP endpoint shows every member's figures, so set http.allow_remote = true to serve it beyond this host`)
  }
  const channels = Object.freeze((fromFile.channels ?? {}) as Record<string, ChannelConfig>)
  const modules = (fromFile.modules ?? Object.freeze({})) as Record<string, string>
  return Object.freeze({ ...resolved, channels, modules, dataDir: opts.dataDir }) as WaggleConfig
}

/** A `host:port` the HTTP endpoint listens on. */
export interface HostPort { host: string, port: number }

/** Parses `host:port` or `[v6]:port`; undefined when it is not one. */
export function parseHostPort (text: string): HostPort | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text.trim())
  if (m == null) return undefined
  const port = Number(m[3])
  if (port > 65535) return undefined
  return { host: m[1] ?? m[2], port }
}

/** Whether a host names this machine only: 127.0.0.0/8, ::1 or localhost. */
export function isLoopback (host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/** The config file a new node starts with. */
export function defaultConfigText (opts: { listen?: string[], bootstrap?: string[] } = {}): string {
  const list = (xs: readonly string[]): string => `[${xs.map(x => JSON.stringify(x)).join(', ')}]`
  return [
    '# waggle node configuration. Every key can also be set by a WAGGLE_* environment',
    '# variable or a flag of `waggle start`; docs/OPERATIONS.md lists them.',
    '',
    '[node]',
    '# tags waves may target (waggle wave publish --tags): a site, a role, a zone',
    'tags = []',
    '',
    '[network]',
    `listen = ${list(opts.listen ?? DEFAULTS.listen)}`,
    '# Peers dialled at start and re-dialled when lost: /ip4/<addr>/tcp/<port>/p2p/<node id>',
    `bootstrap = ${list(opts.bootstrap ?? [])}`,
    `redial_interval_ms = ${DEFAULTS.redialIntervalMs}`,
    '# true: connect only with nodes of this host\'s own network (its princesses relay for it)',
    `isolated = ${String(DEFAULTS.isolated)}`,
    '',
    '[catchup]',
    `interval_ms = ${DEFAULTS.catchupIntervalMs}`,
    '# Threads that check signatures in bulk (unset: one per core, at most 4; 0: none, least memory)',
    '# verify_workers = 2',
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
    '',
    '[http]',
    '# GET /members and /metrics (Prometheus) on this address; off when empty.',
    '# Loopback only unless allow_remote = true.',
    'listen = ""',
    '',
    '[join]',
    '# on a supernode: join requests taken per minute from one IP, and from everyone (0: no limit)',
    `requests_per_minute_per_ip = ${DEFAULTS.joinRequestsPerMinutePerIp}`,
    `requests_per_minute = ${DEFAULTS.joinRequestsPerMinute}`,
    '',
    '# Per channel: a scanner run on the staged version before the switch (a non-zero',
    '# exit quarantines it) and a hook run after it; $WAGGLE_DIR, $WAGGLE_CHANNEL and',
    '# $WAGGLE_VERSION are set for both.',
    '# [channels.site-config]',
    '# scanner = "clamscan -r --no-summary \\"$WAGGLE_DIR\\""',
    '# hook = "systemctl reload nginx"',
    `# timeout_ms = ${DEFAULT_CHANNEL_COMMAND_TIMEOUT_MS}`,
    '# all_versions = false   # true: apply every version in order, not only the newest',
    ''
  ].join('\n')
}
