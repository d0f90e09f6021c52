/** Default TCP port a node listens on. Unassigned by IANA; easy to open in a firewall. */
export const DEFAULT_PORT = 7420

/**
 * How often lost bootstrap peers are dialled again, in ms. Short enough that
 * a restarted peer is back within seconds, long enough to cost nothing.
 */
export const DEFAULT_REDIAL_INTERVAL_MS = 2_000

/**
 * How often a node runs catch-up with one connected peer even when nothing
 * looks missed, in ms: gossip is best-effort, this is the backstop.
 */
export const DEFAULT_CATCHUP_INTERVAL_MS = 15_000

/**
 * Below this much free disk in the data dir, in MiB, a node holds waves
 * instead of fetching (and says so): a full disk must not take down the
 * host's other work, nor leave a half-written version.
 */
export const DEFAULT_MIN_FREE_DISK_MIB = 512

/** How long one catch-up exchange may take before it is abandoned, in ms. */
export const CATCHUP_TIMEOUT_MS = 30_000

/** Largest catch-up request accepted, in bytes (a full summary is about 330 KiB). */
export const CATCHUP_MAX_REQUEST_BYTES = 512 * 1024

/** Largest request line on the control socket, in bytes. */
export const CONTROL_MAX_REQUEST_BYTES = 1024 * 1024

/** Most entries one `log` control call returns. */
export const CONTROL_MAX_LOG_ENTRIES = 10_000

/**
 * How long a node that is not a member may stay connected to an admin, ms:
 * its join exchange takes one round trip; ten seconds covers a slow link
 * and a loaded supernode, and bounds what a stranger can hold open.
 */
export const JOIN_WINDOW_MS = 10_000

/** How long one join exchange (request in, response out) may take, ms. */
export const JOIN_EXCHANGE_TIMEOUT_MS = 10_000

/**
 * Join requests a supernode takes per minute from one IP address, and from
 * everyone: a joining host asks every 2 s (30 a minute), so two hosts
 * behind one NAT get through, and a flood costs a signature check or two a
 * second, not a core.
 */
export const DEFAULT_JOIN_REQUESTS_PER_MINUTE_PER_IP = 60
export const DEFAULT_JOIN_REQUESTS_PER_MINUTE = 600

/**
 * Most pending join requests a supernode keeps; past it the one seen
 * longest ago goes. Requests are signed by their host's key, but keys cost
 * nothing to make, so the list must be bounded.
 */
export const MAX_PENDING_JOIN_REQUESTS = 1024

/** How often `waggle join` asks again while its request is pending, ms. */
export const JOIN_POLL_INTERVAL_MS = 2_000

/** How long `waggle join` waits for a decision by default, ms. */
export const DEFAULT_JOIN_WAIT_MS = 10 * 60_000

/** How long an invite is valid by default, ms: a day to hand it to the host's operator. */
export const DEFAULT_INVITE_TTL_MS = 24 * 60 * 60_000

/** File names inside a node's data dir. */
export const DATA_DIR_FILES = Object.freeze({
  config: 'waggle.toml',
  key: 'key.json',
  genesis: 'genesis.bin',
  db: 'db',
  socket: 'control.sock',
  lock: 'daemon.pid',
  chunks: 'content/chunks',
  channels: 'channels'
})

/**
 * Node.js flags every daemon runs with. V8 reads them only at start, so they
 * are process flags: the `waggle` bin's shebang, scripts/waggle and
 * LocalFleet pass them (a test keeps the three alike).
 *
 * - `--max-semi-space-size=8`: a catch-up burst grows V8's young generation
 *   to its 32-64 MiB default and the pages stay resident: a daemon that
 *   pulled 10,000 operations sat at ~195 MiB. Semi-spaces of 8 MiB keep it
 *   near 150 MiB at the cost of more frequent (cheap) scavenges.
 * - `--initial-old-space-size=128`: a daemon's heap is small (~25 MiB), so
 *   V8's limit for starting a full collection sits only a young generation
 *   above it, and moving chunks (which allocates briskly) kept a full
 *   collection running: 22 of them while fetching 64 MiB, ~1.2 s of CPU on
 *   V8's helper threads. With a floor of 128 MiB: 3 of them, ~0.3 s, and
 *   the same resident memory (scripts/bench memory), since what they would
 *   free is short-lived anyway.
 * - `--always-sparkplug`: compiles each function to V8's baseline machine
 *   code on its first call rather than interpreting it until it is warm.
 *   A daemon's wave path (decrypt, gossip, validate, store, relay) runs once
 *   a wave, so it stayed interpreted: with 50 daemons on two cores, a
 *   wave's last arrival (scripts/bench wave, interleaved runs) came after
 *   88 and 107 ms with the flag against 112 and 118 ms without; resident
 *   memory stays within ~5 MiB of it (scripts/bench memory).
 */
export const DAEMON_NODE_FLAGS: readonly string[] = Object.freeze(['--max-semi-space-size=8', '--initial-old-space-size=128', '--always-sparkplug'])

/**
 * Log entries added since the last heap trim that make a burst worth one
 * (see HeapTrimmer): a catch-up or bundle import of this many leaves
 * megabytes of heap pages behind.
 */
export const TRIM_AFTER_ENTRIES = 1_000

/** Content bytes fetched or served since the last heap trim that make a burst worth one. */
export const TRIM_AFTER_CONTENT_BYTES = 64 * 1024 * 1024
