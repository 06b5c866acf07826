// Freezing rules of C-RNN-GAN (crnngan-spec §4.4): decide from the previous batch's losses whether D and/or G skip
// this batch's update. `paper` = the published symmetric 70 % rule; `codeExact` = the original code's table.

/** What to do with this batch. `endEpoch` only arises in `codeExact` mode when both losses are exactly 0. */
export interface FreezeDecision {
  readonly freezeD: boolean
  readonly freezeG: boolean
  readonly endEpoch: boolean
}

/** Losses both reset to this at each epoch start (the code's value), so the first batch updates both networks. */
export const FREEZE_RESET_LOSS = 10

/** Below this, the original code enters its "close to equilibrium" branch (spec §4.4 row 4). */
const CODE_EXACT_THRESHOLD = 2

/**
 * Freezing decision for the next batch.
 * @param mode 'paper' | 'codeExact' | 'off'
 * @param prevD previous batch's L_D (+ reg), or FREEZE_RESET_LOSS at an epoch start
 * @param prevG previous batch's standard L_G (+ reg), or FREEZE_RESET_LOSS at an epoch start
 * @param ratio the 0.7 of the 70 % rule
 */
export function decideFreeze(
  mode: 'paper' | 'codeExact' | 'off',
  prevD: number,
  prevG: number,
  ratio = 0.7,
): FreezeDecision {
  if (mode === 'off' || !Number.isFinite(prevD) || !Number.isFinite(prevG))
    return { freezeD: false, freezeG: false, endEpoch: false }
  if (mode === 'paper') {
    return { freezeD: prevD < ratio * prevG, freezeG: prevG < ratio * prevD, endEpoch: false }
  }
  // codeExact: rows checked in order, exactly as the original training loop does.
  if (prevD === 0 && prevG === 0) return { freezeD: true, freezeG: true, endEpoch: true }
  if (prevD === 0) return { freezeD: true, freezeG: false, endEpoch: false }
  if (prevG === 0) return { freezeD: false, freezeG: true, endEpoch: false }
  if (prevG < CODE_EXACT_THRESHOLD || prevD < CODE_EXACT_THRESHOLD) {
    // The G-freeze line sits one indentation level too high in the original, so G is always skipped here.
    return { freezeD: prevD < ratio * prevG, freezeG: true, endEpoch: false }
  }
  return { freezeD: false, freezeG: false, endEpoch: false }
}
