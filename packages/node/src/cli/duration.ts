import { InvalidArgumentError } from 'commander'

const UNIT_MS: Readonly<Record<string, number>> = Object.freeze({ ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 })

/** A duration as people write it (`90s`, `30m`, `24h`, `7d`, `1500ms`) in ms; undefined when it is not one. */
export function parseDuration (text: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim())
  if (m == null) return undefined
  const ms = Number(m[1]) * UNIT_MS[m[2]]
  return Number.isSafeInteger(ms) && ms > 0 ? ms : undefined
}

/** Commander parser for a duration option. */
export function duration (name: string): (value: string) => number {
  return (value: string) => {
    const ms = parseDuration(value)
    if (ms == null) throw new InvalidArgumentError(`${name} must be a duration such as 90s, 30m, 24h or 7d`)
    return ms
  }
}
