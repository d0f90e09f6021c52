import type { SyncModule } from './sync-module.js'

/** A module name as descriptors carry it: lower-case, digits, '-', '_', '.'; at most 64. */
const MODULE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/

/**
 * The sync modules a node can use, by name. A channel's config names its
 * module; a descriptor naming a module this node lacks is refused before
 * anything is fetched.
 */
export class SyncModuleRegistry {
  private readonly modules = new Map<string, SyncModule>()

  /** Adds a module; a second module with the same name is a configuration error. */
  register (module: SyncModule): void {
    if (!MODULE_NAME.test(module.name)) throw new TypeError(`sync module name "${module.name}" is not valid`)
    if (this.modules.has(module.name)) throw new TypeError(`a sync module named "${module.name}" is already registered`)
    this.modules.set(module.name, module)
  }

  /** The module with this name, if registered. */
  get (name: string): SyncModule | undefined {
    return this.modules.get(name)
  }

  /** Registered module names, sorted. */
  names (): string[] {
    return [...this.modules.keys()].sort()
  }
}
