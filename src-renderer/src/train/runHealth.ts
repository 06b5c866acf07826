// Plain-language checks of the Train screen: is the dataset big enough for the batch (before starting), and does a
// finished run actually write audible notes (after it). Pure, so they are unit-tested without a page.
import type { EpochEvaluationDto, PresetInfo, TrainEpoch } from '@common/ipc/training'
import { stepsPerEpoch, windowSteps } from '@common/training/steps'

/** Fewer training steps per epoch than this and a run learns little (the warning before starting). */
export const FEW_STEPS = 5
/** Median velocity of the samples below this (of 127) reads as near-silent. */
export const QUIET_VELOCITY = 30
/** Fewer written notes per generated event than this reads as nearly empty. */
export const FEW_NOTES = 0.5

/** A sentence about the dataset size; `block` when the run could not train at all. */
export interface SizeCheck {
  readonly level: 'warn' | 'block'
  readonly text: string
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * Checks `files` (the dataset's included files) against the preset's validation split and the batch size, as the
 * trainer splits and batches; null when there are at least FEW_STEPS steps per epoch. With the files' `tones`
 * (cells, one tone per cell) the count also follows the preset's windows ('cover' cuts several per piece) at
 * `maxLength` events (the run's maximum, after any curriculum).
 */
export function sizeCheck(
  files: number,
  preset: PresetInfo | null,
  batchSize: number,
  presetNames: readonly string[],
  tones?: readonly number[],
  maxLength?: number,
): SizeCheck | null {
  if (!preset || !(files > 0) || !Number.isInteger(batchSize) || batchSize < 1) return null
  const steps =
    tones && tones.length === files && preset.windows
      ? windowSteps(tones, {
          seed: preset.seed,
          validationFraction: preset.validationFraction,
          batchSize,
          length: maxLength ?? preset.maxLength,
          windows: preset.windows,
          shortSongs: preset.shortSongs,
        })
      : stepsPerEpoch(files, preset.validationFraction, batchSize)
  if (steps >= FEW_STEPS) return null
  const quick = presetNames.includes('quick') && preset.name !== 'quick'
  const fix = quick ? 'add files or use the quick preset' : 'add files or lower the batch size (Advanced)'
  const head = `${plural(files, 'file')} → ${plural(steps, 'training step')} per epoch with batch ${batchSize}`
  return steps === 0
    ? { level: 'block', text: `${head}: nothing to train on; ${fix}.` }
    : { level: 'warn', text: `${head}: training will learn little; ${fix}.` }
}

/** The last epoch's evaluation of a run's epochs (null when none was measured). */
export function lastEvaluation(epochs: readonly TrainEpoch[]): EpochEvaluationDto | null {
  let last: TrainEpoch | null = null
  for (const e of epochs) if (e.evaluation && (!last || e.epoch > last.epoch)) last = e
  return last?.evaluation ?? null
}

/**
 * What is wrong with a run's output, in a composer's words with what to try, or null when its last samples are
 * audible and full: median velocity < QUIET_VELOCITY or kept notes per event < FEW_NOTES.
 */
export function outputProblem(e: EpochEvaluationDto | null, presetNames: readonly string[]): string | null {
  if (!e) return null
  const quiet = e.velocity.p50 < QUIET_VELOCITY
  const empty = !(e.keptNotesPerEvent >= FEW_NOTES)
  if (!quiet && !empty) return null
  const what: string[] = []
  if (empty)
    what.push(
      `only ${Math.round(100 * (Number.isFinite(e.keptNotesPerEvent) ? e.keptNotesPerEvent : 0))} % of the generated events became notes`,
    )
  if (quiet && Number.isFinite(e.velocity.p50))
    what.push(`the notes are nearly silent (median velocity ${Math.round(e.velocity.p50)} of 127)`)
  const studio = presetNames.includes('studio') ? ', or start again with the studio preset' : ''
  const sentence = what.join(' and ')
  return `Finished, but ${sentence}. Train more epochs, add files${studio}.`
}
