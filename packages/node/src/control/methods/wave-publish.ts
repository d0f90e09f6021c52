import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename, isAbsolute } from 'node:path'
import { CHANNEL_NAME_PATTERN, formatStamp, mayAnnounce, toHex } from '@waggle/protocol'
import { UsageError } from '../../errors.js'
import type { MethodHandler } from '../context.js'
import type { WavePublishParams, WavePublishResult } from '../protocol.js'

async function hashFile (path: string): Promise<Uint8Array<ArrayBuffer>> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer)
  return new Uint8Array(h.digest())
}

/**
 * Announces a new version of a channel: with the swarm module (the
 * default) the file or directory is chunked into this node's store and
 * every node fetches, verifies and applies it; with `file`, only the file's
 * size and SHA-256 are announced. Signed into the log and gossiped. Refused before
 * anything is signed when this node is not a queen, the file is missing or
 * the version would not go up.
 */
export const wavePublish: MethodHandler<WavePublishParams, WavePublishResult> = async (ctx, params) => {
  const { channel, path } = params
  if (typeof channel !== 'string' || !CHANNEL_NAME_PATTERN.test(channel)) {
    throw new UsageError(`channel name "${String(channel)}" is not valid: lower-case letters, digits, '.', '_', '-', at most 128, starting with a letter or digit`)
  }
  const module = params.module ?? 'swarm'
  if (typeof module !== 'string') throw new UsageError('module must be a name')
  // swarm and file read a local path; other modules take their own source (a URL, an rsync source, a repository)
  const local = module === 'swarm' || module === 'file'
  if (typeof path !== 'string' || path === '' || (local && !isAbsolute(path))) throw new UsageError(local ? 'the path must be absolute' : 'the source must be given')
  const state = ctx.fedLog.state
  if (!mayAnnounce(state, toHex(ctx.identity.publicKey), channel)) {
    throw new UsageError(`this node (${ctx.identity.nodeId}) is not a queen of channel ${channel} in federation "${state.genesis?.name ?? ''}"; only its queens publish waves on it`)
  }
  let info
  if (local) {
    try {
      info = await stat(path)
    } catch (err: any) {
      throw new UsageError(err?.code === 'ENOENT' ? `${path}: no such file or directory` : `${path}: ${String(err?.message ?? err)}`)
    }
    if (module === 'file' ? !info.isFile() : !(info.isFile() || info.isDirectory())) throw new UsageError(`${path}: not a regular file${module === 'swarm' ? ' or directory' : ''}`)
  }
  const current = state.channels.get(channel)?.version ?? 0
  const version = params.version ?? current + 1
  if (!Number.isSafeInteger(version) || version < 1) throw new UsageError(`version must be a positive whole number, got ${String(params.version)}`)
  if (version <= current) throw new UsageError(`channel ${channel} is at version ${current}; a wave must carry a higher version`)
  const expiresInMs = params.expiresInMs ?? 0
  if (!Number.isSafeInteger(expiresInMs) || expiresInMs < 0) throw new UsageError(`expiry must be a whole number of ms, got ${String(params.expiresInMs)}`)
  const expiresMs = expiresInMs > 0 ? Date.now() + expiresInMs : 0
  for (const t of params.tags ?? []) if (typeof t !== 'string' || !CHANNEL_NAME_PATTERN.test(t)) throw new UsageError(`target tag "${String(t)}" is not a name (lower-case letters, digits, '.', '_', '-')`)
  if ((params.tags?.length ?? 0) > 0 || (params.nodes?.length ?? 0) > 0) {
    if (module === 'file') throw new UsageError('targets apply to content waves; --module file announces to every node')
  }
  if (params.princessFirst != null && typeof params.princessFirst !== 'boolean') throw new UsageError('princessFirst must be true or false')
  if (params.princessFirst === true && module !== 'swarm') throw new UsageError('princess-first applies to swarm waves: other modules fetch from their source')
  let entry
  let recipients = 0
  if (module !== 'file') {
    ({ entry, recipients } = await ctx.content.publish(channel, path, version, expiresMs, module, params.ref, { tags: params.tags, nodes: params.nodes, princessFirst: params.princessFirst === true }))
  } else {
    entry = await ctx.fedLog.append({
      type: 'wave.announce',
      wave: { channel, version, expiresMs, content: { module: 'file', size: info?.size ?? 0, sha256: await hashFile(path), name: basename(path).slice(0, 255) } }
    })
    recipients = await ctx.gossip.publish(entry.envelope)
  }
  const content = entry.body.type === 'wave.announce' ? entry.body.wave.content : undefined
  return {
    entryId: entry.idHex,
    channel,
    version,
    size: content?.size ?? 0,
    sha256: content != null ? toHex(content.sha256) : '',
    stamp: formatStamp(entry.stamp),
    publishedAtMs: ctx.fedLog.receivedAt(entry.idHex) ?? Date.now(),
    recipients
  }
}
