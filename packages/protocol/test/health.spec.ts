import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  assignedSupernode, assignMembers, decodeHealthReport, encodeHealthReport, Envelope, HealthSummary, healthStateOf, MAX_ENVELOPE_BYTES,
  openSummary, rankStandbys, sealEnvelope, sealSummary, HEALTH_SUMMARY_PAYLOAD_TYPE, REPORT_PAYLOAD_TYPE, toHex, type MemberHealth
} from '../src/index.js'
import { digest, identity } from './fixtures.js'

const keys = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => toHex(identity(`${prefix}-${i}`).publicKey))
const MEMBERS = keys('member', 60)
const SUPERNODES = keys('supernode', 8)
const federation = digest('health-federation')
const sn = identity('health-supernode')

function report (applied: Array<{ channel: string, version: number }> = [{ channel: 'site', version: 3 }]): ReturnType<typeof decodeHealthReport> {
  const figures = { wallMs: 1_000, uptimeMs: 5_000, load1: 0.5, load5: 0.25, load15: 0.1, processCpu: 3.5, rssBytes: 100e6, memFreeBytes: 1e9, memTotalBytes: 8e9 }
  const bytes = encodeHealthReport({ ...figures, diskFreeBytes: 5e9, diskTotalBytes: 10e9, logEntries: 42, logNewestMs: 999, applied, peers: 3 }, federation)
  return decodeHealthReport(bytes, federation)
}

function member (i: number, withReport = true): MemberHealth {
  const r = report()
  return { node: identity(`member-${i}`).publicKey as Uint8Array<ArrayBuffer>, state: i % 3, lastSeenMs: 1_000 + i, rttMs: 4, lagEntries: i, report: withReport && r.ok ? r.value : undefined }
}

describe('supernode assignment', () => {
  it('assigns every member to exactly one live supernode, and every node computes the same map in any order (property)', () => {
    fc.assert(fc.property(fc.subarray(MEMBERS, { minLength: 0 }), fc.subarray(SUPERNODES, { minLength: 1 }), fc.boolean(), (members, live, reverse) => {
      const map = assignMembers(members, live)
      const again = assignMembers(reverse ? [...members].reverse() : members, reverse ? [...live].reverse() : live)
      assert.deepEqual([...again.entries()].sort(), [...map.entries()].sort())
      const seen = new Map<string, string>()
      for (const [s, ms] of map) {
        assert.ok(live.includes(s))
        for (const m of ms) { assert.equal(seen.has(m), false, `${m} assigned twice`); seen.set(m, s) }
      }
      assert.deepEqual([...seen.keys()].sort(), [...new Set(members)].sort())
      for (const m of members) assert.equal(seen.get(m), assignedSupernode(m, live))
    }))
  })

  it('moves only the members of a supernode that leaves, each to a live one (property)', () => {
    fc.assert(fc.property(fc.subarray(SUPERNODES, { minLength: 2 }), fc.nat(), (live, pick) => {
      const gone = live[pick % live.length]
      const rest = live.filter(s => s !== gone)
      for (const m of MEMBERS) {
        const before = assignedSupernode(m, live)
        const after = assignedSupernode(m, rest)
        if (before !== gone) assert.equal(after, before, 'a member of a supernode that stayed moved')
        else assert.ok(after != null && rest.includes(after))
      }
    }))
  })

  it('keeps a member to the live supernodes of its own network when there are any, else all of them (property)', () => {
    // members and supernodes in three networks; the "dark" one may have no live supernode
    const NETWORKS = ['default', 'lab', 'dark']
    const networkOf = (k: string): string | undefined => {
      const i = MEMBERS.indexOf(k)
      if (i >= 0) return NETWORKS[i % 3]
      const j = SUPERNODES.indexOf(k)
      return j >= 0 ? NETWORKS[j % 3] : undefined
    }
    fc.assert(fc.property(fc.subarray(SUPERNODES, { minLength: 1 }), fc.boolean(), (live, reverse) => {
      const map = assignMembers(MEMBERS, live, networkOf)
      const again = assignMembers(reverse ? [...MEMBERS].reverse() : MEMBERS, reverse ? [...live].reverse() : live, networkOf)
      assert.deepEqual([...again.entries()].sort(), [...map.entries()].sort())
      for (const [s, ms] of map) {
        for (const m of ms) {
          const local = live.filter(x => networkOf(x) === networkOf(m))
          if (local.length > 0) assert.equal(networkOf(s), networkOf(m), `${m} went outside its network`)
          // the same rendezvous choice as among the candidates alone
          assert.equal(s, assignedSupernode(m, local.length > 0 ? local : live))
          assert.equal(s, assignedSupernode(m, live, networkOf))
        }
      }
      assert.equal([...map.values()].flat().length, MEMBERS.length)
    }))
    // a key no member has (undefined network) is assigned as without networks
    assert.equal(assignedSupernode(MEMBERS[0], SUPERNODES, () => undefined), assignedSupernode(MEMBERS[0], SUPERNODES))
    // a one-shot iterator of supernodes, none of them in the member's network, serves as well as an array
    const dark = MEMBERS.find(m => networkOf(m) === 'dark') as string
    const elsewhere = SUPERNODES.filter(s => networkOf(s) !== 'dark')
    assert.equal(assignedSupernode(dark, elsewhere.values(), networkOf), assignedSupernode(dark, elsewhere))
  })

  it('lets a live supernode answer for itself and spreads members over several supernodes', () => {
    const map = assignMembers([...MEMBERS, SUPERNODES[0]], SUPERNODES.slice(0, 4))
    assert.ok(map.get(SUPERNODES[0])?.includes(SUPERNODES[0]))
    for (const s of SUPERNODES.slice(0, 4)) assert.ok((map.get(s)?.length ?? 0) > 3, 'rendezvous hashing left a supernode nearly idle')
    assert.equal(assignedSupernode(MEMBERS[0], []), undefined)
    assert.deepEqual([...assignMembers(MEMBERS, []).keys()], [])
  })
})

