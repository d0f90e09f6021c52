/**
 * A signature-checking worker thread (see SignatureChecker). It receives a
 * batch packed into one buffer, items back to back, each
 * `[u32le length of data][32-byte key][64-byte signature][data]`, and answers
 * with one byte per item: 1 if the signature verifies. It checks with the
 * protocol's own verifySignature, so a worker and the main thread never
 * disagree about a signature; it loads only that module, so it starts fast.
 */
import { parentPort } from 'node:worker_threads'
import { verifySignature } from '@waggle/protocol/ed25519'

export interface VerifyBatch { id: number, count: number, packed: Uint8Array }
export interface VerifyAnswer { id: number, results: Uint8Array }

const KEY = 32
const SIG = 64

parentPort?.on('message', (batch: VerifyBatch) => {
  const { packed } = batch
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength)
  const results = new Uint8Array(batch.count)
  let at = 0
  for (let i = 0; i < batch.count && at + 4 + KEY + SIG <= packed.byteLength; i++) {
    const length = view.getUint32(at, true)
    const key = packed.subarray(at + 4, at + 4 + KEY)
    const sig = packed.subarray(at + 4 + KEY, at + 4 + KEY + SIG)
    const data = packed.subarray(at + 4 + KEY + SIG, at + 4 + KEY + SIG + length)
    at += 4 + KEY + SIG + length
    results[i] = data.byteLength === length && verifySignature(key, data, sig) ? 1 : 0
  }
  parentPort?.postMessage({ id: batch.id, results } satisfies VerifyAnswer, [results.buffer])
})
