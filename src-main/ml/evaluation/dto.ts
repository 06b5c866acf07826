// The protocol report reduced to what the Train dashboard shows each epoch (the IPC DTO).
import type { EpochEvaluationDto } from '../../common/ipc/training'
import type { EvalReport } from './protocol'

/** Summary, components, kept notes and velocities of `r`, as plain data for the epochEnd event. */
export function evaluationDto(r: EvalReport): EpochEvaluationDto {
  return {
    version: r.version,
    score: r.summary.score,
    components: r.summary.components.map((c) => ({ key: c.key, label: c.label, value: c.value })),
    keptNotesPerEvent: r.keptNotes.generated,
    realNotesPerEvent: r.keptNotes.real,
    velocity: { ...r.velocity.generated },
    realVelocity: { ...r.velocity.real },
    discriminative: r.discriminative.score,
    samples: r.generated.windows,
    realWindows: r.real.windows,
  }
}
