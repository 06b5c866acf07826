// Loads lstm_kernel.wasm (hand-written SIMD GEMM + LSTM pointwise kernels; two builds, SIMD128 and relaxed-SIMD
// FMA) into shared memory, guards every export against traps (a trapped kernel is replaced by a fresh instance)
// and manages its helper threads. The arena itself is kernelArena.ts.
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Kernel } from './kernelArena'
import type { KernelExports } from './kernelExports'
import { LSTM_KERNEL_RELAXED_WASM_BASE64, LSTM_KERNEL_WASM_BASE64 } from './lstmKernelWasm'

export {
  Kernel,
  KERNEL_ARENA_LIMIT,
  kernelArenaLimit,
  KernelMemoryError,
  KernelProgram,
  setKernelArenaLimit,
  type Buf,
} from './kernelArena'

/** The kernel builds: plain SIMD128, or the GEMM's multiply-add as relaxed-SIMD FMA (see lstm_kernel.c). */
export type KernelVariant = 'simd128' | 'relaxed'

let loaded: Kernel | null | undefined
let loadedVariant: KernelVariant = 'simd128'
let wasmModule: WebAssembly.Module | undefined
/** Why the active variant was chosen (for logs and benchmarks). */
let variantReason = ''

/** Default GEMM threads: CRNNGAN_KERNEL_THREADS, else the core count (at most 4). */
function defaultThreads(): number {
  const env = Number(process.env.CRNNGAN_KERNEL_THREADS)
  if (Number.isInteger(env) && env >= 1) return Math.min(env, 8)
  return Math.max(1, Math.min(4, availableParallelism()))
}

const FILES: Record<KernelVariant, [string, string]> = {
  simd128: ['./lstm_kernel.wasm', LSTM_KERNEL_WASM_BASE64],
  relaxed: ['./lstm_kernel_relaxed.wasm', LSTM_KERNEL_RELAXED_WASM_BASE64],
}

/** The committed .wasm of `variant` beside this file, or its embedded copy when a bundler did not ship the file. */
export function kernelBytes(variant: KernelVariant = 'simd128'): Uint8Array<ArrayBuffer> {
  const [file, b64] = FILES[variant]
  try {
    return new Uint8Array(readFileSync(new URL(file, import.meta.url)))
  } catch {
    return new Uint8Array(Buffer.from(b64, 'base64'))
  }
}

/**
 * Whether this runtime runs relaxed SIMD: validates a 60-byte module with one f32x4.relaxed_madd (on by default
 * from V8 11.4, i.e. Node 22 / Electron ≥ 25's Chromium; Node 20 needs --experimental-wasm-relaxed-simd).
 */
export function hasRelaxedSimd(): boolean {
  const c = [0xfd, 0x0c, ...new Array<number>(16).fill(0)] // v128.const 0
  const body = [0x00, ...c, ...c, ...c, 0xfd, 0x85, 0x02, 0x0b] // no locals; 3 consts; f32x4.relaxed_madd; end
  const head = [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1, 0] // type () → v128
  return WebAssembly.validate(new Uint8Array([...head, 0x0a, body.length + 2, 1, body.length, ...body]))
}

/** CRNNGAN_KERNEL_VARIANT when set (simd128 | relaxed), else relaxed where the runtime has it. */
function defaultVariant(): KernelVariant {
  const env = process.env.CRNNGAN_KERNEL_VARIANT
  const relaxed = hasRelaxedSimd()
  if (env === 'simd128') return ((variantReason = 'CRNNGAN_KERNEL_VARIANT=simd128'), 'simd128')
  if (env === 'relaxed' && relaxed) return ((variantReason = 'CRNNGAN_KERNEL_VARIANT=relaxed'), 'relaxed')
  if (env && env !== 'relaxed')
    throw new Error(`CRNNGAN_KERNEL_VARIANT must be 'simd128' or 'relaxed', got '${env}'`)
  variantReason = relaxed
    ? 'relaxed SIMD available: FMA GEMM'
    : 'no relaxed SIMD in this runtime (Node 20 needs --experimental-wasm-relaxed-simd): SIMD128 GEMM'
  return relaxed ? 'relaxed' : 'simd128'
}

