import { join } from 'node:path'
import { benchDir, note } from './common.js'
import { joiningNode, joinSeededQueen, seededQueen } from './log.js'

export interface BundleBenchResult {
  entries: number
  bundle_bytes: number
  /** Export by the daemon (select, sign, write the tar), through the control API, ms. */
  export_ms: number
  export_ops_per_s: number
  /** Import by a fresh daemon (read, check the manifest and every signature, store), ms. */
  import_ms: number
  import_ops_per_s: number
}

/**
 * A queen daemon holding E operations exports them all to a bundle; a fresh
 * daemon of the same federation, never connected to it, imports the bundle.
 * Both are separate processes, driven through the control API as the CLI does.
 */
export async function bundleBench (count: number): Promise<BundleBenchResult> {
  const root = benchDir('bundle')
  const { fleet: fresh, key } = await joiningNode(join(root, 'f'))
  const { fleet: queen } = await seededQueen(join(root, 'q'), count, [key])
  joinSeededQueen(fresh, queen)
  try {
    await queen.start(0)
    await fresh.start(0)
    const path = join(root, 'bundle.tar')
    note(`exporting ${count} operations…`)
    let t = performance.now()
    const exported = await queen.call(0, 'bundle.export', { path, full: true })
    const exportMs = performance.now() - t
    if (exported.count !== count + 1) throw new Error(`the bundle holds ${exported.count} entries, expected ${count + 1}`)
    note('importing into a fresh node…')
    t = performance.now()
    const imported = await fresh.call(0, 'bundle.import', { path })
    const importMs = performance.now() - t
    if (imported.added !== count) throw new Error(`the import added ${imported.added} entries, expected ${count}`)
    return {
      entries: count,
      bundle_bytes: exported.bytes,
      export_ms: Math.round(exportMs),
      export_ops_per_s: Math.round(count / (exportMs / 1000)),
      import_ms: Math.round(importMs),
      import_ops_per_s: Math.round(count / (importMs / 1000))
    }
  } finally {
    await fresh.stopAll()
    await queen.stopAll()
    fresh.remove()
    queen.remove()
  }
}
