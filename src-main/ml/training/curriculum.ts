// Sequence-length curriculum (crnngan-spec §4.5): songlength = min(step·(epoch+1), maxLength), continuing into the
// adversarial phase; a run (re)started after pretraining jumps straight to maxLength, as the original does.
import type { TrainConfig } from '../config/trainConfig'

/**
 * Cells per sequence for `epoch` (0-based).
 * @param startEpoch the epoch this process started (or resumed) at; `faithfulRestart` applies the original's jump.
 */
export function songLengthAt(
  config: Pick<TrainConfig, 'data' | 'schedule'>,
  epoch: number,
  startEpoch = 0,
  faithfulRestart = false,
): number {
  const { maxLength } = config.data
  const { curriculum, curriculumStep, pretrainEpochs } = config.schedule
  if (curriculum === 'none') return maxLength
  if (faithfulRestart && startEpoch >= pretrainEpochs) return maxLength
  return Math.min(curriculumStep * (epoch + 1), maxLength)
}

/** 'pretrain' while epoch < pretrainEpochs or for the MLE-only baseline, else 'adversarial'. */
export function phaseAt(
  config: Pick<TrainConfig, 'schedule' | 'adversarial'>,
  epoch: number,
): 'pretrain' | 'adversarial' {
  return config.adversarial.mode === 'mleOnly' || epoch < config.schedule.pretrainEpochs
    ? 'pretrain'
    : 'adversarial'
}
