import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { Command } from 'commander'
import { createGenesis, formatStamp, HybridLogicalClock, nodeIdFromPublicKey, publicKeyFromNodeId, toHex } from '@waggle/protocol'
import { initDataDir, parseGenesis, writeGenesis } from '../../storage/data-dir.js'
import { defaultConfigText } from '../../config/config.js'
import { UsageError } from '../../errors.js'
import { collect, dataDirOf, positiveInt } from '../common.js'
import { emit, table } from '../output.js'

export function genesisCommand (): Command {
  const cmd = new Command('genesis').description('found a federation, or show its genesis')
  cmd.command('create')
    .description('found a new federation with this node as root admin and queen; writes genesis.bin into the data dir')
    .requiredOption('--name <name>', 'the federation\'s name')
    .option('--queen <node id>', 'another node allowed to publish waves (repeatable)', collect)
    .option('--max-clock-offset-ms <ms>', 'refuse operations stamped further ahead than this', positiveInt('--max-clock-offset-ms'))
    .option('--json', 'print JSON')
    .action((opts: { name: string, queen?: string[], maxClockOffsetMs?: number, json?: boolean }, sub: Command) => {
      const dir = dataDirOf(sub)
      if (opts.name.length === 0 || opts.name.length > 128) throw new UsageError('--name must be 1 to 128 characters')
      if (existsSync(dir.genesis)) throw new UsageError(`${dir.root} already belongs to a federation (${dir.genesis}); use a new --data-dir`)
      const extraQueens = (opts.queen ?? []).map(id => {
        try { return publicKeyFromNodeId(id) } catch (err: any) { throw new UsageError(`--queen: ${String(err?.message ?? err)}`) }
      })
      const { identity } = initDataDir(dir)
      if (!existsSync(dir.config)) writeFileSync(dir.config, defaultConfigText(), { mode: 0o644 })
      const { entry, federationId } = createGenesis(identity, {
        name: opts.name,
        queens: [identity.publicKey, ...extraQueens],
        maxClockOffsetMs: opts.maxClockOffsetMs,
        stamp: new HybridLogicalClock().now()
      })
      writeGenesis(dir, entry)
      emit(opts.json, { federationId: toHex(federationId), name: opts.name, file: dir.genesis, founder: identity.nodeId }, () => table([
        ['federation', `${opts.name} (${toHex(federationId)})`],
        ['founder', `${identity.nodeId} (root admin and queen)`],
        ['genesis file', `${dir.genesis} — give it to every node: waggle init --genesis <file>`]
      ]))
    })
  cmd.command('show')
    .description('show a genesis file (the data dir\'s by default)')
    .argument('[file]', 'a genesis file')
    .option('--json', 'print JSON')
    .action((file: string | undefined, opts: { json?: boolean }, sub: Command) => {
      const path = file ?? dataDirOf(sub).genesis
      if (!existsSync(path)) throw new UsageError(`${path}: no such file`)
      const { entry, federationId } = parseGenesis(readFileSync(path), path)
      if (entry.body.type !== 'genesis') throw new UsageError(`${path}: not a genesis`)
      const g = entry.body.genesis
      const view = {
        federationId: toHex(federationId),
        name: g.name,
        founder: entry.author,
        stamp: formatStamp(entry.stamp),
        roots: g.roots.map(nodeIdFromPublicKey),
        rootThreshold: g.rootThreshold,
        queens: g.queens.map(nodeIdFromPublicKey),
        params: { maxClockOffsetMs: g.params?.maxClockOffsetMs }
      }
      emit(opts.json, view, () => table([
        ['federation', `${view.name} (${view.federationId})`],
        ['founded', `${new Date(entry.stamp.wallMs).toISOString()} by ${view.founder}`],
        ['roots', `${view.roots.join(', ')} (threshold ${view.rootThreshold})`],
        ['queens', view.queens.join(', ')],
        ['max clock offset', `${String(view.params.maxClockOffsetMs)} ms`]
      ]))
    })
  return cmd
}
