/** The only tree manifest version this code reads or writes. */
export const TREE_MANIFEST_VERSION = 1

/**
 * The kinds a tree entry may have, as `TreeEntry.kind` carries them. Nothing
 * else (sockets, devices, FIFOs) can cross the wire: a FIFO or a device
 * node recreated on every host is a way into those hosts, not content.
 */
export const TreeEntryKind = {
  file: 0,
  directory: 1,
  symlink: 2
} as const

/**
 * Longest entry path and symlink target, in characters. Linux's PATH_MAX is
 * 4096 bytes; a longer path could not be created under a node's data dir
 * anyway, and the bound keeps a hostile manifest's strings small.
 */
export const MAX_TREE_PATH_CHARS = 4096

/**
 * Most symlinks followed while resolving one symlink target inside the
 * manifest: Linux's MAXSYMLINKS. A longer chain, or a loop, never resolves
 * on a host either, so it is refused rather than followed.
 */
export const MAX_SYMLINK_HOPS = 40
