// Display formatting of the Train screen: durations, rates, losses and checkpoint labels.
import type { CheckpointSummary } from '@common/ipc/training'

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

/** "epoch 3", "epoch 3 + 12 steps", with "★" for the best by validation loss. */
export function checkpointLabel(c: CheckpointSummary): string {
  return `epoch ${c.epoch}${c.step > 0 ? ` + ${c.step} step${c.step === 1 ? '' : 's'}` : ''}${c.isBest ? ' ★' : ''}`
}
