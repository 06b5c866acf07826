// Test support: float64 reference forward passes of the LSTM layer and of G, for numerical gradient checks
// (central differences in float64 are exact enough to judge float32 hand-written gradients).

const sig = (x: number): number => 1 / (1 + Math.exp(-x))

/** One BasicLSTMCell layer over x [T, B, I] (time-major) with W [(I+H), 4H], b [4H]; returns h [T, B, H]. */
export function lstmSeq64(
  x: ArrayLike<number>,
  W: ArrayLike<number>,
  b: ArrayLike<number>,
  T: number,
  B: number,
  I: number,
  H: number,
): Float64Array {
  const out = new Float64Array(T * B * H)
  const h = new Float64Array(B * H)
  const c = new Float64Array(B * H)
  for (let t = 0; t < T; t++) {
    const hPrev = h.slice()
    for (let r = 0; r < B; r++) {
      const g = new Float64Array(4 * H)
      for (let n = 0; n < 4 * H; n++) {
        let s = b[n]
        for (let q = 0; q < I; q++) s += x[(t * B + r) * I + q] * W[q * 4 * H + n]
        for (let q = 0; q < H; q++) s += hPrev[r * H + q] * W[(I + q) * 4 * H + n]
        g[n] = s
      }
      for (let u = 0; u < H; u++) {
        const cn = c[r * H + u] * sig(g[2 * H + u] + 1) + sig(g[u]) * Math.tanh(g[H + u])
        c[r * H + u] = cn
        h[r * H + u] = Math.tanh(cn) * sig(g[3 * H + u])
        out[(t * B + r) * H + u] = h[r * H + u]
      }
    }
  }
  return out
}

/** Central-difference derivative of f at `at[i]` (float64; `at` is restored). */
export function numericGrad(f: () => number, at: Float64Array, i: number, eps = 1e-4): number {
  const v = at[i]
  at[i] = v + eps
  const a = f()
  at[i] = v - eps
  const b2 = f()
  at[i] = v
  return (a - b2) / (2 * eps)
}

/** Relative error used by the gradient checks: |a - n| / max(|a| + |n|, floor). */
export const relErr = (a: number, n: number, floor = 1e-3): number =>
  Math.abs(a - n) / Math.max(Math.abs(a) + Math.abs(n), floor)

/** Deterministic pseudo-random values in [lo, hi). */
export function randomArray(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  let s = seed >>> 0 || 1
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    out[i] = lo + ((s >>> 0) / 4294967296) * (hi - lo)
  }
  return out
}

/** G's weights in float64 (same layouts as the model's variables). */
export interface G64 {
  inK: Float64Array
  inB: Float64Array
  lk: Float64Array[]
  lb: Float64Array[]
  outK: Float64Array
  outB: Float64Array
}

/**
 * G unroll in float64 (spec §3.1). z [B, T, F], y0 [B, F], primer [B, P, F] or null, masks per layer [T, B, H].
 * Returns y [B, T, F].
 */
export function generator64(
  w: G64,
  z: ArrayLike<number>,
  y0: ArrayLike<number>,
  primer: ArrayLike<number> | null,
  P: number,
  masks: ArrayLike<number>[],
  B: number,
  T: number,
  F: number,
  H: number,
  Z: number = F,
  reluDt = false,
): Float64Array {
  const L = w.lk.length
  const y = new Float64Array(B * T * F)
  const h = Array.from({ length: L }, () => new Float64Array(B * H))
  const c = Array.from({ length: L }, () => new Float64Array(B * H))
  for (let t = 0; t < T; t++) {
    for (let r = 0; r < B; r++) {
      const inp = new Float64Array(Z + F)
      for (let f = 0; f < Z; f++) inp[f] = z[(r * T + t) * Z + f]
      for (let f = 0; f < F; f++)
        inp[Z + f] =
          t === 0 ? y0[r * F + f] : t <= P ? primer![(r * P + t - 1) * F + f] : y[(r * T + t - 1) * F + f]
      let x = new Float64Array(H)
      for (let u = 0; u < H; u++) {
        let s = w.inB[u]
        for (let q = 0; q < Z + F; q++) s += inp[q] * w.inK[q * H + u]
        x[u] = Math.max(s, 0)
      }
      for (let l = 0; l < L; l++) {
        const g = new Float64Array(4 * H)
        for (let n = 0; n < 4 * H; n++) {
          let s = w.lb[l][n]
          for (let q = 0; q < H; q++)
            s += x[q] * w.lk[l][q * 4 * H + n] + h[l][r * H + q] * w.lk[l][(H + q) * 4 * H + n]
          g[n] = s
        }
        const hm = new Float64Array(H)
        for (let u = 0; u < H; u++) {
          const cn = c[l][r * H + u] * sig(g[2 * H + u] + 1) + sig(g[u]) * Math.tanh(g[H + u])
          c[l][r * H + u] = cn
          h[l][r * H + u] = Math.tanh(cn) * sig(g[3 * H + u])
          hm[u] = h[l][r * H + u] * masks[l][(t * B + r) * H + u]
        }
        x = hm
      }
      for (let f = 0; f < F; f++) {
        let s = w.outB[f]
        for (let q = 0; q < H; q++) s += x[q] * w.outK[q * F + f]
        y[(r * T + t) * F + f] = reluDt && f === 0 ? Math.max(0, s) : s
      }
    }
  }
  return y
}

/** D's weights in float64: per direction, per layer [W [(I+H), 4H], b [4H]]. */
export interface D64 {
  fw: [Float64Array, Float64Array][]
  bw: [Float64Array, Float64Array][]
}

/**
 * D's features in float64 (spec §3.2) over x [B, T, F] with dMasks-layout masks: input dropout, a forward and a
 * backward stack (the backward one over reversed time, masks indexed by its own step), output dropout per layer.
 * Returns [B, T, 2H].
 */
export function dFeatures64(
  x: ArrayLike<number>,
  w: D64,
  masks: { input: ArrayLike<number>; fw: ArrayLike<number>[]; bw: ArrayLike<number>[] },
  B: number,
  T: number,
  F: number,
  H: number,
): Float64Array {
  const out = new Float64Array(B * T * 2 * H)
  for (const dir of ['fw', 'bw'] as const) {
    const rev = dir === 'bw'
    let xs = new Float64Array(T * B * F)
    for (let s = 0; s < T; s++) {
      const t = rev ? T - 1 - s : s
      for (let b = 0; b < B; b++)
        for (let f = 0; f < F; f++)
          xs[(s * B + b) * F + f] = x[(b * T + t) * F + f] * masks.input[(t * B + b) * F + f]
    }
    let I = F
    w[dir].forEach(([W, bias], l) => {
      const h = lstmSeq64(xs, W, bias, T, B, I, H)
      const m = masks[dir][l]
      xs = h.map((v, i) => v * m[i])
      I = H
    })
    for (let s = 0; s < T; s++) {
      const t = rev ? T - 1 - s : s
      for (let b = 0; b < B; b++)
        for (let u = 0; u < H; u++) out[(b * T + t) * 2 * H + (rev ? H : 0) + u] = xs[(s * B + b) * H + u]
    }
  }
  return out
}