/**
 * Wraps every exported function so that a trap (a WebAssembly.RuntimeError: the module's state is then unknown)
 * marks the kernel broken, to be replaced by a fresh instance on the next getKernel(). Programs run on this thread
 * go through the same table (Kernel.run), so they are guarded too.
 */
function guardExports(raw: KernelExports, onTrap: () => void): KernelExports {
  const out: Record<string, unknown> = {}
  for (const [name, v] of Object.entries(raw))
    out[name] =
      typeof v !== 'function'
        ? v
        : (...args: number[]) => {
            try {
              return (v as (...a: number[]) => unknown)(...args)
            } catch (err) {
              if (!(err instanceof WebAssembly.RuntimeError)) throw err
              onTrap()
              throw new Error(`the WebAssembly kernel trapped in ${name} (${err.message}); it is restarted`, {
                cause: err,
              })
            }
          }
  return out as unknown as KernelExports
}

function load(variant: KernelVariant, threads: number): Kernel | null {
  try {
    const bytes = kernelBytes(variant)
    const module = new WebAssembly.Module(bytes)
    const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true })
    const inst = new WebAssembly.Instance(module, { env: { memory } })
    const raw = inst.exports as unknown as KernelExports
    const k: Kernel = new Kernel(
      guardExports(raw, () => (k.broken = true)),
      memory,
    )
    wasmModule = module
    loadedVariant = variant
    loaded = k
    setKernelThreads(threads)
    return k
  } catch {
    return null
  }
}

/** The kernel, loaded on first use; null when WebAssembly SIMD or shared memory is unavailable here. */
export function getKernel(): Kernel | null {
  if (loaded?.broken) {
    // After a trap: a fresh instance of the same build on fresh memory with new helpers (as many as before);
    // later requests must not inherit the damage.
    const { threads } = loaded
    loaded.dispose()
    loaded = load(loadedVariant, threads)
    return loaded
  }
  if (loaded !== undefined) return loaded
  const v = defaultVariant()
  loaded = load(v, defaultThreads()) ?? (v === 'relaxed' ? load('simd128', defaultThreads()) : null)
  return loaded
}

/** The variant running (after {@link getKernel}) and why it was chosen. */
export function kernelVariant(): { variant: KernelVariant; reason: string } {
  getKernel()
  return { variant: loadedVariant, reason: variantReason }
}

/** Variants this runtime can run. */
export function availableKernelVariants(): KernelVariant[] {
  return hasRelaxedSimd() ? ['simd128', 'relaxed'] : ['simd128']
}

/**
 * Switches the kernel to `variant` (tests and benchmarks compare them in one process): stops the current helper
 * threads and loads the other build with the same thread count. Returns the previous variant.
 * @throws Error when the runtime cannot run `variant`.
 */
export function useKernelVariant(variant: KernelVariant): KernelVariant {
  const before = kernelVariant().variant
  if (variant === before && loaded) return before
  if (variant === 'relaxed' && !hasRelaxedSimd())
    throw new Error(
      'relaxed SIMD is not available in this runtime (Node 20: --experimental-wasm-relaxed-simd)',
    )
  const threads = loaded?.threads ?? defaultThreads()
  loaded?.dispose()
  if (!load(variant, threads)) throw new Error(`the ${variant} kernel could not be loaded in this runtime`)
  variantReason = `selected with useKernelVariant('${variant}')`
  return before
}

/** Sets how many threads the kernel's GEMMs use (≥ 1; 1 = no helper threads). Returns the previous count. */
export function setKernelThreads(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`kernel threads must be an integer ≥ 1, got ${n}`)
  const k = getKernel()
  if (!k || !wasmModule) return 1
  const before = k.threads
  if (n !== before) k.setThreads(n, wasmModule)
  return before
}
