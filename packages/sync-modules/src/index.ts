/**
 * @packageDocumentation
 *
 * The `SyncModule` interface through which a waggle node moves a channel
 * version's content (describe on the publisher, fetch into staging with
 * progress and cancellation, verify), and the registry that finds a
 * descriptor's module by name. Module implementations arrive with content
 * transfer.
 *
 * @example
 * ```ts
 * import { SyncModuleRegistry, type SyncModule } from '@waggle/sync-modules'
 *
 * const registry = new SyncModuleRegistry()
 * registry.register(myModule)
 * registry.get(descriptor.module)?.fetch(descriptor, stagingDir, { signal })
 * ```
 */
export type { SyncModule, FetchOptions, FetchProgress, VerifyResult } from './sync-module.js'
export { SyncModuleRegistry } from './registry.js'
