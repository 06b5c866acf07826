// Engine benchmark: median adversarial step time at paper size (B 20, H 350, F 4) for each T, sampling latency
// for 1×100 and 16×100 events, and peak RSS. Used by `crnngan bench` and tests/bench/engine.bench.ts.
import * as tf from '@tensorflow/tfjs'
import { selectBackend, type BackendName } from '../backend/selectBackend'
import { createModel, defaultSpec } from '../model/index'
import { implementationFor, type ModelImpl } from '../model/impls'
import { getKernel, kernelVariant } from '../ops/wasm/kernel'
import { adversarialStep } from './adversarialStep'

/** Options of {@link runEngineBench}. */
export interface EngineBenchOptions {
  /** Backend to start from (falls back like selectBackend). Default: best available. */
  backend?: BackendName
  /** Sequence lengths of the train-step measurement. Default [64, 100]. */
  T?: number[]
  /** Timed runs per figure, after one warm-up (≥ 1; medians reported). Default 5. */
  runs?: number
  /** Model implementation. Default 'auto'. */
  impl?: ModelImpl | 'auto'
  /** Batch and hidden size (paper: 20, 350). */
  batch?: number
  hidden?: number
  /** Called after every timed run, e.g. for a progress line. */
  onProgress?: (what: string, ms: number) => void
  signal?: AbortSignal
}

/** Benchmark figures (milliseconds, medians). `trainStepMs` keys are `T${T}`. */
export interface EngineBenchResult {
  backend: string
  impl: string
  /** GEMM threads of the wasm kernel (when impl is 'kernel'). */
  threads: number
  /** Kernel build ('simd128' | 'relaxed') and why it was chosen. */
  kernel: string
  /**
   * How often the kernel paused sharing GEMMs with its helpers during the bench because they lagged (their cores
   * busy elsewhere): > 0 means the figures are effectively single-threaded.
   */
  splitPauses: number
  trainStepMs: Record<string, number>
  sample1x100Ms: number
  sample16x100Ms: number
  peakRssMb: number
  loadavg: number[]
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/**
 * A paper-size model (wasm kernel by default) kept for repeated step timings, so the bench can interleave our
 * measurements with the PyTorch reference's (paired rounds under the same machine load).
 */
export async function createStepTimer(
  o: { backend?: BackendName; batch?: number; hidden?: number } = {},
): Promise<{ median: (T: number, runs: number) => number; dispose: () => void }> {
  const { batch = 20, hidden = 350 } = o
  await selectBackend({ prefer: o.backend ?? 'wasm' })
  const spec = defaultSpec(1, { hidden })
  const model = createModel(spec, { seed: 1 })
  let seed = 0
  const warm = new Set<number>()
  return {
    median(T, runs) {
      const real = tf.tidy(() =>
        tf.mul(tf.randomUniform([batch, T, spec.features], 0, 1, 'float32', 7), [400, 400, 1000, 127]),
      ) as tf.Tensor3D
      if (!warm.has(T)) adversarialStep(model, real, { seed: ++seed }) // first step at this T: warm-up
      warm.add(T)
      const ts: number[] = []
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now()
        adversarialStep(model, real, { seed: ++seed })
        ts.push(performance.now() - t0)
      }
      real.dispose()
      return median(ts)
    },
    dispose: () => model.dispose(),
  }
}

/** Runs the benchmark. Long: about (runs + 1) train steps per T; check `signal` between runs. */
export async function runEngineBench(o: EngineBenchOptions = {}): Promise<EngineBenchResult> {
  const { T: Ts = [64, 100], runs = 5, batch = 20, hidden = 350 } = o
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`runEngineBench: runs must be an integer ≥ 1, got ${runs}`)
  const choice = await selectBackend({ prefer: o.backend })
  const pauses0 = getKernel()?.pauses ?? 0
  const spec = defaultSpec(1, { hidden })
  const model = createModel(spec, { seed: 1, impl: o.impl ?? 'auto' })
  const F = spec.features
  const time = (f: () => void): number => {
    const t0 = performance.now()
    f()
    return performance.now() - t0
  }
  const measure = (what: string, f: () => void): number => {
    f() // warm-up
    const ts: number[] = []
    for (let i = 0; i < runs; i++) {
      if (o.signal?.aborted) throw new Error('engine bench aborted')
      ts.push(time(f))
      o.onProgress?.(what, ts[ts.length - 1])
    }
    return median(ts)
  }
  try {
    const trainStepMs: Record<string, number> = {}
    for (const T of Ts) {
      // Real-looking data in raw units (ticks, Hz, velocity), as the torch reference does.
      const real = tf.tidy(() =>
        tf.mul(tf.randomUniform([batch, T, F], 0, 1, 'float32', 7), [400, 400, 1000, 127]),
      )
      let seed = 0
      trainStepMs[`T${T}`] = measure(`train step T=${T}`, () =>
        adversarialStep(model, real as tf.Tensor3D, { seed: ++seed }),
      )
      real.dispose()
    }
    const sample = (B: number): number =>
      measure(`sample ${B}x100`, () =>
        tf.tidy(() => {
          const z = tf.randomUniform([B, 100, F], 0, 1, 'float32', 1) as tf.Tensor3D
          const y0 = tf.randomUniform([B, F], 0, 1, 'float32', 2) as tf.Tensor2D
          model.generate(z, y0, { dropout: true, seed: 3 }).dataSync()
        }),
      )
    const sample1x100Ms = sample(1)
    const sample16x100Ms = sample(16)
    return {
      backend: choice.backend,
      impl: implementationFor(o.impl ?? 'auto').name,
      threads: getKernel()?.threads ?? 1,
      kernel: `${kernelVariant().variant} (${kernelVariant().reason})`,
      splitPauses: (getKernel()?.pauses ?? 0) - pauses0,
      trainStepMs,
      sample1x100Ms,
      sample16x100Ms,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      loadavg: (await import('node:os')).loadavg().map((x) => Math.round(x * 100) / 100),
    }
  } finally {
    model.dispose()
  }
}
