import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino'

/**
 * A component logger in the @libp2p/logger shape (`log(...)`,
 * `log.error(...)`, `log.trace(...)`), writing structured JSON lines
 * through pino: one object per event, with the component's name.
 */
export interface ComponentLogger {
  (message: string, fields?: Record<string, unknown>): void
  error: (message: string, fields?: Record<string, unknown>) => void
  warn: (message: string, fields?: Record<string, unknown>) => void
  trace: (message: string, fields?: Record<string, unknown>) => void
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent'
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'silent']

/** Makes component loggers sharing one destination. */
export interface Logging {
  forComponent: (name: string) => ComponentLogger
}

/** Logging to a pino destination (stderr by default) at a level. */
export function createLogging (level: LogLevel = 'info', destination?: DestinationStream, base: Record<string, unknown> = {}): Logging {
  const root: PinoLogger = pino({ level, base, timestamp: pino.stdTimeFunctions.isoTime }, destination ?? pino.destination(2))
  return {
    forComponent (name: string): ComponentLogger {
      const child = root.child({ component: name })
      const log = ((message: string, fields?: Record<string, unknown>) => { child.info(fields ?? {}, message) }) as ComponentLogger
      log.error = (message, fields) => { child.error(fields ?? {}, message) }
      log.warn = (message, fields) => { child.warn(fields ?? {}, message) }
      log.trace = (message, fields) => { child.trace(fields ?? {}, message) }
      return log
    }
  }
}

/** Logging that writes nothing (for in-process use and tests). */
export function silentLogging (): Logging {
  return createLogging('silent')
}
