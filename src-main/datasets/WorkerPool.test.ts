// WorkerPool on a real worker script written to a temp dir: results, task errors, crash and hang recovery, close.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import {
  WorkerCrashError,
  WorkerMemoryError,
  WorkerPool,
  WorkerPoolBrokenError,
  WorkerTimeoutError,
} from './WorkerPool'

const dir = mkdtempSync(join(tmpdir(), 'pool-test-'))
const url = pathToFileURL(join(dir, 'worker.mjs'))
writeFileSync(
  url,
  `import { parentPort, threadId } from 'node:worker_threads'
parentPort.on('message', ({ taskId, req }) => {
  if (req.op === 'double') parentPort.postMessage({ taskId, res: { value: req.value * 2, threadId } })
  else if (req.op === 'throw') parentPort.postMessage({ taskId, error: 'bad input ' + req.value })
  else if (req.op === 'crash') process.exit(3)
  else if (req.op === 'hang') { for (;;) {} }
  else if (req.op === 'hog') {
    // Holds req.value MB of JS heap (doubles in plain arrays), then answers: only a heap limit can stop it.
    const keep = []
    for (let i = 0; keep.length * 0.8 < req.value; i++) keep.push(new Array(100000).fill(i + 0.5))
    parentPort.postMessage({ taskId, res: { value: keep.length, threadId } })
  }
})
`,
)
type Req = { op: 'double' | 'throw' | 'crash' | 'hang' | 'hog'; value: number }
type Res = { value: number; threadId: number }

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('WorkerPool', () => {
  it('runs tasks on several workers and returns every result', async () => {
    const pool = new WorkerPool<Req, Res>({ url, size: 2 })
    try {
      const res = await Promise.all(
        Array.from({ length: 20 }, (_, i) => pool.run({ op: 'double', value: i })),
      )
      expect(res.map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2))
      expect(new Set(res.map((r) => r.threadId)).size).toBe(2)
    } finally {
      await pool.close()
    }
  })

  it('rejects a task that reports an error, and keeps working', async () => {
    const pool = new WorkerPool<Req, Res>({ url, size: 1 })
    try {
      await expect(pool.run({ op: 'throw', value: 7 })).rejects.toThrow('bad input 7')
      expect((await pool.run({ op: 'double', value: 4 })).value).toBe(8)
    } finally {
      await pool.close()
    }
  })

  it('replaces a worker that dies, rejecting only its task', async () => {
    const pool = new WorkerPool<Req, Res>({ url, size: 1 })
    try {
      const crash = pool.run({ op: 'crash', value: 0 })
      const after = pool.run({ op: 'double', value: 5 })
      await expect(crash).rejects.toBeInstanceOf(WorkerCrashError)
      expect((await after).value).toBe(10)
    } finally {
      await pool.close()
    }
  })

  it('terminates a hung task after the timeout and continues', async () => {
    const pool = new WorkerPool<Req, Res>({ url, size: 1, taskTimeoutMs: 300 })
    try {
      const hang = pool.run({ op: 'hang', value: 0 })
      const after = pool.run({ op: 'double', value: 6 })
      await expect(hang).rejects.toBeInstanceOf(WorkerTimeoutError)
      expect((await after).value).toBe(12)
    } finally {
      await pool.close()
    }
  })

  it('stops a worker that outgrows its heap limit with WorkerMemoryError, and continues with a fresh one', async () => {
    const resourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 }
    const pool = new WorkerPool<Req, Res>({ url, size: 1, resourceLimits })
    try {
      const err = await pool.run({ op: 'hog', value: 400 }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(WorkerMemoryError)
      expect((err as Error).message).toMatch(/ERR_WORKER_OUT_OF_MEMORY|out of memory/i)
      expect((await pool.run({ op: 'hog', value: 8 })).value).toBeGreaterThan(0)
    } finally {
      await pool.close()
    }
  })

  it('close() rejects queued and running work with the given reason and refuses new work', async () => {
    const pool = new WorkerPool<Req, Res>({ url, size: 1 })
    const running = expect(pool.run({ op: 'hang', value: 0 })).rejects.toThrow('stopped by test')
    const queued = expect(pool.run({ op: 'double', value: 1 })).rejects.toThrow('stopped by test')
    await pool.close(new Error('stopped by test'))
    await running
    await queued
    await expect(pool.run({ op: 'double', value: 1 })).rejects.toThrow('closed')
  })

  it('gives up with WorkerPoolBrokenError when workers cannot start, instead of respawning forever', async () => {
    const broken = pathToFileURL(join(dir, 'broken.mjs'))
    writeFileSync(broken, "throw new Error('cannot load')\n")
    const pool = new WorkerPool<Req, Res>({ url: broken, size: 1 })
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => pool.run({ op: 'double', value: 1 })),
    )
    const errors = results.map((r) => (r.status === 'rejected' ? (r.reason as Error) : undefined))
    expect(errors.every((e) => e instanceof WorkerCrashError || e instanceof WorkerPoolBrokenError)).toBe(
      true,
    )
    expect(errors.at(-1)).toBeInstanceOf(WorkerPoolBrokenError)
    expect(errors.at(-1)?.message).toMatch(/keep failing: .*cannot load/)
    await pool.close()
  })

  it('refuses a size below 1', () => {
    expect(() => new WorkerPool<Req, Res>({ url, size: 0 })).toThrow('got 0')
  })
})
