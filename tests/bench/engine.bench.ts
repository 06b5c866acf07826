// Engine benchmark (npm run bench engine): our adversarial training step (wasm kernel) side by side with the
// PyTorch reference (/work/shared/bench/torch_crnngan.py) when /usr/bin/python3 has torch — paired rounds of ours,
// PyTorch with the environment's OpenBLAS settings and PyTorch with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset
// (its AVX-512 kernels) — then sampling latency and peak RSS. Prints medians, ratios and the load; never fails
// on a timing. ENGINE_BENCH_ROUNDS (3), ENGINE_BENCH_RUNS (3 steps per measurement), ENGINE_BENCH_T (64,100),
// ENGINE_BENCH_CPU=1 also times the cpu backend; ENGINE_BENCH_BREAKDOWN=1 only prints where a T = 64 step's time
// goes, on 1 and 2 threads.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
import { resolve } from 'node:path'
import { createStepTimer, median, runEngineBench } from '../../src-main/ml/bench/engineBench'
import { runMatmulBench } from '../../src-main/ml/bench/matmulBench'
import { stepBreakdown } from '../../src-main/ml/bench/stepBreakdown'
import { selectBackend } from '../../src-main/ml/backend/index'
import { kernelVariant } from '../../src-main/ml/ops/wasm/kernel'
import { corpusDir } from '../support/corpus'

const TS = (process.env.ENGINE_BENCH_T ?? '64,100').split(',').map(Number)
const ROUNDS = Number(process.env.ENGINE_BENCH_ROUNDS ?? 3)
const RUNS = Number(process.env.ENGINE_BENCH_RUNS ?? 3)
const SCRIPT = resolve(corpusDir, '../bench/torch_crnngan.py')
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')

/** Why the PyTorch reference cannot run here, or null when it can. */
function torchMissing(): string | null {
  if (!existsSync(SCRIPT)) return `${SCRIPT} not found`
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' })
    return null
  } catch {
    return '/usr/bin/python3 cannot import torch (Debian: apt-get install -y python3-torch)'
  }
}

/** The two OpenBLAS settings: as the environment has them, and both variables unset in the child. */
const SETTINGS: { name: string; env: NodeJS.ProcessEnv }[] = [
  { name: 'env', env: { ...process.env } },
  {
    name: 'unset',
    env: Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k !== 'OPENBLAS_CORETYPE' && k !== 'OPENBLAS_L2_SIZE'),
    ),
  },
]

/** One torch_crnngan.py run: its median step (ms), or null (with the reason printed) when it failed. */
function torchStep(T: number, env: NodeJS.ProcessEnv): number | null {
  try {
    const out = execFileSync('/usr/bin/python3', [SCRIPT, '20', String(T), '350', String(RUNS), '2'], {
      encoding: 'utf8',
      env,
      timeout: 600_000,
    })
    const m = /train_step_ms median=([\d.]+)/.exec(out)
    if (!m) throw new Error(`unexpected output: ${out.slice(0, 200)}`)
    return Number(m[1])
  } catch (err) {
    console.log(`    torch run failed: ${(err as Error).message.split('\n')[0]}`)
    return null
  }
}

const fmt = (x: number | null): string => (x === null ? '—' : `${x.toFixed(0)} ms`)

async function breakdown(): Promise<void> {
  for (const threads of [1, 2]) {
    const b = await stepBreakdown({ T: 64, threads, steps: RUNS })
    console.log(
      `step breakdown, T=64, ${threads} thread(s): ${b.totalMs.toFixed(0)} ms, ${b.gflop.toFixed(1)} GFLOP of GEMM on the main thread (load ${load()})`,
    )
    for (const [k, v] of Object.entries(b.parts).sort((a, c) => c[1] - a[1]))
      console.log(
        `  ${k.padEnd(70)} ${v.toFixed(0).padStart(6)} ms ${((100 * v) / b.totalMs).toFixed(1).padStart(5)} %`,
      )
  }
}

export async function run(): Promise<void> {
  await selectBackend({ prefer: 'wasm' })
  if (process.env.ENGINE_BENCH_BREAKDOWN === '1') return breakdown()
  console.log(`matmul formulations (load ${load()}):`)
  for (const f of runMatmulBench())
    console.log(`  ${f.name.padEnd(52)} ${f.shape.padEnd(20)} ${f.gflops.toFixed(1)} GFLOP/s`)
  const missing = torchMissing()
  const blas = `OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? '(unset)'} OPENBLAS_L2_SIZE=${process.env.OPENBLAS_L2_SIZE ?? '(unset)'}`
  console.log(
    missing ? `PyTorch reference skipped: ${missing}` : `PyTorch reference: ${SCRIPT}; environment ${blas}`,
  )
  const timer = await createStepTimer()
  console.log(`ours: wasm backend, kernel ${kernelVariant().variant} (${kernelVariant().reason})`)
  const summary: string[] = []
  for (const T of TS) {
    const ours: number[] = []
    const torch: Record<string, number[]> = { env: [], unset: [] }
    const paired: number[] = []
    for (let r = 1; r <= ROUNDS; r++) {
      const o = timer.median(T, RUNS)
      ours.push(o)
      const t = missing ? [] : SETTINGS.map((s) => ({ s: s.name, ms: torchStep(T, s.env) }))
      for (const x of t) if (x.ms !== null) torch[x.s].push(x.ms)
      const best = Math.min(...t.map((x) => x.ms ?? Infinity))
      if (Number.isFinite(best)) paired.push(o / best)
      console.log(
        `  T=${T} round ${r}: ours ${fmt(o)}` +
          t.map((x) => `, torch(${x.s}) ${fmt(x.ms)}`).join('') +
          `  (load ${load()})`,
      )
    }
    const med = (xs: number[]): number | null => (xs.length ? median(xs) : null)
    const [tEnv, tUnset] = [med(torch.env), med(torch.unset)]
    const bests = [tEnv, tUnset].filter((x): x is number => x !== null)
    const best = bests.length ? Math.min(...bests) : null
    const oursMed = median(ours)
    summary.push(
      `T=${T}: ours ${fmt(oursMed)}` +
        (best === null
          ? ' (no PyTorch figure)'
          : `; PyTorch env ${fmt(tEnv)}, unset ${fmt(tUnset)}, best ${fmt(best)}; ` +
            `ratio ours/best ${(oursMed / best).toFixed(2)}× (paired per round: median ${median(paired).toFixed(2)}×)`),
    )
  }
  timer.dispose()
  const r = await runEngineBench({ backend: 'wasm', T: [], runs: Math.max(RUNS, 3) })
  console.log(
    `sampling (wasm): 1×100 ${r.sample1x100Ms.toFixed(1)} ms, 16×100 ${r.sample16x100Ms.toFixed(1)} ms`,
  )
  if (process.env.ENGINE_BENCH_CPU === '1') {
    const c = await runEngineBench({ backend: 'cpu', T: TS, runs: RUNS })
    console.log(`cpu backend: ${JSON.stringify(c.trainStepMs)}`)
  }
  console.log(
    `\nsummary (medians of ${ROUNDS} rounds × ${RUNS} steps, B 20, H 350, F 4, 2 threads; load now ${load()}):`,
  )
  for (const line of summary) console.log(`  ${line}`)
  console.log(`  peak RSS of this process ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`)
}