describe('standby ranking', () => {
  it('ranks the same standbys the same way whatever order they are listed in, and differently per failed supernode', () => {
    const standbys = keys('standby', 6)
    const ranked = rankStandbys(SUPERNODES[0], standbys)
    assert.deepEqual(rankStandbys(SUPERNODES[0], [...standbys].reverse()), ranked)
    assert.deepEqual([...ranked].sort(), [...standbys].sort())
    const firsts = new Set(SUPERNODES.map(s => rankStandbys(s, standbys)[0]))
    assert.ok(firsts.size > 1, 'one standby ranks first for every failed supernode')
    // a standby leaving does not reorder the others
    const without = rankStandbys(SUPERNODES[0], standbys.filter(s => s !== ranked[0]))
    assert.deepEqual(without, ranked.slice(1))
  })
})

describe('health', () => {
  it('is ok after a good check, late after a missed one, down once missing past the grace', () => {
    const base = { lastOkMs: 10_000, sinceMs: 0, graceMs: 3_000 }
    assert.equal(healthStateOf({ ...base, lastCheckOk: true, nowMs: 20_000 }), 'ok')
    assert.equal(healthStateOf({ ...base, lastCheckOk: false, nowMs: 12_000 }), 'late')
    assert.equal(healthStateOf({ ...base, lastCheckOk: false, nowMs: 13_001 }), 'down')
    // never seen: down only once the grace has run since the checker took it on
    assert.equal(healthStateOf({ lastOkMs: 0, sinceMs: 50_000, graceMs: 3_000, lastCheckOk: false, nowMs: 51_000 }), 'late')
  })

  it('round-trips a report and refuses one of another federation or out of range', () => {
    const r = report()
    assert.ok(r.ok)
    assert.deepEqual(r.value.applied, [{ channel: 'site', version: 3 }])
    const bytes = encodeHealthReport({ ...r.value }, federation)
    assert.equal(decodeHealthReport(bytes, digest('other')).ok, false)
    assert.equal(report([{ channel: 'NOT A CHANNEL', version: 1 }]).ok, false)
    assert.equal(decodeHealthReport(new Uint8Array([0xff, 0xff, 0xff]), federation).ok, false)
  })

  it('seals a summary round in parts that each fit an envelope, and opens every part', () => {
    const members = Array.from({ length: 600 }, (_, i) => member(i))
    const parts = sealSummary(sn, federation, { wallMs: 5_000, addrs: ['/ip4/127.0.0.1/tcp/7420'], members })
    assert.ok(parts.length > 1, 'a 600-member summary fits one envelope?')
    const seen: string[] = []
    for (const [i, bytes] of parts.entries()) {
      assert.ok(bytes.byteLength <= MAX_ENVELOPE_BYTES)
      const opened = openSummary(bytes, federation)
      assert.ok(opened.ok, opened.ok ? '' : opened.detail)
      assert.equal(opened.value.part, i)
      assert.equal(opened.value.parts, parts.length)
      assert.equal(opened.value.signer, toHex(sn.publicKey))
      assert.deepEqual(opened.value.addrs, ['/ip4/127.0.0.1/tcp/7420'])
      seen.push(...opened.value.members.map(m => m.key))
    }
    assert.deepEqual(seen, members.map(m => toHex(m.node)))
    const empty = sealSummary(sn, federation, { wallMs: 5_000, addrs: [], members: [] })
    assert.equal(empty.length, 1, 'a supernode with no members still says it is alive')
  })

  it('refuses a summary of another federation, a forged one, another payload type, duplicates and bad fields', () => {
    const [good] = sealSummary(sn, federation, { wallMs: 5_000, addrs: [], members: [member(1)] })
    assert.equal(openSummary(good, digest('another')).ok, false)
    const env = Envelope.decode(good)
    const forged = Envelope.encode({ ...env, signature: new Uint8Array(64) })
    assert.equal(openSummary(forged, federation).ok ? '' : (openSummary(forged, federation) as { reason: string }).reason, 'bad-signature')
    const asReport = sealEnvelope(sn, REPORT_PAYLOAD_TYPE, env.payload).bytes
    assert.equal(openSummary(asReport, federation).ok, false)
    const seal = (s: Partial<HealthSummary>): Uint8Array => sealEnvelope(sn, HEALTH_SUMMARY_PAYLOAD_TYPE, HealthSummary.encode({
      version: 1, federation, wallMs: 1, part: 0, parts: 1, addrs: [], members: [], ...s
    })).bytes
    assert.ok(openSummary(seal({}), federation).ok)
    assert.equal(openSummary(seal({ members: [member(1), member(1)] }), federation).ok, false)
    assert.equal(openSummary(seal({ part: 1, parts: 1 }), federation).ok, false)
    assert.equal(openSummary(seal({ members: [{ ...member(1), state: 7 }] }), federation).ok, false)
    assert.equal(openSummary(seal({ members: [{ ...member(1), node: new Uint8Array(5) }] }), federation).ok, false)
    assert.equal(openSummary(seal({ addrs: Array.from({ length: 17 }, () => '/ip4/1.2.3.4/tcp/1') }), federation).ok, false)
  })

  it('never throws on malformed summaries (property)', () => {
    const [good] = sealSummary(sn, federation, { wallMs: 5_000, addrs: ['/ip4/127.0.0.1/tcp/1'], members: [member(1), member(2)] })
    const first = openSummary(good, federation)
    assert.ok(first.ok)
    const original = first.value
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), fc.nat(), fc.nat(255), (junk, at, flip) => {
      assert.equal(openSummary(junk, federation).ok, false)
      const bent = new Uint8Array(good)
      bent[at % bent.length] ^= (flip | 1)
      const opened = openSummary(bent, federation)
      // a changed byte never yields a different verified summary: the signature
      // covers the payload; only the envelope's framing may vary harmlessly
      if (opened.ok) assert.deepEqual(opened.value, original)
    }), { numRuns: 300 })
  })
})
