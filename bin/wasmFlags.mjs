// Node flags the engine's WebAssembly kernel benefits from here. Relaxed SIMD (the FMA GEMM) is on by default from
// V8 11.4 (Node 22, Electron's Node 22+); Node 20 has it behind --experimental-wasm-relaxed-simd.
import { spawnSync } from 'node:child_process'
import { setFlagsFromString } from 'node:v8'

const FLAG = '--experimental-wasm-relaxed-simd'
// A module with one f32x4.relaxed_madd (the same probe as ops/wasm/kernel.ts's hasRelaxedSimd).
const c = [0xfd, 0x0c, ...new Array(16).fill(0)]
const body = [0x00, ...c, ...c, ...c, 0xfd, 0x85, 0x02, 0x0b]
const PROBE = [
  0x00,
  0x61,
  0x73,
  0x6d,
  1,
  0,
  0,
  0,
  1,
  5,
  1,
  0x60,
  0,
  1,
  0x7b,
  3,
  2,
  1,
  0,
  0x0a,
  body.length + 2,
  1,
  body.length,
  ...body,
]

/** [] when this runtime already has relaxed SIMD or the flag does not give it; else [the flag]. */
export function relaxedSimdNodeArgs() {
  if (WebAssembly.validate(new Uint8Array(PROBE))) return []
  const probe = `process.exit(WebAssembly.validate(new Uint8Array(${JSON.stringify(PROBE)})) ? 0 : 1)`
  const r = spawnSync(process.execPath, [FLAG, '-e', probe], { stdio: 'ignore' })
  return r.status === 0 ? [FLAG] : []
}

/**
 * Turns relaxed SIMD on in this process when the runtime has it only behind the flag (Node 20), without a rerun;
 * call before any WebAssembly is compiled (V8 reads wasm feature flags when it validates or compiles a module).
 * Returns whether relaxed SIMD is now available; when the flag does nothing the kernel uses its SIMD128 build.
 */
export function enableRelaxedSimd() {
  const has = () => WebAssembly.validate(new Uint8Array(PROBE))
  if (has()) return true
  try {
    setFlagsFromString(FLAG)
  } catch {
    return false
  }
  return has()
}
