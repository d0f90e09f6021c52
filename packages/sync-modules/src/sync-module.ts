import type { ContentDescriptor } from '@waggle/protocol'

/** Progress of a fetch, reported as it goes. */
export interface FetchProgress {
  /** Bytes of the content now in the staging dir. */
  bytes: number
  /** The descriptor's total size. */
  total: number
}

export interface FetchOptions {
  /**
   * Aborting cancels the fetch, which then rejects with `signal.reason`
   * (an `AbortError` when aborted without one); what was fetched stays
   * for a resume.
   */
  signal?: AbortSignal
  onProgress?: (progress: FetchProgress) => void
}

/** Options of {@link SyncModule.describe}. */
export interface DescribeOptions {
  /**
   * Which version of the source to describe, for modules whose sources
   * have versions (git: a branch, tag or commit id; HEAD when absent).
   * Modules without versions refuse a ref rather than ignore it, so a
   * misconfigured channel fails on the publisher, not on every node.
   */
  ref?: string
  /** Aborting cancels the describe (a download, a copy, a remote query). */
  signal?: AbortSignal
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
  /**
   * On the publisher: describes the content at `source` (sizes, hashes,
   * module parameters). `options` is optional, so a module written
   * against `describe(source)` alone still fits this interface.
   */
  describe: (source: string, options?: DescribeOptions) => Promise<ContentDescriptor>
  /**
   * Fetches the content into `stagingDir`, resuming what is already there.
   * The dir is created when missing and belongs to the module: anything in
   * it that is not the content may be replaced or removed. Resolving means
   * the transfer finished, not that the content is right: call `verify`.
   */
  fetch: (descriptor: ContentDescriptor, stagingDir: string, options?: FetchOptions) => Promise<void>
  /**
   * Checks the staged content against the descriptor, byte for byte, and
   * that the dir holds nothing else. Never throws for what it finds on disk.
   */
  verify: (descriptor: ContentDescriptor, stagingDir: string) => Promise<VerifyResult>
}
