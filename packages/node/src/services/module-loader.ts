import { isAbsolute } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { SyncModule, SyncModuleRegistry } from '@waggle/sync-modules'
import { ConfigError } from '../errors.js'

function isSyncModule (m: any): m is SyncModule {
  return m != null && typeof m === 'object' && typeof m.name === 'string' &&
    typeof m.describe === 'function' && typeof m.fetch === 'function' && typeof m.verify === 'function'
}

/**
 * Loads the third-party sync modules the config names (`[modules]`, name =
 * package or absolute path) into the registry. A module's file exports a
 * factory (`default` or `createSyncModule`) returning a SyncModule, or the
 * module itself. Anything wrong stops the daemon at start, naming it.
 */
export async function loadModules (registry: SyncModuleRegistry, modules: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, spec] of Object.entries(modules)) {
    let exported: any
    try {
      exported = await import(isAbsolute(spec) ? pathToFileURL(spec).href : spec)
    } catch (err: any) {
      throw new ConfigError(`modules.${name}: cannot load "${spec}": ${String(err?.message ?? err)}`)
    }
    const candidate = exported.createSyncModule ?? exported.default
    const module = typeof candidate === 'function' ? await candidate() : candidate
    if (!isSyncModule(module)) throw new ConfigError(`modules.${name}: "${spec}" exports no SyncModule (a default or createSyncModule factory returning {name, describe, fetch, verify})`)
    if (module.name !== name) throw new ConfigError(`modules.${name}: "${spec}" is the module "${module.name}"; name it modules.${module.name}`)
    if (registry.get(name) != null) throw new ConfigError(`modules.${name}: a module named "${name}" is already built in`)
    registry.register(module)
  }
}
