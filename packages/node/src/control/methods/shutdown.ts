import type { MethodHandler } from '../context.js'

/** Stops the daemon cleanly, as SIGTERM does. */
export const shutdown: MethodHandler<Record<string, never>, { stopping: true }> = async (ctx) => {
  ctx.requestShutdown()
  return { stopping: true }
}
