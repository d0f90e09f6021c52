import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { Command, InvalidArgumentError } from 'commander'
import {
  approveEntry, createGenesis, encodeGenesisFile, foldGenesis, formatStamp, HybridLogicalClock, NETWORK_NAME_PATTERN, nodeIdFromPublicKey,
  publicKeyFromNodeId, ROLE_NAMES, toHex, type RoleName
} from '@waggle/protocol'
import { initDataDir, parseGenesis, readIdentity, writeGenesis, type GenesisRecord } from '../../storage/data-dir.js'
import { defaultConfigText } from '../../config/config.js'
import { UsageError } from '../../errors.js'
import { collect, dataDirOf, positiveInt } from '../common.js'
import { emit, table } from '../output.js'

interface CreateOptions {
  name: string
  root?: string[]
  threshold?: number
  queen?: string[]
  network?: string[]
  supernode?: string[]
  standby?: string[]
  princess?: string[]
  member?: string[]
  minSupernodes?: number
  healthIntervalMs?: number
  supernodeGraceMs?: number
  policy?: 'redistribute' | 'replace'
  maxClockOffsetMs?: number
  json?: boolean
}

function keyOf (id: string, flag: string): Uint8Array {
  try { return publicKeyFromNodeId(id) } catch (err: any) { throw new UsageError(`${flag}: ${String(err?.message ?? err)}`) }
}

/** `<node id>[@<network>]` → key and network (the first network when none). */
function memberSpec (spec: string, flag: string, networks: string[]): { key: Uint8Array, network: string } {
  const [id, network = networks[0]] = spec.split('@')
  if (!networks.includes(network)) throw new UsageError(`${flag} ${spec}: network "${network}" is not one of --network (${networks.join(', ')})`)
  return { key: keyOf(id, flag), network }
}

function nonNegativeInt (name: string): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError(`${name} must be a whole number`)
    return Number(value)
  }
}

/** What a genesis record says, for show and sign. */
function describe (g: GenesisRecord): Record<string, any> {
  if (g.entry.body.type !== 'genesis') throw new UsageError('not a genesis')
  const body = g.entry.body.genesis
  const state = foldGenesis(g)
  const p = state.params
  return {
    federationId: toHex(g.federationId),
    name: body.name,
    founder: g.entry.author,
    stamp: formatStamp(g.entry.stamp),
    roots: body.roots.map(nodeIdFromPublicKey),
    rootThreshold: body.rootThreshold,
    approvedBy: (state.genesis?.approvals ?? []).map(k => nodeIdFromPublicKey(Buffer.from(k, 'hex'))),
    sealed: state.sealed,
    queens: body.queens.map(nodeIdFromPublicKey),
    networks: p.networks,
    members: body.members.map(m => ({ nodeId: nodeIdFromPublicKey(m.key), network: m.network, role: ROLE_NAMES[m.role] })),
    params: { maxClockOffsetMs: p.maxClockOffsetMs, minSupernodes: p.minSupernodes, healthIntervalMs: p.healthIntervalMs, supernodeGraceMs: p.supernodeGraceMs, policy: p.policy }
  }
}

function render (v: Record<string, any>): string {
  return table([
    ['federation', `${String(v.name)} (${String(v.federationId)})`],
    ['founded', `${String(v.stamp)} by ${String(v.founder)}`],
    ['roots', `${(v.roots as string[]).join(', ')} (threshold ${String(v.rootThreshold)})`],
    ['approved by', `${(v.approvedBy as string[]).length} of ${String(v.rootThreshold)} needed${v.sealed === true ? ' — in force' : ' — not in force until more roots run `waggle genesis sign`'}`],
    ['queens', (v.queens as string[]).join(', ')],
    ['networks', (v.networks as string[]).join(', ')],
    ['members', (v.members as Array<{ nodeId: string, network: string, role: string }>).map(m => `${m.nodeId}@${m.network} ${m.role}`).join('\n') || '(roots and queens only)'],
    ['params', Object.entries(v.params as Record<string, unknown>).map(([k, x]) => `${k}=${String(x)}`).join(' ')]
  ])
}

