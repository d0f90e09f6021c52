import type { ContentDescriptor } from '@waggle/protocol'

/** Progress of a fetch, reported as it goes. */
export interface FetchProgress {
  /** Bytes of the content now in the staging dir. */
  bytes: number
  /** The descriptor's total size. */
  total: number
}

export interface FetchOptions {
  /** Aborting cancels the fetch; what was fetched stays for a resume. */
  signal?: AbortSignal
  onProgress?: (progress: FetchProgress) => void
}

/** The outcome of verifying staged content: hot paths return, not throw. */
export type VerifyResult = { ok: true } | { ok: false, reason: string }

/**
 * A way of moving a channel version's content to a node: the swarm (peer to
 * peer), http, rsync, git, or a third party's. The signed announcement
 * carries the descriptor the module made on the publisher's side; every
 * node then fetches into a staging dir and verifies before anything is
 * applied.
 */
export interface SyncModule {
  /** The name descriptors carry in `module`. */
  readonly name: string
  /** On the publisher: describes the content at `source` (sizes, hashes, module parameters). */
  describe: (source: string) => Promise<ContentDescriptor>
  /** Fetches the content into `stagingDir`, resuming what is already there. */
  fetch: (descriptor: ContentDescriptor, stagingDir: string, options?: FetchOptions) => Promise<void>
  /** Checks the staged content against the descriptor, byte for byte. */
  verify: (descriptor: ContentDescriptor, stagingDir: string) => Promise<VerifyResult>
}
