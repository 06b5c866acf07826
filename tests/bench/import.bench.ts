// Import benchmark: the whole shared corpus into a fresh temp library (wall time, files/s, notes/s), then reopening
// it (loadEncoded K=1 + stats) in a fresh store. Median of 3 runs; prints figures against targets, never fails on time.
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatasetStore } from '../../src-main/datasets/DatasetStore'
import { corpusDir, hasCorpus } from '../support/corpus'

const RUNS = 3
const TARGET_IMPORT_S = 10
const TARGET_REOPEN_S = 1

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  if (!hasCorpus) {
    console.log(`import bench skipped: no corpus at ${corpusDir}`)
    return
  }
  const imports: number[] = []
  const reopens: number[] = []
  // CPU seconds of the whole process (all worker threads included): a figure that a busy shared machine distorts less.
  const cpus: number[] = []
  let files = 0
  let notes = 0
  let failed = 0
  for (let i = 0; i < RUNS; i++) {
    const lib = mkdtempSync(join(tmpdir(), 'bench-import-'))
    try {
      const t0 = performance.now()
      const c0 = process.cpuUsage()
      const info = await new DatasetStore(lib).create('corpus', [corpusDir])
      imports.push((performance.now() - t0) / 1000)
      const c = process.cpuUsage(c0)
      cpus.push((c.user + c.system) / 1e6)
      files = info.fileCount
      notes = info.noteCount
      failed = info.errorCount
      const t1 = performance.now()
      const store = new DatasetStore(lib)
      const enc = await store.loadEncoded(info.id, { tonesPerCell: 1 })
      await store.stats(info.id)
      reopens.push((performance.now() - t1) / 1000)
      if (enc.cells.length !== files)
        throw new Error(`reopen loaded ${enc.cells.length} files, expected ${files}`)
      console.log(
        `run ${i + 1}: import ${imports[i].toFixed(2)} s (${cpus[i].toFixed(1)} CPU s), reopen ${reopens[i].toFixed(3)} s`,
      )
    } finally {
      rmSync(lib, { recursive: true, force: true })
    }
  }
  const imp = median(imports)
  const reo = median(reopens)
  const [load1] = loadavg()
  const verdict = (v: number, target: number): string => (v <= target ? 'within target' : 'OVER target')
  console.log(
    `corpus: ${files} files imported, ${failed} skipped, ${notes} notes; ${availableParallelism()} workers; ` +
      `import CPU median ${median(cpus).toFixed(1)} s; 1-min load average ${load1.toFixed(1)}`,
  )
  console.log(
    `import  median ${imp.toFixed(2)} s  (${(files / imp).toFixed(0)} files/s, ${(notes / imp / 1000).toFixed(0)}k notes/s)  target ≤ ${TARGET_IMPORT_S} s: ${verdict(imp, TARGET_IMPORT_S)}`,
  )
  console.log(
    `reopen  median ${reo.toFixed(3)} s  (loadEncoded K=1 + stats)  target ≤ ${TARGET_REOPEN_S} s: ${verdict(reo, TARGET_REOPEN_S)}`,
  )
}
