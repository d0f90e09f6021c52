import assert from 'node:assert/strict'
import { generateIdentity, OP_PAYLOAD_TYPE, sealEnvelope, signatureInput, verifySignature, type SignedEnvelope } from '@waggle/protocol'
import { SignatureChecker } from '../src/services/signature-checker.js'

/** Good envelopes, and each kind of bad one, mixed; with what verifySignature says of each. */
function mixedBatch (count: number): Array<{ signed: SignedEnvelope, ok: boolean }> {
  const id = generateIdentity()
  const other = generateIdentity()
  const out: Array<{ signed: SignedEnvelope, ok: boolean }> = []
  for (let i = 0; i < count; i++) {
    const good = sealEnvelope(id, OP_PAYLOAD_TYPE, new Uint8Array(Buffer.from(`operation ${i} `.repeat(1 + (i % 7)))))
    let signed: SignedEnvelope = good
    switch (i % 5) {
      case 1: { // one bit of the signature flipped
        const signature = new Uint8Array(good.envelope.signature)
        signature[i % 64] ^= 1 << (i % 8)
        signed = { ...good, envelope: { ...good.envelope, signature } }
        break
      }
      case 2: // another key named as signer
        signed = { ...good, envelope: { ...good.envelope, signer: new Uint8Array(other.publicKey) } }
        break
      case 3: // a signature of the wrong length
        signed = { ...good, envelope: { ...good.envelope, signature: good.envelope.signature.subarray(0, 63) } }
        break
    }
    const { envelope } = signed
    out.push({ signed, ok: verifySignature(envelope.signer, signatureInput(envelope.payloadType, envelope.payload), envelope.signature) })
  }
  return out
}

async function yieldEvery (n: number, i: number): Promise<void> {
  if (i % n === n - 1) await new Promise(resolve => setImmediate(resolve))
}

describe('signature checker', function () {
  const checkers: SignatureChecker[] = []
  afterEach(async function () {
    for (const c of checkers.splice(0)) await c.close()
  })

  for (const workers of [0, 1, 2]) {
    it(`answers as verifySignature does, item by item, with ${workers} worker thread(s)`, async function () {
      const checker = new SignatureChecker({ workers })
      checkers.push(checker)
      const batch = mixedBatch(1200)
      assert.ok(batch.some(b => b.ok) && batch.some(b => !b.ok))
      const answers: Array<Promise<boolean>> = []
      for (let i = 0; i < batch.length; i++) {
        answers.push(checker.verify(batch[i].signed))
        await yieldEvery(100, i) // as catch-up gives it frames, letting workers start
      }
      assert.deepEqual(await Promise.all(answers), batch.map(b => b.ok))
      if (workers > 0) assert.ok(checker.workers >= 1, 'no worker thread was used')
      else assert.equal(checker.workers, 0)
    })
  }

  for (const workers of [0, 2]) {
    it(`answers many checks asked together as verifySignature does, in order, with ${workers} worker thread(s)`, async function () {
      const checker = new SignatureChecker({ workers })
      checkers.push(checker)
      // groups of several sizes, asked one after another while the earlier are in hand: they share batches
      const groups = [mixedBatch(300), mixedBatch(1), mixedBatch(700), mixedBatch(40)]
      const answers = groups.map(g => checker.verifyAll(g.map(b => b.signed)))
      assert.deepEqual(await Promise.all(answers), groups.map(g => g.map(b => b.ok)))
      assert.deepEqual(await checker.verifyAll([]), [])
      if (workers > 0) assert.ok(checker.workers >= 1, 'no worker thread was used')
    })
  }

  it('starts as many workers as batches wait, together rather than one after another', async function () {
    const checker = new SignatureChecker({ workers: 3 })
    checkers.push(checker)
    // 560 of these reach a batch (a signature of the wrong length is refused at once)
    const batch = mixedBatch(700)
    const answers = batch.map(b => checker.verify(b.signed))
    // two full batches of 256 sealed, no worker up yet: two start at once, not a third for the rest
    assert.equal(checker.workers, 2)
    assert.deepEqual(await Promise.all(answers), batch.map(b => b.ok))
    assert.ok(checker.workers <= 3)
  })

  it('answers a single check at once, on the calling thread', async function () {
    const checker = new SignatureChecker({ workers: 2 })
    checkers.push(checker)
    const [good, bad] = mixedBatch(2)
    assert.equal(await checker.verify(good.signed), true)
    assert.equal(await checker.verify(bad.signed), false)
    assert.equal(checker.workers, 0)
  })

  it('still answers every check when its worker thread dies mid-way', async function () {
    const checker = new SignatureChecker({ workers: 1 })
    checkers.push(checker)
    const batch = mixedBatch(3000)
    const answers: Array<Promise<boolean>> = []
    let killed = false
    for (let i = 0; i < batch.length; i++) {
      answers.push(checker.verify(batch[i].signed))
      await yieldEvery(100, i)
      if (!killed && checker.workers > 0 && i > 1000) {
        killed = true
        // what a crash does: the worker is gone with a batch in hand
        await (checker as unknown as { slots: Array<{ worker: { terminate: () => Promise<number> } }> }).slots[0].worker.terminate()
      }
    }
    assert.ok(killed, 'the worker never started')
    assert.deepEqual(await Promise.all(answers), batch.map(b => b.ok))
  })

  it('answers what is pending when closed, and checks later calls itself', async function () {
    const checker = new SignatureChecker({ workers: 1 })
    const batch = mixedBatch(600)
    const answers = batch.map(async b => await checker.verify(b.signed))
    await checker.close()
    assert.deepEqual(await Promise.all(answers), batch.map(b => b.ok))
    assert.equal(await checker.verify(batch[0].signed), batch[0].ok)
    assert.equal(checker.workers, 0)
  })

  it('starts no worker once closed, though closing hands busy workers\' batches back', async function () {
    const checker = new SignatureChecker({ workers: 2 })
    const batch = mixedBatch(700)
    const answers = batch.map(async b => await checker.verify(b.signed))
    assert.equal(checker.workers, 2, 'two batches in hand when it closes')
    await checker.close()
    assert.equal(checker.workers, 0, 'a worker started for a batch handed back on close')
    assert.deepEqual(await Promise.all(answers), batch.map(b => b.ok))
    assert.equal(checker.workers, 0)
  })
})
