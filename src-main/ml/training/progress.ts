// Throttle and rate/ETA bookkeeping for training progress events (≤ 10 per second by default).

/** Tracks steps per second since (re)start and decides when a progress event may be sent. */
export class ProgressMeter {
  readonly #minIntervalMs: number
  readonly #start = performance.now()
  #lastEmit = -Infinity
  #steps = 0

  constructor(maxPerSecond = 10) {
    this.#minIntervalMs = 1000 / maxPerSecond
  }

  /** Counts one finished step. */
  step(): void {
    this.#steps++
  }

  /** True (and records the time) when enough time has passed since the last emitted event. */
  due(force = false): boolean {
    const now = performance.now()
    if (!force && now - this.#lastEmit < this.#minIntervalMs) return false
    this.#lastEmit = now
    return true
  }

  /** Steps per second since (re)start. */
  get stepsPerSecond(): number {
    const s = (performance.now() - this.#start) / 1000
    return s > 0 ? this.#steps / s : 0
  }

  /** Seconds left for `remainingSteps` at the current rate (NaN before the first step). */
  eta(remainingSteps: number): number {
    const r = this.stepsPerSecond
    return r > 0 ? remainingSteps / r : NaN
  }
}
