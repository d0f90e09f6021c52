/**
 * @packageDocumentation
 *
 * The `SyncModule` interface through which a waggle node moves a channel
 * version's content (describe on the publisher, fetch into staging with
 * progress and cancellation, verify), the registry that finds a
 * descriptor's module by name, the http, rsync and git modules, a
 * compliance suite any module (a third party's too) can run, and the
 * content trees the swarm module
 * moves: a manifest of paths, modes and chunk hashes, a content-addressed
 * chunk store, and the checks that keep a hostile manifest from writing
 * anything outside its directory.
 *
 * @example
 * ```ts
 * import { SyncModuleRegistry, type SyncModule } from '@waggle/sync-modules'
 *
 * const registry = new SyncModuleRegistry()
 * registry.register(myModule)
 * registry.get(descriptor.module)?.fetch(descriptor, stagingDir, { signal })
 * ```
 *
 * @example
 * ```ts
 * import { defaultModules } from '@waggle/sync-modules'
 *
 * const registry = defaultModules() // http, rsync, git
 * const git = registry.get('git')
 * // publisher
 * const descriptor = await git.describe('https://example.org/site.git', { ref: 'main' })
 * // every node
 * await git.fetch(descriptor, stagingDir, { signal, onProgress })
 * const checked = await git.verify(descriptor, stagingDir) // { ok: true } or { ok: false, reason }
 * ```
 *
 * @example
 * ```ts
 * import { describeTree, fsChunkStore, decodeTreeManifest, missingChunks, materializeTree, verifyTree } from '@waggle/sync-modules'
 *
 * // publisher
 * const { root, size, manifestBytes } = await describeTree('/srv/site', fsChunkStore(chunksDir))
 * // every other node: fetch manifestBytes by root, then the chunks it lacks
 * const decoded = decodeTreeManifest(manifestBytes, { root, maxSize: size })
 * if (decoded.ok) {
 *   const wanted = await missingChunks(decoded.value.manifest, store) // fetch these into store
 *   await materializeTree(decoded.value.manifest, store, stagingDir)
 *   const checked = await verifyTree(decoded.value.manifest, stagingDir)
 * }
 * ```
 */
export type { SyncModule, DescribeOptions, FetchOptions, FetchProgress, VerifyResult } from './sync-module.js'
export { SyncModuleRegistry } from './registry.js'
export { httpModule } from './modules/http.js'
export { rsyncModule, type RsyncModuleInit } from './modules/rsync.js'
export { gitModule, type GitModuleInit } from './modules/git.js'
export { defaultModules, type DefaultModulesInit } from './modules/defaults.js'
export { syncModuleCompliance, type SyncModuleFixture } from './compliance.js'
export {
  UnsupportedSourceError, InvalidDescriptorError, HttpStatusError, OversizeContentError, IncompleteContentError,
  ToolNotInstalledError, ToolFailedError, RefNotFoundError
} from './errors.js'
export { TREE_MANIFEST_VERSION, TreeEntryKind, MAX_TREE_PATH_CHARS, MAX_SYMLINK_HOPS } from './tree/constants.js'
export { UnsafeTreeError, MissingChunkError, ChunkHashMismatchError, UnsupportedFileTypeError, type TreeRefusal } from './tree/errors.js'
export { checkTreeManifest, treePathProblem, symlinkTargetProblem, type TreeTotals, type CheckTreeManifestOptions } from './tree/paths.js'
export { decodeTreeManifest, type DecodeTreeManifestOptions, type DecodedTreeManifest } from './tree/manifest.js'
export { fsChunkStore, type ChunkStore } from './tree/chunk-store.js'
export { describeTree, type DescribeTreeOptions, type DescribedTree } from './tree/describe.js'
export { materializeTree, missingChunks, verifyTree, removeTree } from './tree/materialize.js'
export { TreeWriter } from './tree/writer.js'
