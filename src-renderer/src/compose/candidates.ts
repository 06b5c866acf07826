// Pure logic of the Compose screen's candidate list: sorting, the notes a candidate inserts (rescaled to the song's
// PPQ, primer skipped), its provenance record, and a short human label of that provenance.
import type { Song } from '@common/music/song'
import type { ClipProvenance } from '@common/project/project'

/** The settings a batch was generated with (what "regenerate exactly" needs besides run, checkpoint and seed). */
export interface GenerationSettings {
  /** Candidates in the batch (the noise of candidate i depends on it). */
  readonly count: number
  /** Cells per candidate, including a primer's cells. */
  readonly length: number
  /** Multiplier of the uniform noise z (1 = paper). */
  readonly noiseScale: number
  /** 'latest' | 'best' | epoch N, as requested. */
  readonly checkpoint: 'latest' | 'best' | number
  /** Partial reroll: steps whose noise came from `seed`, the rest from `tailSeed`. */
  readonly prefixLockSteps?: number
  readonly tailSeed?: number
  /** Notes of the primer the candidate continues (teacher-forced first). */
  readonly primerNotes?: number
}

/** One generated phrase as the Compose screen shows it. */
export interface Candidate {
  /** Unique within the session: `${batch}:${index}`. */
  readonly id: string
  readonly song: Song
  readonly runId: string
  /** Epoch of the checkpoint actually used. */
  readonly checkpointEpoch: number
  readonly seed: number
  /** Position in the generated batch before ranking. */
  readonly index: number
  readonly settings: GenerationSettings
  /** Critic (D) probability of "real", 0..1, when ranked. */
  readonly score?: number
  /** Longest (interval, rhythm) run shared with one training piece. */
  readonly memorisation?: { readonly longestRun: number; readonly piece: string | null }
  /** Order of arrival in the session (for the 'newest' sort). */
  readonly order: number
}

export type SortKey = 'newest' | 'score' | 'originality'

/** Events shared with one training piece from which a candidate is flagged as memorised. */
export const MEMORISATION_FLAG_RUN = 12

/** True when the candidate repeats a long passage of one training piece. */
export function isMemorised(c: Pick<Candidate, 'memorisation'>, threshold = MEMORISATION_FLAG_RUN): boolean {
  return (c.memorisation?.longestRun ?? 0) >= threshold
}

/**
 * Candidates in display order: 'newest' first, 'score' best critic score first (unscored last), 'originality'
 * shortest shared run first. Ties keep arrival order; the input is not modified.
 */
export function sortCandidates(list: readonly Candidate[], key: SortKey): Candidate[] {
  const by: Record<SortKey, (a: Candidate, b: Candidate) => number> = {
    newest: (a, b) => b.order - a.order,
    score: (a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity) || a.order - b.order,
    originality: (a, b) =>
      (a.memorisation?.longestRun ?? Infinity) - (b.memorisation?.longestRun ?? Infinity) ||
      a.order - b.order,
  }
  return [...list].sort(by[key])
}

/** A note to insert, relative to the insertion tick. */
export interface RelativeNote {
  readonly pitch: number
  readonly startTick: number
  readonly durationTicks: number
  readonly velocity: number
}

/**
 * The candidate's notes (all tracks) rescaled from its PPQ to `targetPpq`, sorted, starting at 0. With
 * `skipNotes` > 0 the first notes (a primer the model was teacher-forced with) are left out, and times are
 * relative to the first kept note's original position so the continuation lands where it was generated.
 */
export function candidateNotes(
  song: Song,
  targetPpq: number,
  skipNotes = 0,
  /** Insert setting: generated velocities × this (clamped to 1..127), so quiet phrases can be made audible. */
  velocityScale = 1,
): RelativeNote[] {
  if (!(targetPpq > 0)) throw new Error(`target PPQ must be > 0, got ${targetPpq}`)
  if (!(velocityScale > 0)) throw new Error(`velocity scale must be > 0, got ${velocityScale}`)
  const k = targetPpq / song.ppq
  const all = song.tracks
    .flatMap((t) => t.notes)
    .map((n) => ({
      pitch: n.pitch,
      startTick: Math.round(n.startTick * k),
      durationTicks: Math.max(1, Math.round(n.durationTicks * k)),
      velocity: Math.min(127, Math.max(1, Math.round(n.velocity * velocityScale))),
    }))
    .sort((a, b) => a.startTick - b.startTick || a.pitch - b.pitch)
  const kept = all.slice(Math.max(0, skipNotes))
  const origin = skipNotes > 0 ? 0 : (kept[0]?.startTick ?? 0)
  return kept.map((n) => ({ ...n, startTick: n.startTick - origin }))
}

/** The provenance stored with an inserted candidate: enough to regenerate it exactly. */
export function provenanceOf(c: Candidate): ClipProvenance {
  const s = c.settings
  const settings: Record<string, unknown> = {
    index: c.index,
    count: s.count,
    length: s.length,
    noiseScale: s.noiseScale,
    checkpointEpoch: c.checkpointEpoch,
  }
  if (s.prefixLockSteps !== undefined) settings.prefixLockSteps = s.prefixLockSteps
  if (s.tailSeed !== undefined) settings.tailSeed = s.tailSeed
  if (s.primerNotes !== undefined) settings.primerNotes = s.primerNotes
  if (c.score !== undefined) settings.criticScore = Number(c.score.toFixed(4))
  return {
    run: c.runId,
    checkpoint: typeof s.checkpoint === 'number' ? `epoch ${s.checkpoint}` : s.checkpoint,
    seed: c.seed,
    settings,
  }
}

/** One-line summary, e.g. "run-abc · latest (epoch 2) · seed 7 #3 · reroll after 8 (tail 99)". */
export function provenanceLabel(p: ClipProvenance): string {
  const s = p.settings
  const parts = [
    p.run,
    `${p.checkpoint}${typeof s.checkpointEpoch === 'number' ? ` (epoch ${s.checkpointEpoch})` : ''}`,
  ]
  parts.push(`seed ${p.seed}${typeof s.index === 'number' ? ` #${s.index + 1}` : ''}`)
  if (typeof s.prefixLockSteps === 'number')
    parts.push(`reroll after ${s.prefixLockSteps} (tail ${String(s.tailSeed)})`)
  if (typeof s.primerNotes === 'number') parts.push(`continues ${s.primerNotes} notes`)
  return parts.join(' · ')
}

/** A fresh seed 0..2^31−1 from `random` (Math.random by default: the dice button). */
export function rollSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 2 ** 31) % 2 ** 31
}
