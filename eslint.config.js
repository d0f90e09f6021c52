import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['**/dist/**', '**/node_modules/**', '.toolchain/**', '.demo/**', 'packages/protocol/src/messages.ts'] }),
  {
    rules: {
      // `void promise` marks a deliberately unawaited call that handles its own errors
      'no-void': ['error', { allowAsStatement: true }]
    }
  }
]
