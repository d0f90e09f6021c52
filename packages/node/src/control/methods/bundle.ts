import { isAbsolute } from 'node:path'
import { CHANNEL_NAME_PATTERN, NETWORK_NAME_PATTERN } from '@waggle/protocol'
import { UsageError } from '../../errors.js'
import type { MethodHandler } from '../context.js'
import type { BundleExportParams, BundleExportResult, BundleImportParams, BundleImportResult } from '../protocol.js'

function absolute (what: string, path: unknown): string {
  if (typeof path !== 'string' || !isAbsolute(path)) throw new UsageError(`${what} must be an absolute path`)
  return path
}

/** Writes a bundle of the entries this node received since its previous bundle. */
export const bundleExport: MethodHandler<BundleExportParams, BundleExportResult> = async (ctx, params) => {
  const channels = params.channels ?? []
  if (!Array.isArray(channels) || !channels.every(c => typeof c === 'string' && CHANNEL_NAME_PATTERN.test(c))) {
    throw new UsageError(`channels must be channel names, got ${JSON.stringify(params.channels)}`)
  }
  if (params.network != null && (typeof params.network !== 'string' || !NETWORK_NAME_PATTERN.test(params.network))) throw new UsageError(`network must be a network name, got ${JSON.stringify(params.network)}`)
  return await ctx.bundles.export({
    path: absolute('the bundle path', params.path),
    sinceBundle: params.sinceBundle != null ? absolute('the previous bundle', params.sinceBundle) : undefined,
    full: params.full === true,
    withContent: params.withContent === true,
    channels,
    network: params.network
  })
}

/** Verifies a bundle whole, then applies what is new in it. */
export const bundleImport: MethodHandler<BundleImportParams, BundleImportResult> = async (ctx, params) => {
  return await ctx.bundles.import(absolute('the bundle path', params.path), { allowGap: params.allowGap === true })
}
