// Throttled progress with an ETA for long imports: callers report every finished file, listeners get ≤ 1 event per
// interval (the last one of an interval delivered when it ends).
import type { ImportProgress } from './types'

/** Minimum files done before an ETA is given (earlier rates are dominated by worker start-up). */
const MIN_FILES_FOR_ETA = 3

/** Collects per-file completions and forwards throttled {@link ImportProgress} events. */
export class ProgressReporter {
  private done = 0
  private lastEmit = -Infinity
  private lastFile = ''
  private trailing: ReturnType<typeof setTimeout> | undefined
  private readonly started: number

  /**
   * @param total files to process.
   * @param onProgress listener; never called more often than every `intervalMs` except for the final event.
   * @param intervalMs throttle interval in milliseconds (default 100).
   * @param now clock in milliseconds (injectable for tests).
   */
  constructor(
    private readonly total: number,
    private readonly onProgress: ((p: ImportProgress) => void) | undefined,
    private readonly intervalMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now()
  }

  /**
   * Records one finished file (parsed or failed). The last file always emits; a file finished inside the throttle
   * interval is reported when the interval ends, so the count shown catches up even when the next file takes long.
   */
  fileDone(file: string): void {
    this.done++
    this.lastFile = file
    const t = this.now()
    const wait = this.intervalMs - (t - this.lastEmit)
    if (this.done < this.total && wait > 0) {
      this.trailing ??= setTimeout(() => this.emit(), wait)
      this.trailing.unref?.()
      return
    }
    this.emit(t)
  }

  /** Drops a pending trailing event (the import ended or was cancelled). */
  close(): void {
    clearTimeout(this.trailing)
    this.trailing = undefined
  }

  private emit(t = this.now()): void {
    this.close()
    this.lastEmit = t
    this.onProgress?.(this.snapshot(this.lastFile, t))
  }

  /** Current state, e.g. for a first "0 of N" event. */
  snapshot(currentFile = '', t = this.now()): ImportProgress {
    return { done: this.done, total: this.total, etaSeconds: this.eta(t), currentFile }
  }

  private eta(t: number): number | null {
    if (this.done >= this.total) return 0
    if (this.done < MIN_FILES_FOR_ETA) return null
    const perFile = (t - this.started) / 1000 / this.done
    return perFile * (this.total - this.done)
  }
}