export function genesisCommand (): Command {
  const cmd = new Command('genesis').description('found a federation, sign its genesis as a root admin, or show it')
  cmd.command('create')
    .description('found a new federation with this node as founder, root admin, queen and (unless others are named) supernode; writes genesis.bin into the data dir')
    .requiredOption('--name <name>', 'the federation\'s name')
    .option('--root <node id>', 'another root admin (repeatable); the founder is always one', collect)
    .option('--threshold <m>', 'root signatures needed for root-level operations and for the genesis itself (default 1)', positiveInt('--threshold'))
    .option('--queen <node id>', 'another node allowed to publish waves on every channel (repeatable)', collect)
    .option('--network <name>', 'a network (firewall zone, site) of the federation (repeatable; default: "default"); the first is the founder\'s', collect)
    .option('--supernode <node id[@network]>', 'a first supernode (repeatable)', collect)
    .option('--standby <node id[@network]>', 'a first standby supernode (repeatable)', collect)
    .option('--princess <node id[@network]>', 'a first princess: relays and seeds for its network (repeatable)', collect)
    .option('--member <node id[@network]>', 'a first host (repeatable); others join with `waggle join`', collect)
    .option('--min-supernodes <n>', 'standbys take over below this many live supernodes (default 1)', nonNegativeInt('--min-supernodes'))
    .option('--health-interval-ms <ms>', 'how often supernodes health-check their members (default 5000)', positiveInt('--health-interval-ms'))
    .option('--supernode-grace-ms <ms>', 'how long a supernode may be silent before it counts as failed (default 15000)', positiveInt('--supernode-grace-ms'))
    .option('--policy <policy>', 'a failed supernode\'s members: "redistribute" to the others (default) or "replace" it by a standby', (v: string) => {
      if (v !== 'redistribute' && v !== 'replace') throw new InvalidArgumentError('--policy must be "redistribute" or "replace"')
      return v
    })
    .option('--max-clock-offset-ms <ms>', 'refuse operations stamped further ahead than this', positiveInt('--max-clock-offset-ms'))
    .option('--json', 'print JSON')
    .action((opts: CreateOptions, sub: Command) => {
      const dir = dataDirOf(sub)
      if (opts.name.length === 0 || opts.name.length > 128) throw new UsageError('--name must be 1 to 128 characters')
      if (existsSync(dir.genesis)) throw new UsageError(`${dir.root} already belongs to a federation (${dir.genesis}); use a new --data-dir`)
      const networks = opts.network ?? ['default']
      for (const n of networks) if (!NETWORK_NAME_PATTERN.test(n)) throw new UsageError(`--network "${n}" is not a network name (lower-case letters, digits, '.', '_', '-'; at most 64)`)
      const roots = (opts.root ?? []).map(id => keyOf(id, '--root'))
      const threshold = opts.threshold ?? 1
      if (threshold > roots.length + 1) throw new UsageError(`--threshold ${threshold} is more than the ${roots.length + 1} root admins`)
      const queens = (opts.queen ?? []).map(id => keyOf(id, '--queen'))
      const members: Array<{ key: Uint8Array, network: string, role: RoleName }> = []
      const add = (specs: string[] | undefined, role: RoleName, flag: string): void => {
        for (const s of specs ?? []) members.push({ ...memberSpec(s, flag, networks), role })
      }
      add(opts.supernode, 'supernode', '--supernode')
      add(opts.standby, 'standby', '--standby')
      add(opts.princess, 'princess', '--princess')
      add(opts.member, 'host', '--member')
      const { identity } = initDataDir(dir)
      if (!members.some(m => toHex(m.key) === toHex(identity.publicKey))) {
        members.unshift({ key: identity.publicKey, network: networks[0], role: opts.supernode == null ? 'supernode' : 'host' })
      }
      if (!existsSync(dir.config)) writeFileSync(dir.config, defaultConfigText(), { mode: 0o644 })
      let created
      try {
        created = createGenesis(identity, {
          name: opts.name,
          roots: [identity.publicKey, ...roots],
          rootThreshold: threshold,
          queens: [identity.publicKey, ...queens],
          networks,
          members,
          minSupernodes: opts.minSupernodes,
          healthIntervalMs: opts.healthIntervalMs,
          supernodeGraceMs: opts.supernodeGraceMs,
          policy: opts.policy,
          maxClockOffsetMs: opts.maxClockOffsetMs,
          stamp: new HybridLogicalClock().now()
        })
      } catch (err: any) {
        throw new UsageError(`genesis: ${String(err?.message ?? err)}`)
      }
      const record = writeGenesis(dir, created.entry)
      const view = describe(record)
      emit(opts.json, { ...view, file: dir.genesis }, () => [
        render(view),
        '',
        view.sealed === true
          ? `genesis file: ${dir.genesis} — give it to every node: waggle init --genesis <file>`
          : `genesis file: ${dir.genesis} — now ${threshold - 1} more root admin(s) sign it: waggle genesis sign <file> on their nodes`
      ].join('\n'))
    })
  cmd.command('sign')
    .description('approve a genesis as a root admin (this node\'s key); the file gains the approval')
    .argument('[file]', 'a genesis file (the data dir\'s by default)')
    .option('--json', 'print JSON')
    .action((file: string | undefined, opts: { json?: boolean }, sub: Command) => {
      const dir = dataDirOf(sub)
      const path = file ?? dir.genesis
      if (!existsSync(path)) throw new UsageError(`${path}: no such file`)
      const record = parseGenesis(readFileSync(path), path)
      const identity = readIdentity(dir)
      const view = describe(record)
      if (!(view.roots as string[]).includes(identity.nodeId)) throw new UsageError(`this node (${identity.nodeId}) is not a root admin of federation "${String(view.name)}"`)
      if ((view.approvedBy as string[]).includes(identity.nodeId)) throw new UsageError(`this node (${identity.nodeId}) has already approved this genesis`)
      const approval = approveEntry(identity, record.federationId, record.entry, new HybridLogicalClock().now())
      const approvals = [...record.approvals, approval]
      const tmp = `${path}.tmp`
      writeFileSync(tmp, encodeGenesisFile({ genesis: record.entry, approvals }), { mode: 0o644 })
      renameSync(tmp, path)
      const after = describe({ ...record, approvals })
      emit(opts.json, { ...after, file: path }, () => `${render(after)}\n\nsigned: ${path}`)
    })
  cmd.command('show')
    .description('show a genesis file (the data dir\'s by default)')
    .argument('[file]', 'a genesis file')
    .option('--json', 'print JSON')
    .action((file: string | undefined, opts: { json?: boolean }, sub: Command) => {
      const path = file ?? dataDirOf(sub).genesis
      if (!existsSync(path)) throw new UsageError(`${path}: no such file`)
      const view = describe(parseGenesis(readFileSync(path), path))
      emit(opts.json, view, () => render(view))
    })
  return cmd
}
