// Measurements on rendered audio used by the audio tests (and handy for diagnostics): RMS, spectral peak,
// energy envelope and onset detection. Plain arithmetic over Float32Arrays, no Web Audio.

/** Root mean square of `x[from..to)`. */
export function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0
  for (let i = from; i < to; i++) s += x[i] * x[i]
  return Math.sqrt(s / Math.max(1, to - from))
}

/** In-place radix-2 FFT (re, im of length 2^k). */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1
    for (; j & bit; bit >>= 1) j ^= bit
    j ^= bit
    if (i < j) {
      ;[re[i], re[j]] = [re[j], re[i]]
      ;[im[i], im[j]] = [im[j], im[i]]
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k)
        const wi = Math.sin(ang * k)
        const a = i + k
        const b = a + len / 2
        const xr = re[b] * wr - im[b] * wi
        const xi = re[b] * wi + im[b] * wr
        re[b] = re[a] - xr
        im[b] = im[a] - xi
        re[a] += xr
        im[a] += xi
      }
    }
  }
}

/**
 * Frequency (Hz) of the strongest spectral peak of `x` from `start`, over `size` (a power of two) samples with
 * a Hann window, searched in [minHz, maxHz], refined by parabolic interpolation of the log magnitude.
 */
export function spectralPeakHz(
  x: Float32Array,
  sampleRate: number,
  { start = 0, size = 32768, minHz = 30, maxHz = 5000 } = {},
): number {
  const re = new Float64Array(size)
  const im = new Float64Array(size)
  for (let i = 0; i < size; i++)
    re[i] = (x[start + i] ?? 0) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size))
  fft(re, im)
  const mag = (k: number) => Math.log(Math.hypot(re[k], im[k]) + 1e-12)
  const lo = Math.max(1, Math.floor((minHz * size) / sampleRate))
  const hi = Math.min(size / 2 - 2, Math.ceil((maxHz * size) / sampleRate))
  let best = lo
  for (let k = lo; k <= hi; k++) if (mag(k) > mag(best)) best = k
  const [a, b, c] = [mag(best - 1), mag(best), mag(best + 1)]
  const shift = (0.5 * (a - c)) / (a - 2 * b + c || 1)
  return ((best + shift) * sampleRate) / size
}

/** RMS envelope: one value per `hop` samples over windows of `win` samples. */
export function envelope(x: Float32Array, win: number, hop: number): Float32Array {
  const out = new Float32Array(Math.max(0, Math.floor((x.length - win) / hop)))
  for (let f = 0; f < out.length; f++) out[f] = rms(x, f * hop, f * hop + win)
  return out
}

/**
 * Onset times (seconds): frames whose energy jumps above `ratio` × the quietest of the previous 30 ms and above
 * `floor` × the loudest frame; one onset per 80 ms. The time reported is where that rise leaves the floor:
 * traced back to the first frame above twice the quiet level (so a slow attack is not reported late).
 */
export function detectOnsets(
  x: Float32Array,
  sampleRate: number,
  { ratio = 4, floor = 0.05 } = {},
): number[] {
  const hop = Math.round(sampleRate / 1000) // 1 ms
  const win = 2 * hop
  const env = envelope(x, win, hop)
  const loudest = env.reduce((m, v) => Math.max(m, v), 0)
  const out: number[] = []
  let last = -Infinity
  for (let f = 30; f < env.length; f++) {
    let quiet = Infinity
    for (let g = f - 30; g < f - 2; g++) quiet = Math.min(quiet, env[g])
    if (env[f] > ratio * quiet && env[f] > floor * loudest && f - last > 80) {
      let start = f
      while (start > f - 30 && env[start - 1] > 2 * quiet + 1e-6) start--
      out.push((start * hop + win) / sampleRate)
      last = f
    }
  }
  return out
}
