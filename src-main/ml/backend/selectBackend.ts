// Picks the fastest TensorFlow.js backend that loads here: tfjs-node-gpu → tfjs-node → wasm → cpu, and always
// activates it with an explicit tf.setBackend (importing tfjs-backend-wasm alone silently makes wasm the default).
import * as tf from '@tensorflow/tfjs'

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

/** Default loader. Variable specifiers keep bundlers from resolving optional packages at build time. */
const importPackage = (spec: string): Promise<unknown> => import(/* @vite-ignore */ spec)

/**
 * Selects and activates a backend. Always resolves: 'cpu' (pure JS) is the last resort.
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
      if (name !== 'cpu') await (opts.load ?? importPackage)(PACKAGE[name])
      const tfName = name === 'tensorflow-gpu' ? 'tensorflow' : name
      if (!(await tf.setBackend(tfName))) throw new Error(`tf.setBackend('${tfName}') returned false`)
      await tf.ready()
      const picked = skipped.length ? `skipped ${skipped.join('; ')}` : 'first choice'
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
