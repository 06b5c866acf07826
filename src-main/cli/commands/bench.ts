// `crnngan bench`: times the engine at paper size (adversarial train step for each T, sampling 1×100 and
// 16×100 events) on the chosen backend and prints the figures (JSON with --json).
import { runEngineBench } from '../../ml/bench/engineBench'
import { runMatmulBench, type MatmulFigure } from '../../ml/bench/matmulBench'
import type { ModelImpl } from '../../ml/model/index'
import { setKernelThreads } from '../../ml/ops/wasm/kernel'
import type { Command } from '../main'
import { BACKENDS, choiceOption, intOption, parseOrHelp } from '../usage'

const USAGE = `usage: crnngan bench [options]

  --backend B    tensorflow-gpu|tensorflow|wasm|cpu (default: best available)
  --impl I       auto|kernel|tfjs|reference (default auto: the wasm kernel unless native TensorFlow)
  --T list       comma-separated sequence lengths for the train step (default 64,100)
  --runs N       timed runs per figure after one warm-up (default 5; medians reported)
  --threads N    kernel GEMM threads (default: cores, at most 4)
  --batch N      batch size (default 20)   --hidden N   LSTM units (default 350)
  --formulations also time the matmul formulations (tfjs variants vs the kernel GEMM) in GFLOP/s
  --json         print the result as JSON`

const OPTIONS = {
  backend: { type: 'string' },
  impl: { type: 'string' },
  T: { type: 'string' },
  runs: { type: 'string' },
  threads: { type: 'string' },
  batch: { type: 'string' },
  hidden: { type: 'string' },
  json: { type: 'boolean' },
  formulations: { type: 'boolean' },
} as const

const IMPLS: readonly (ModelImpl | 'auto')[] = ['auto', 'kernel', 'tfjs', 'reference']

export const benchCommand: Command = {
  summary: 'time the engine: adversarial train step and sampling at paper size',
  async run(args) {
    const { values } = parseOrHelp(args, OPTIONS, USAGE) ?? {}
    if (!values) return 0
    const backend = choiceOption('backend', values.backend, BACKENDS)
    const impl = choiceOption('impl', values.impl, IMPLS)
    const Ts = (values.T ?? '64,100').split(',').map((s) => intOption('T', s.trim(), 0, 1, 10_000))
    if (values.threads) setKernelThreads(intOption('threads', values.threads, 1, 1, 8))
    const quiet = values.json
    const result = await runEngineBench({
      backend,
      impl,
      T: Ts,
      runs: intOption('runs', values.runs, 5, 1, 1000),
      batch: intOption('batch', values.batch, 20, 1, 10_000),
      hidden: intOption('hidden', values.hidden, 350, 1, 10_000),
      onProgress: quiet ? undefined : (what, ms) => process.stderr.write(`  ${what}: ${ms.toFixed(0)} ms\n`),
    })
    const formulations: MatmulFigure[] | undefined = values.formulations ? runMatmulBench() : undefined
    if (values.json) {
      process.stdout.write(`${JSON.stringify(formulations ? { ...result, formulations } : result)}\n`)
      return 0
    }
    const lines = [
      `backend ${result.backend} (impl ${result.impl}, ${result.threads} kernel thread(s)), load ${result.loadavg.join(' ')}`,
      ...Object.entries(result.trainStepMs).map(
        ([k, v]) => `train step ${k.slice(1).padStart(4)} events: ${v.toFixed(0)} ms`,
      ),
      `sample  1×100 events:   ${result.sample1x100Ms.toFixed(1)} ms`,
      `sample 16×100 events:   ${result.sample16x100Ms.toFixed(1)} ms`,
      `peak RSS: ${result.peakRssMb} MB`,
      ...(formulations ?? []).map(
        (f) => `${f.name.padEnd(52)} ${f.shape.padEnd(20)} ${f.gflops.toFixed(1)} GFLOP/s`,
      ),
    ]
    process.stdout.write(`${lines.join('\n')}\n`)
    return 0
  },
}
