import { describeTree, type DescribedTree } from '../tree/describe.js'
import type { ChunkStore } from '../tree/chunk-store.js'

/**
 * A {@link ChunkStore} that keeps nothing: for describing a tree only to
 * learn its root and size, where storing every chunk would copy the tree
 * once more. It never holds a chunk, so it must not back a fetch.
 */
export function hashOnlyStore (): ChunkStore {
  return {
    has: async () => false,
    get: async () => undefined,
    put: async () => {}
  }
}

/**
 * Describes the directory `dir` as a tree (the swarm's format) without
 * storing anything: the root hash names the tree's every path, mode, byte
 * and symlink target, so two dirs with the same root hold the same content.
 *
 * @throws UnsafeTreeError, UnsupportedFileTypeError as {@link describeTree} does
 */
export async function hashTree (dir: string, chunkSize: number): Promise<DescribedTree> {
  return await describeTree(dir, hashOnlyStore(), { chunkSize })
}
