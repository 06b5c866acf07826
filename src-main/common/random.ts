// Small seeded PRNG (mulberry32) with a checkpointable 32-bit state, so training and sampling are reproducible.

/**
 * Deterministic random number generator. The whole state is one uint32, so `state()` can be stored in a
 * checkpoint and `Rng.fromState(s)` continues the exact same sequence.
 * @example const rng = new Rng(1234); rng.uniform() // same value on every run
 */
export class Rng {
  #s: number

  /** `seed`: any finite number; it is reduced to a uint32. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng seed must be a finite number, got ${seed}`)
    this.#s = Math.trunc(seed) >>> 0
  }

  /** Restores a generator from a value returned by {@link Rng.state}. */
  static fromState(state: number): Rng {
    if (!Number.isInteger(state) || state < 0 || state > 0xffffffff)
      throw new Error(`Rng state must be an integer in [0, 2^32), got ${state}`)
    return new Rng(state)
  }

  /** The current state (uint32); feeding it to {@link Rng.fromState} reproduces the rest of the sequence. */
  state(): number {
    return this.#s
  }

  /** Uniform integer in [0, 2^32): the raw mulberry32 output. Bound, so it can be passed as a plain `() => number`. */
  readonly uint32 = (): number => {
    this.#s = (this.#s + 0x6d2b79f5) >>> 0
    let t = this.#s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  /** Uniform float in [0, 1). Bound, so it can be passed as a plain `() => number`. */
  readonly uniform = (): number => this.uint32() / 4294967296

  /** Uniform integer in [0, n); `n` must be a positive integer. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`Rng.int needs a positive integer, got ${n}`)
    return Math.floor(this.uniform() * n)
  }

  /** Fisher–Yates shuffle of `items` in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const tmp = items[i]
      items[i] = items[j]
      items[j] = tmp
    }
    return items
  }
}

/** Mixes integers into one 32-bit seed (murmur3 finaliser per part; order matters). */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = seed >>> 0 || 0x9e3779b9
  for (const p of [...parts, parts.length]) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b) >>> 0
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35) >>> 0
    h ^= h >>> 16
    h = (h + 0x6d2b79f5) >>> 0
  }
  return h
}
