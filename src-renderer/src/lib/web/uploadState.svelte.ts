// Progress of the browser's uploads to `crnngan serve` (the web stand-in for a native file dialog), shown by
// UploadBar.svelte; cancel() aborts the requests in flight.

/** Reactive state of the running upload, if any. */
export class UploadState {
  active = $state(false)
  label = $state('')
  doneBytes = $state(0)
  totalBytes = $state(0)
  doneFiles = $state(0)
  totalFiles = $state(0)
  etaSeconds = $state<number | null>(null)
  #abort: AbortController | null = null
  #started = 0

  /** Starts tracking an upload; returns its abort signal. */
  begin(label: string, totalFiles: number, totalBytes: number): AbortSignal {
    this.#abort = new AbortController()
    this.#started = performance.now()
    Object.assign(this, { active: true, label, totalFiles, totalBytes, doneFiles: 0, doneBytes: 0 })
    this.etaSeconds = null
    return this.#abort.signal
  }

  progress(doneBytes: number, doneFiles: number): void {
    this.doneBytes = doneBytes
    this.doneFiles = doneFiles
    const secs = (performance.now() - this.#started) / 1000
    this.etaSeconds = doneBytes > 0 && secs > 0.5 ? ((this.totalBytes - doneBytes) * secs) / doneBytes : null
  }

  end(): void {
    this.active = false
    this.#abort = null
  }

  cancel(): void {
    this.#abort?.abort()
  }
}

export const uploads = new UploadState()
