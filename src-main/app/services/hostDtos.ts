// Pure mappings between the engine host's protocol and the IPC DTOs (kept out of TrainingService so it stays about
// run lifecycle): progress events, checkpoint list entries, and a primer's notes as the Song the engine encodes.
import type { CheckpointSummary, GenerateSampleRequest, TrainProgress } from '@common/ipc/training'
import type { Song } from '@common/music/song'
import type { NoteId, TrackId } from '@common/music/units'
import type { CheckpointEvent, ProgressEvent } from '../../ml/host/protocol'

/** `train:progress` payload of a host progress event (NaN MSE outside pretraining; null ETA when unknown). */
export function progressDto(runId: string, epochs: number, ev: ProgressEvent): TrainProgress {
  return {
    runId,
    epoch: ev.epoch,
    epochs,
    step: ev.step,
    stepsPerEpoch: ev.stepsPerEpoch,
    dLoss: ev.dLoss,
    gLoss: ev.gLoss,
    etaSeconds: Number.isFinite(ev.etaSeconds) ? ev.etaSeconds : null,
    phase: ev.phase,
    gLossFeatureMatching: ev.gLossFeatureMatching,
    mseLoss: ev.mseLoss ?? NaN,
    freezeD: ev.freezeD,
    freezeG: ev.freezeG,
    stepsPerSecond: ev.stepsPerSecond,
    backend: ev.backend,
    songLength: ev.songLength,
  }
}

/** The checkpoint list entry of a host checkpoint event (step > 0 = saved mid-epoch: pause, stop). */
export function checkpointEntry(ev: CheckpointEvent): CheckpointSummary {
  const { epoch, step, reason, isBest, validationLoss } = ev
  return { epoch, step, reason, isBest, validationLoss }
}

/** `list` with `entry` added (replacing one at the same position); only the newest best keeps its star. */
export function withCheckpoint(
  list: readonly CheckpointSummary[],
  entry: CheckpointSummary,
): CheckpointSummary[] {
  const kept = list.filter((c) => !(c.epoch === entry.epoch && c.step === entry.step))
  return [...kept.map((c) => (entry.isBest ? { ...c, isBest: false } : c)), entry]
}

/** The primer notes as a one-track Song (sorted by time, then pitch) for the engine's encoder. */
export function primerSong(p: NonNullable<GenerateSampleRequest['primer']>): Song {
  const notes = [...p.notes]
    .sort((a, b) => a.startTick - b.startTick || a.pitch - b.pitch)
    .map((n, i) => ({ ...n, id: `p${i}` as NoteId }))
  return {
    name: 'primer',
    ppq: p.ppq,
    tempos: [{ tick: 0, bpm: p.bpm }],
    timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
    tracks: [{ id: 'primer' as TrackId, name: 'primer', channel: 0, program: 0, notes }],
  }
}
