// The 1,000-case adversarial MIDI set (tests/support/hostileMidi.ts) through a parse worker with the import's limits
// (heap limits, per-file timeout, 16 MiB size limit, event cap): every file must be parsed or rejected with a reason,
// using ≤ 1 s of the worker thread's CPU and ≤ 256 MB. The worker runs in a child process that does nothing else
// (tests/support/parseBenchHost.ts); memory is that process's peak resident size while the file is parsed (VmHWM,
// reset before each file) above its size with the idle worker — the worker's own footprint, old garbage included.
// The files are generated here, one at a time, and deleted after. Figures go to test-artifacts/hostile-midi.json.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { melody, smf } from '../../src-main/datasets/testing/smfFixture'
import { hostileCases } from '../support/hostileMidi'
import type { BenchAnswer, BenchReady } from '../support/parseBenchHost'

const MB = 2 ** 20
const CPU_BUDGET_MS = 1000
const MEMORY_BUDGET_MB = 256
const tmp = mkdtempSync(join(tmpdir(), 'hostile-midi-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

type Row = BenchAnswer & { name: string; kind: string; bytes: number }

describe('adversarial MIDI set (1,000 cases) through a limited parse worker', () => {
  it('parses or rejects every case with a reason within 1 s of worker CPU and 256 MB', async () => {
    const warm = join(tmp, 'warm.mid')
    writeFileSync(warm, smf(melody([60, 64, 67], 50)))
    const host = fork(resolve(import.meta.dirname, '../support/parseBenchHost.ts'), [warm], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const next = async <T>(): Promise<T> => (await once(host, 'message'))[0] as T
    const rows: Row[] = []
    try {
      const { idleMb } = await next<BenchReady>()
      if (idleMb === null) console.warn('[hostile] no /proc: memory is not measured and time is wall time')
      const cases = hostileCases()
      expect(cases).toHaveLength(1000)
      for (const [i, c] of cases.entries()) {
        const path = join(tmp, `${i}.mid`)
        const bytes = await c.write(path)
        host.send({ path })
        const a = await next<BenchAnswer>()
        unlinkSync(path)
        rows.push({ name: c.name, kind: c.kind, bytes, ...a })
        if (a.outcome !== 'parsed') expect(a.message, c.name).toContain(path)
      }
    } finally {
      host.disconnect()
    }

    const top = (key: 'cpuMs' | 'wallMs' | 'peakMb', n = 5) =>
      [...rows].sort((a, b) => (b[key] ?? 0) - (a[key] ?? 0)).slice(0, n)
    const outcomes: Record<string, number> = {}
    for (const r of rows) outcomes[`${r.kind}: ${r.outcome}`] = (outcomes[`${r.kind}: ${r.outcome}`] ?? 0) + 1
    const summary = {
      cases: rows.length,
      loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
      cpuBudgetMs: CPU_BUDGET_MS,
      memoryBudgetMb: MEMORY_BUDGET_MB,
      slowestByCpu: top('cpuMs'),
      slowestByWall: top('wallMs'),
      largestMemory: top('peakMb'),
      outcomes,
    }
    const artifacts = resolve(import.meta.dirname, '../../test-artifacts')
    mkdirSync(artifacts, { recursive: true })
    writeFileSync(join(artifacts, 'hostile-midi.json'), JSON.stringify({ ...summary, rows }, null, 1))
    const fmt = (r: Row) =>
      `${r.name} (${(r.bytes / MB).toFixed(2)} MB, ${r.outcome}): cpu ${r.cpuMs} ms, wall ${r.wallMs.toFixed(0)} ms, ` +
      `peak +${r.peakMb?.toFixed(0)} MB, heap after ${r.heapAfterMb?.toFixed(0)} MB`
    console.info(
      `[hostile] slowest (cpu): ${fmt(summary.slowestByCpu[0])}\n[hostile] slowest (wall): ` +
        `${fmt(summary.slowestByWall[0])}\n[hostile] largest memory: ${fmt(summary.largestMemory[0])}\n` +
        `[hostile] outcomes: ${JSON.stringify(outcomes)}\n[hostile] load average: ${summary.loadAverage.join(' ')}`,
    )

    // Every case ends in a parse or a reason from the reader; none hangs, crashes or needs the heap limit.
    expect(rows.filter((r) => ['timeout', 'crash', 'heap-limit', ''].includes(r.outcome))).toEqual([])
    for (const r of rows) {
      if (r.cpuMs !== null) expect(r.cpuMs, r.name).toBeLessThanOrEqual(CPU_BUDGET_MS)
      else expect(r.wallMs, r.name).toBeLessThanOrEqual(CPU_BUDGET_MS)
      if (r.peakMb !== null) expect(r.peakMb, r.name).toBeLessThanOrEqual(MEMORY_BUDGET_MB)
    }
    // The set really exercises both sides: real parses and every kind of rejection the issue lists.
    expect(outcomes['heavy-valid: parsed']).toBeGreaterThan(5)
    expect(rows.find((r) => r.name === 'million-zero-length-notes')?.outcome).toBe('too-large')
    expect(rows.filter((r) => r.kind === 'huge-file').map((r) => r.outcome)).toEqual(
      Array(4).fill('too-large'),
    )
  }, 900_000)
})
