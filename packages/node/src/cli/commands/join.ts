import { existsSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { Command } from 'commander'
import {
  decodeEnvelope, DEFAULT_NETWORK, foldGenesis, fromHex, Invite, INVITE_PAYLOAD_TYPE, inviteFromText, NETWORK_NAME_PATTERN, toHex, verifyEnvelope
} from '@waggle/protocol'
import { defaultConfigText, loadConfig } from '../../config/config.js'
import { addBootstrapPeer } from '../../config/bootstrap-file.js'
import { DEFAULT_JOIN_WAIT_MS } from '../../constants.js'
import { initDataDir, parseGenesis, readGenesis, writeGenesis } from '../../storage/data-dir.js'
import { requestJoin, viaPeer } from '../../services/join-client.js'
import { JoinError, UsageError } from '../../errors.js'
import { dataDirOf } from '../common.js'
import { duration } from '../duration.js'
import { formatMs, table } from '../output.js'

interface JoinOptions { via: string, invite?: string, network?: string, federation?: string, wait?: number, json?: boolean }

/** What an invite says, read before any federation is known (the admin checks it for real). */
function readInvite (text: string): { bytes: Uint8Array, federation: Uint8Array, network: string, expiresMs: number } {
  const bytes = inviteFromText(text)
  if (bytes == null) throw new UsageError('--invite: not an invite (it starts with "waggle-invite:"; `waggle admin invite` on a supernode prints one)')
  const decoded = decodeEnvelope(bytes)
  if (!decoded.ok || decoded.value.envelope.payloadType !== INVITE_PAYLOAD_TYPE || !verifyEnvelope(decoded.value)) throw new UsageError('--invite: the invite is damaged (its signature does not verify); copy it again')
  let invite: Invite
  try {
    invite = Invite.decode(decoded.value.envelope.payload)
  } catch {
    throw new UsageError('--invite: the invite is damaged; copy it again')
  }
  return { bytes, federation: invite.federation, network: invite.network, expiresMs: invite.expiresMs }
}

/** Says a federation id once, from whichever source gave it; refuses two that differ. */
function agree (sources: Array<[string, Uint8Array | undefined]>): Uint8Array | undefined {
  let seen: [string, Uint8Array] | undefined
  for (const [where, id] of sources) {
    if (id == null) continue
    if (seen != null && toHex(seen[1]) !== toHex(id)) throw new UsageError(`${where} names federation ${toHex(id)}, but ${seen[0]} names ${toHex(seen[1])}`)
    seen ??= [where, id]
  }
  return seen?.[1]
}

export function joinCommand (): Command {
  return new Command('join')
    .description('ask a supernode to admit this host (no daemon needed): creates the data dir, key and config if needed, ' +
      'then waits for the admission; on it, writes the genesis file and adds the supernode to the bootstrap peers. Then run `waggle start`.')
    .requiredOption('--via <multiaddr>', 'the supernode to ask: /ip4/<addr>/tcp/<port>/p2p/<its node id>')
    .option('--invite <text>', 'an invite (waggle-invite:…) from `waggle admin invite`: admitted at once')
    .option('--network <name>', 'the network to join (default: the invite\'s, else "default")')
    .option('--federation <id>', 'the federation id (64 hex characters) the host expects; checked against the genesis it is given')
    .option('--wait <duration>', 'how long to wait for an admin\'s decision, e.g. 30m (default 10m)', duration('--wait'))
    .option('--json', 'print JSON')
    .action(async (opts: JoinOptions, cmd: Command) => {
      let via: ReturnType<typeof viaPeer>
      try {
        via = viaPeer(opts.via)
      } catch (err: any) {
        throw new UsageError(`--via: ${String(err?.message ?? err)}`)
      }
      const invite = opts.invite != null ? readInvite(opts.invite) : undefined
      if (invite != null && invite.expiresMs < Date.now()) throw new JoinError(`refused: the invite expired at ${new Date(invite.expiresMs).toISOString()}; ask an admin for a new one`)
      if (opts.federation != null && !/^[0-9a-f]{64}$/i.test(opts.federation)) throw new UsageError('--federation: a federation id is 64 hex characters (`waggle status` shows it on any member)')
      if (opts.network != null && !NETWORK_NAME_PATTERN.test(opts.network)) throw new UsageError(`--network: "${opts.network}" is not a network name (lower-case letters, digits, '.', '_', '-')`)
      if (invite != null && opts.network != null && opts.network !== invite.network) throw new UsageError(`--network: the invite is for network "${invite.network}", not "${opts.network}"`)
      const network = opts.network ?? invite?.network ?? DEFAULT_NETWORK

      const dir = dataDirOf(cmd)
      const { identity } = initDataDir(dir)
      if (!existsSync(dir.config)) writeFileSync(dir.config, defaultConfigText(), { mode: 0o644 })
      loadConfig({ dataDir: dir.root })
      const held = existsSync(dir.genesis) ? readGenesis(dir) : undefined
      const expected = agree([
        ['--federation', opts.federation != null ? fromHex(opts.federation.toLowerCase()) : undefined],
        ['the invite', invite?.federation],
        [dir.genesis, held?.federationId]
      ])

      const say = (line: string): void => { process.stderr.write(`${line}\n`) }
      const stop = new AbortController()
      const onSignal = (): void => { stop.abort(new Error('interrupted')) }
      process.once('SIGINT', onSignal)
      process.once('SIGTERM', onSignal)
      const waitMs = opts.wait ?? DEFAULT_JOIN_WAIT_MS
      const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(waitMs)])
      say(`asking ${via.peerId} to admit node ${identity.nodeId} into network ${network}${invite != null ? ' with an invite' : ''}…`)
      let saidPending = false
      let lastRetry = ''
      let outcome: Awaited<ReturnType<typeof requestJoin>>
      try {
        outcome = await requestJoin({
          identity,
          via: opts.via,
          network,
          hostname: hostname(),
          invite: invite?.bytes,
          federation: expected,
          signal,
          onPending: (reason) => {
            if (!saidPending) say(`pending: ${reason}; waiting up to ${formatMs(waitMs)} (Ctrl-C stops; the request stays pending)`)
            saidPending = true
          },
          onRetry: (err) => {
            if (err.message !== lastRetry) say(`no answer yet (${err.message}); trying again`)
            lastRetry = err.message
          }
        })
      } finally {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
      }

      switch (outcome.status) {
        case 'denied':
          throw new JoinError(`denied: ${outcome.reason}`)
        case 'refused':
          throw new JoinError(`refused: ${outcome.reason}`)
        case 'stopped': {
          const why = stop.signal.aborted ? 'stopped' : `no decision within ${formatMs(waitMs)}`
          throw new JoinError(outcome.pending
            ? `${why}; the request stays pending at the supernode: an admin may still approve it, then run \`waggle join\` again`
            : `${why}; the supernode never answered${outcome.lastError != null ? ` (${outcome.lastError})` : ''}`)
        }
      }

      const genesis = parseGenesis(outcome.genesis, `the genesis file from ${via.peerId}`)
      const federationId = toHex(genesis.federationId)
      if (federationId !== toHex(outcome.federation)) throw new JoinError(`the supernode sent the genesis of federation ${federationId}, but serves ${toHex(outcome.federation)}`)
      if (expected != null && federationId !== toHex(expected)) throw new JoinError(`the supernode sent the genesis of federation ${federationId}, not ${toHex(expected)}: nothing written`)
      const state = foldGenesis(genesis)
      if (!state.sealed) throw new JoinError(`the genesis of federation ${federationId} lacks its root approvals: nothing written`)
      writeGenesis(dir, genesis.entry, genesis.approvals)
      const added = addBootstrapPeer(dir.config, opts.via)
      const name = state.genesis?.name ?? ''
      const result = { status: 'admitted', nodeId: identity.nodeId, federation: name, federationId, network, genesis: dir.genesis, bootstrap: opts.via, checked: expected != null }
      if (opts.json === true) {
        process.stdout.write(JSON.stringify(result) + '\n')
      } else {
        process.stdout.write(table([
          ['admitted', `${identity.nodeId} into network ${network}`],
          ['federation', `${name} ${federationId}${expected != null ? ' (as expected)' : ''}`],
          ['genesis', dir.genesis],
          ['bootstrap', `${opts.via}${added ? ' (added to the config)' : ''}`]
        ]) + '\n')
        if (expected == null) say('check the federation id above with the federation\'s admin (`waggle status` on any member shows it)')
        say('now run `waggle start`')
      }
    })
}
