/**
 * Defaults of the http, rsync and git modules. Each name carries its unit;
 * each line says why the value.
 */

/** The name content is staged under when its own name is unusable as a file name. */
export const DEFAULT_CONTENT_NAME = 'content'

/** Longest file name most file systems accept (ext4, XFS, APFS: 255 bytes). */
export const MAX_FILE_NAME_BYTES = 255

/** Redirects an http download follows: enough for a CDN hop or two, not a loop. */
export const MAX_HTTP_REDIRECTS = 5

/**
 * Idle time after which an http download is given up: a server that stops
 * sending would otherwise hold the fetch (and its staging dir) forever. The
 * file stays, so the next fetch resumes.
 */
export const HTTP_IDLE_TIMEOUT_MS = 60_000

/** rsync's `--timeout`: the same stalled-transfer guard as HTTP_IDLE_TIMEOUT_MS, in rsync's unit. */
export const RSYNC_IO_TIMEOUT_S = 60

/**
 * Chunk size of the tree the rsync module hashes. It is part of what an
 * rsync descriptor's root means: the publisher and every node must hash
 * with the same size, so it is fixed here rather than following the swarm's
 * DEFAULT_CHUNK_SIZE, which may change.
 */
export const RSYNC_TREE_CHUNK_BYTES = 256 * 1024

/** Characters of a tool's stderr kept for an error message: the end, where rsync and git say what failed. */
export const TOOL_STDERR_TAIL_CHARS = 4096

/** Bytes of a tool's stdout kept (`git ls-remote` of a huge repo); more is an error, not memory. */
export const MAX_TOOL_STDOUT_BYTES = 4 * 1024 * 1024

/** Time a tool gets to exit after SIGTERM on abort before it is sent SIGKILL. */
export const TOOL_KILL_GRACE_MS = 5_000

/** Lines of `git status` quoted in a verify reason: enough to see what changed, short enough to log. */
export const MAX_REASON_LINES = 5
