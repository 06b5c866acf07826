// Batches layer redraws into one requestAnimationFrame and times them, so many state changes in a frame cost
// one draw per layer. `stats` is read by the bench and the status line.

export type LayerName = 'grid' | 'notes' | 'overlay' | 'keys' | 'ruler' | 'velocity'

/** Timing of the last frames (ms of JS + canvas command time per frame). */
export interface RenderStats {
  frames: number
  lastFrameMs: number
  /** Notes drawn in the last notes pass (visible culling check). */
  lastNotesDrawn: number
}

/** A per-component scheduler: `request(layer)` marks it dirty; all dirty layers draw in the next frame. */
export class RenderLoop {
  readonly stats: RenderStats = { frames: 0, lastFrameMs: 0, lastNotesDrawn: 0 }
  #dirty = new Set<LayerName>()
  #frame = 0
  #draw: (layer: LayerName) => void

  constructor(draw: (layer: LayerName) => void) {
    this.#draw = draw
  }

  request(layer: LayerName): void {
    this.#dirty.add(layer)
    if (!this.#frame) this.#frame = requestAnimationFrame(this.flush)
  }

  /** Draws every dirty layer now (also used by the bench to time a frame synchronously); returns how many. */
  flush = (): number => {
    this.#frame = 0
    const t0 = performance.now()
    const layers = [...this.#dirty]
    this.#dirty.clear()
    for (const l of layers) this.#draw(l)
    this.stats.lastFrameMs = performance.now() - t0
    this.stats.frames++
    return layers.length
  }

  dispose(): void {
    if (this.#frame) cancelAnimationFrame(this.#frame)
    this.#frame = 0
  }
}
