import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { parse as parseToml } from 'smol-toml'
import { ConfigError } from '../errors.js'

function bootstrapOf (doc: Record<string, unknown>): unknown {
  const network = doc.network as Record<string, unknown> | undefined
  return network?.bootstrap
}

/**
 * Adds a peer to `network.bootstrap` in a config file, leaving the rest of
 * the file (comments, order, other keys) as its operator wrote it. Returns
 * false when the peer is listed already.
 *
 * @throws ConfigError when the file is not valid TOML or its bootstrap list cannot be edited safely
 */
export function addBootstrapPeer (file: string, addr: string): boolean {
  const text = readFileSync(file, 'utf8')
  let doc: Record<string, unknown>
  try {
    doc = parseToml(text) as Record<string, unknown>
  } catch (err: any) {
    throw new ConfigError(`${file}: not valid TOML: ${String(err?.message ?? err).split('\n')[0]}`)
  }
  const current = bootstrapOf(doc) ?? []
  if (!Array.isArray(current) || !current.every(a => typeof a === 'string')) throw new ConfigError(`${file}: network.bootstrap must be a list of multiaddrs`)
  if (current.includes(addr)) return false
  const wanted = [...current, addr]
  const line = `bootstrap = [${wanted.map(a => JSON.stringify(a)).join(', ')}]`
  const lines = text.split('\n')
  const header = lines.findIndex(l => /^\s*\[network\]\s*(#.*)?$/.test(l))
  if (header < 0) {
    lines.push(...(text.endsWith('\n') ? [] : ['']), '[network]', line, '')
  } else {
    let end = lines.findIndex((l, i) => i > header && /^\s*\[/.test(l))
    if (end < 0) end = lines.length
    const at = lines.findIndex((l, i) => i > header && i < end && /^\s*bootstrap\s*=/.test(l))
    if (at < 0) {
      lines.splice(header + 1, 0, line)
    } else {
      // a list may span lines: it ends at the first line holding its closing bracket
      let last = at
      while (last < end && !lines[last].includes(']')) last++
      lines.splice(at, last - at + 1, line)
    }
  }
  const edited = lines.join('\n')
  let check: unknown
  try {
    check = bootstrapOf(parseToml(edited) as Record<string, unknown>)
  } catch {}
  if (JSON.stringify(check) !== JSON.stringify(wanted)) throw new ConfigError(`${file}: could not add ${addr} to network.bootstrap; add it by hand`)
  const tmp = `${file}.tmp`
  writeFileSync(tmp, edited, { mode: statSync(file).mode & 0o777 })
  renameSync(tmp, file)
  return true
}
