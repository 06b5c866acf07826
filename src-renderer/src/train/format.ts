// Display formatting of the Train screen: durations, rates, losses, checkpoint labels and failure notices.
import type { TrainFailureCode } from '@common/ipc/engineErrors'
import type { CheckpointSummary, TrainFailed } from '@common/ipc/training'

/** "1h 02m", "3m 05s", "42s"; "—" when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—'
  const s = Math.round(seconds)
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`
  return `${s}s`
}

/** A loss with 4 significant digits, "—" when missing. */
export function formatLoss(v: number): string {
  return Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : '—'
}

/** "epoch 3", "epoch 3 + 12 steps", with "★" for the run's best (highest summary score). */
export function checkpointLabel(c: CheckpointSummary): string {
  return `epoch ${c.epoch}${c.step > 0 ? ` + ${c.step} step${c.step === 1 ? '' : 's'}` : ''}${c.isBest ? ' ★' : ''}`
}

/** What to do after a run failed with each code (the engine's message says what happened). */
const NEXT_STEP: Readonly<Record<TrainFailureCode, string>> = {
  BAD_REQUEST: 'Start it again from New run.',
  BAD_CONFIG: 'Change the settings in New run and start again.',
  NO_DATA: 'Check its dataset in the Library (it needs enough songs for one batch), then start again.',
  NO_CHECKPOINT: 'Its checkpoints are gone or damaged: start a new run.',
  BUSY: 'Stop the other run (or close the other program using its folder), then resume.',
  NOT_RUNNING: 'It was no longer training: look at Runs for its state.',
  DIVERGED: 'Start again with lower learning rates or another preset.',
  INTERNAL: 'This is a bug in the studio: resume it or start again.',
  'trainer-crashed': 'Resume it, or start again if it has no checkpoint yet.',
}

/** The notice of `train:failed`: which run, what happened, and what to do. */
export function failedNotice(f: TrainFailed): string {
  return `Training ${f.runId} failed: ${f.message}${f.canResume ? ' (you can resume it)' : ''}. ${NEXT_STEP[f.code]}`
}
