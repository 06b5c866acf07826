// Picks the fastest TensorFlow.js backend that loads here: tfjs-node-gpu → tfjs-node → wasm → cpu, and always
// activates it with an explicit tf.setBackend (importing tfjs-backend-wasm alone silently makes wasm the default).
import * as tf from '@tensorflow/tfjs'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** Backend names in preference order. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu'

/** Outcome of {@link selectBackend}, for logs and the UI. */
export interface BackendChoice {
  /** What is running: 'tensorflow' is the native binding (CPU or GPU build, see `package`). */
  backend: BackendName
  /** npm package providing it. */
  package: string
  /** Why this one: which candidates were skipped and why. */
  reason: string
}

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** Start trying at this backend (falls back down the list when it cannot load). */
  prefer?: BackendName
  /** Imports a backend's npm package (default: a dynamic import); injectable to test the ladder without a GPU. */
  load?: (pkg: string) => Promise<unknown>
  /** Told why each skipped candidate could not run (e.g. 'tensorflow-gpu: libcudart.so.11.0: cannot open …'). */
  log?: (line: string) => void
}

const ORDER: BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']
const PACKAGE: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
}

/** Short reason for a failed load: missing package vs missing native binding vs other. */
function whyNot(err: unknown): string {
  const e = err as { code?: string; message?: string }
  if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') return 'not installed'
  const msg = String(e?.message ?? err)
  if (/tfjs_binding|native addon|\.node\b/i.test(msg)) return 'native binding missing'
  return msg.split('\n')[0].slice(0, 160)
}

/**
 * The folder holding tfjs-backend-wasm's .wasm files, from the package's own location (inside a packaged app the
 * files are unpacked next to app.asar): pointing the backend there keeps a bundler or asar from losing them, which
 * would leave only the 3–7× slower cpu backend. Null when not found (the backend then uses its default).
 */
export function wasmBinaryDir(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')
    const dir = join(dirname(pkg), 'dist').replace(/app\.asar([\\/])/, 'app.asar.unpacked$1')
    return existsSync(join(dir, 'tfjs-backend-wasm-simd.wasm')) ? dir : null
  } catch {
    return null
  }
}

/** Default loader. Variable specifiers keep bundlers from resolving optional packages at build time. */
const importPackage = (spec: string): Promise<unknown> => import(/* @vite-ignore */ spec)

/** Points tfjs-backend-wasm (the module its loader returned) at {@link wasmBinaryDir}, when both are there. */
function pointWasmAt(mod: unknown): void {
  const setWasmPaths = (mod as { setWasmPaths?: unknown } | null)?.setWasmPaths
  const dir = typeof setWasmPaths === 'function' ? wasmBinaryDir() : null
  // Only before the backend's first initialisation (it refuses afterwards, and a failed one cannot be retried).
  if (dir && !tf.findBackend('wasm'))
    try {
      ;(setWasmPaths as (prefix: string) => void)(`${dir}/`)
    } catch {
      // an earlier initialisation attempt already fixed the paths
    }
}

/**
 * Selects and activates a backend. Always resolves: 'cpu' (pure JS) is the last resort, taken only when wasm cannot
 * start here or when asked for by name; both cases say so in `reason` and warn on stderr, because a training step
 * is 3–7× slower on cpu (the same kernel runs there, but every other op is plain JS).
 * @example const { backend, reason } = await selectBackend(); log(`tfjs backend ${backend}: ${reason}`)
 */
export async function selectBackend(opts: SelectBackendOptions = {}): Promise<BackendChoice> {
  const start = opts.prefer ? ORDER.indexOf(opts.prefer) : 0
  if (start < 0)
    throw new Error(`selectBackend: unknown backend '${String(opts.prefer)}' (use one of ${ORDER})`)
  const skipped: string[] = []
  for (const name of ORDER.slice(start)) {
    try {
      // tfjs-node(-gpu) register the 'tensorflow' backend when imported; cpu ships inside @tensorflow/tfjs.
      const mod = name === 'cpu' ? null : await (opts.load ?? importPackage)(PACKAGE[name])
      if (name === 'wasm') pointWasmAt(mod)
      const tfName = name === 'tensorflow-gpu' ? 'tensorflow' : name
      if (!(await tf.setBackend(tfName))) throw new Error(`tf.setBackend('${tfName}') returned false`)
      await tf.ready()
      const picked = skipped.length ? `skipped ${skipped.join('; ')}` : 'first choice'
      if (name === 'cpu') {
        const why = opts.prefer === 'cpu' ? 'cpu requested explicitly' : `wasm unavailable (${picked})`
        console.warn(`tfjs backend cpu: ${why}; training is 3–7× slower than on wasm`)
      }
      return {
        backend: name,
        package: PACKAGE[name],
        reason: `${picked}${opts.prefer ? ` (prefer ${opts.prefer})` : ''}`,
      }
    } catch (err) {
      skipped.push(`${name}: ${whyNot(err)}`)
      opts.log?.(`tfjs backend ${skipped.at(-1)}; falling back`)
    }
  }
  throw new Error(`selectBackend: no backend could be activated (${skipped.join('; ')})`)
}
