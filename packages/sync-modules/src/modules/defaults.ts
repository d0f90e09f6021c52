import { SyncModuleRegistry } from '../registry.js'
import { gitModule, type GitModuleInit } from './git.js'
import { httpModule } from './http.js'
import { rsyncModule, type RsyncModuleInit } from './rsync.js'

/** Options of {@link defaultModules}: each module's own init. */
export interface DefaultModulesInit {
  rsync?: RsyncModuleInit
  git?: GitModuleInit
}

/**
 * A registry holding the modules this package ships: http, rsync and git.
 * The swarm is not among them: it needs the node's peers and chunk store,
 * so the node registers its own. rsync and git are registered even when
 * not installed: a channel using them fails with ToolNotInstalledError on
 * its first fetch, naming the program, instead of every channel failing
 * at start.
 *
 * @example
 * ```ts
 * const registry = defaultModules({ git: { gitPath: '/usr/local/bin/git' } })
 * registry.register(swarmModule)
 * ```
 */
export function defaultModules (init: DefaultModulesInit = {}): SyncModuleRegistry {
  const registry = new SyncModuleRegistry()
  registry.register(httpModule())
  registry.register(rsyncModule(init.rsync))
  registry.register(gitModule(init.git))
  return registry
}
