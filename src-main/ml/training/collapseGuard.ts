// The studio recipes' guard against a late GAN collapse (config `schedule.collapseGuard`): a collapsed G does not
// come back by itself (the starter run's samples spread over the whole keyboard from epoch 157 on and stayed there),
// so after `patience` epochs scoring far below the best saved checkpoint the run goes back to that checkpoint with
// halved learning rates, like a NaN rollback. Pure, so the rule is tested on its own.
import type { TrainConfig } from '../config/trainConfig'

export type CollapseGuardConfig = NonNullable<TrainConfig['schedule']['collapseGuard']>

/** Watches each epoch's summary score against the best checkpoint's and says when to roll back. */
export class CollapseWatch {
  #below = 0
  #rollbacks = 0
  constructor(private readonly guard: CollapseGuardConfig) {}

  /**
   * After an epoch: its samples' summary `score` and the best saved checkpoint's (`best`, null when none is scored).
   * Returns why to roll back to the best checkpoint now, or null.
   */
  observe(score: number, best: number | null): string | null {
    const g = this.guard
    if (!Number.isFinite(score) || best === null) {
      this.#below = 0
      return null
    }
    this.#below = score < best - g.drop ? this.#below + 1 : 0
    if (this.#below < g.patience || this.#rollbacks >= g.maxRollbacks) return null
    this.#below = 0
    this.#rollbacks++
    return (
      `collapse: the samples' summary score stayed more than ${g.drop} below the best checkpoint's ` +
      `(${best.toFixed(3)}) for ${g.patience} epochs, now ${score.toFixed(3)}; back to the best checkpoint with ` +
      `halved learning rates (rollback ${this.#rollbacks} of ${g.maxRollbacks})`
    )
  }
}
