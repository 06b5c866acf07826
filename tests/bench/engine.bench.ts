// Engine benchmark (npm run bench engine): our adversarial step and sampling on each available backend, next to
// the PyTorch reference (/work/shared/bench/torch_crnngan.py) when torch is installed. Prints figures and the
// machine load; never fails on time.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
import { resolve } from 'node:path'
import { runEngineBench, type EngineBenchResult } from '../../src-main/ml/bench/engineBench'
import { runMatmulBench } from '../../src-main/ml/bench/matmulBench'
import { selectBackend, type BackendName } from '../../src-main/ml/backend/index'
import { corpusDir } from '../support/corpus'

const TS = [64, 100]
const RUNS = Number(process.env.ENGINE_BENCH_RUNS ?? 5)

/** PyTorch reference timings, or null when /usr/bin/python3 cannot import torch. */
function torchTimes(T: number): { stepMs: number; sample100Ms: number } | null {
  const script = resolve(corpusDir, '../bench/torch_crnngan.py')
  if (!existsSync(script)) return null
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' })
  } catch {
    return null
  }
  const out = execFileSync('/usr/bin/python3', [script, '20', String(T), '350', String(RUNS), '2'], {
    encoding: 'utf8',
  })
  const step = /train_step_ms median=([\d.]+)/.exec(out)
  const sample = /sample_100_ms median=([\d.]+)/.exec(out)
  if (!step || !sample) throw new Error(`unexpected torch_crnngan.py output:\n${out}`)
  return { stepMs: Number(step[1]), sample100Ms: Number(sample[1]) }
}

export async function run(): Promise<void> {
  // Formulations first (wasm backend is active after the first runEngineBench; select it here explicitly).
  await selectBackend({ prefer: 'wasm' })
  console.log(`matmul formulations (load ${loadavg()[0].toFixed(2)}):`)
  for (const f of runMatmulBench())
    console.log(`  ${f.name.padEnd(52)} ${f.shape.padEnd(20)} ${f.gflops.toFixed(1)} GFLOP/s`)
  const results: EngineBenchResult[] = []
  for (const backend of ['tensorflow', 'wasm', 'cpu'] as BackendName[]) {
    console.log(
      `engine bench on ${backend} (load ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}) …`,
    )
    const r = await runEngineBench({ backend, T: TS, runs: RUNS })
    if (r.backend !== backend) {
      console.log(`  ${backend} not available here (fell back to ${r.backend}); skipped`)
      continue
    }
    results.push(r)
    console.log(`  ${JSON.stringify(r)}`)
  }
  const torch = TS.map((T) => ({ T, t: torchTimes(T) }))
  if (torch.every((x) => x.t === null)) {
    console.log('PyTorch reference not available (needs /usr/bin/python3 with torch and ../shared/bench)')
    return
  }
  for (const { T, t } of torch) {
    if (!t) continue
    console.log(
      `torch T=${T}: step ${t.stepMs} ms, sample 1×100 ${t.sample100Ms} ms (load ${loadavg()[0].toFixed(2)})`,
    )
    for (const r of results) {
      const ours = r.trainStepMs[`T${T}`]
      console.log(
        `  ${r.backend}: step ${ours.toFixed(0)} ms = ${(ours / t.stepMs).toFixed(2)}× torch; ` +
          `sample 1×100 ${r.sample1x100Ms.toFixed(1)} ms = ${(r.sample1x100Ms / t.sample100Ms).toFixed(2)}× torch`,
      )
    }
  }
}
