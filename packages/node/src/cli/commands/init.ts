import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { Command } from 'commander'
import { foldGenesis } from '@waggle/protocol'
import { defaultConfigText, loadConfig } from '../../config/config.js'
import { initDataDir, parseGenesis, writeGenesis } from '../../storage/data-dir.js'
import { UsageError } from '../../errors.js'
import { collect, dataDirOf } from '../common.js'
import { emit, table } from '../output.js'

export function initCommand (): Command {
  return new Command('init')
    .description('create a node: its data dir, its key (mode 0600) and its config file; with --genesis, join that federation')
    .option('--genesis <file>', 'the federation\'s genesis file (genesis.bin from the first node)')
    .option('--listen <multiaddr>', 'address to listen on (repeatable)', collect)
    .option('--bootstrap <multiaddr>', 'peer to dial: /ip4/<addr>/tcp/<port>/p2p/<node id> (repeatable)', collect)
    .option('--json', 'print JSON')
    .action((opts: { genesis?: string, listen?: string[], bootstrap?: string[], json?: boolean }, cmd: Command) => {
      const dir = dataDirOf(cmd)
      let genesis: ReturnType<typeof parseGenesis> | undefined
      if (opts.genesis != null) {
        if (!existsSync(opts.genesis)) throw new UsageError(`${opts.genesis}: no such file`)
        genesis = parseGenesis(readFileSync(opts.genesis), opts.genesis)
        const state = foldGenesis(genesis)
        if (!state.sealed) {
          throw new UsageError(`${opts.genesis}: the genesis has ${state.genesis?.approvals.length ?? 0} of the ${state.genesis?.rootThreshold ?? 1} root approvals it needs; more root admins must run \`waggle genesis sign ${opts.genesis}\` first`)
        }
      }
      const { identity, created } = initDataDir(dir)
      if (!existsSync(dir.config)) {
        writeFileSync(dir.config, defaultConfigText({ listen: opts.listen, bootstrap: opts.bootstrap }), { mode: 0o644 })
      } else if (opts.listen != null || opts.bootstrap != null) {
        throw new UsageError(`${dir.config} already exists; edit it to change listen or bootstrap addresses`)
      }
      loadConfig({ dataDir: dir.root }) // a config we wrote must load; a hand-edited one is checked here too
      if (genesis != null) writeGenesis(dir, genesis.entry, genesis.approvals)
      emit(opts.json, { nodeId: identity.nodeId, dataDir: dir.root, created, federationId: genesis != null ? Buffer.from(genesis.federationId).toString('hex') : null }, () => table([
        ['node', identity.nodeId],
        ['data dir', `${dir.root}${created ? ' (new)' : ' (existing key kept)'}`],
        ['config', dir.config],
        ['federation', genesis != null ? `${genesis.entry.body.type === 'genesis' ? genesis.entry.body.genesis.name : ''} (${Buffer.from(genesis.federationId).toString('hex').slice(0, 16)}…)` : 'none yet: `waggle genesis create` or `waggle init --genesis FILE`']
      ]))
    })
}
