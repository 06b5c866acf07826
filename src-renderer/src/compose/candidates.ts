// Pure logic of the Compose screen's candidate list: the generate request and the candidates of its answer, sorting,
// the provenance record and a short human label of it. Where a candidate's notes land in the song is placement.ts.
import type {
  GeneratedPhrase,
  GeneratedPhrases,
  GenerateSampleRequest,
  PrimerDto,
} from '@common/ipc/training'
import type { Song } from '@common/music/song'
import type { ClipProvenance } from '@common/project/project'
import { type Key, NOTE_NAMES } from '@common/music/scale'

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
  /** Length asked for in bars (`length` events were generated for it; placement trims to the bars). */
  readonly bars?: number
  /** Key and scale the phrase is fitted to on placement (the raw output keeps its own pitches). */
  readonly key?: Key
}

/** One generated phrase as the Compose screen shows it. */
export interface Candidate {
  /** Unique within the session: `${batch}:${index}`. */
  readonly id: string
  /** Generation batch number in this session (1-based). */
  readonly batch: number
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
  /** Order of arrival in the session; within a batch, the critic's ranking (best first) when ranked. */
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
 * Candidates in display order: 'newest' batch first (each batch in its own order, so a ranked batch is best first),
 * 'score' best critic score first (unscored last), 'originality' shortest shared run first. Ties keep arrival
 * order; the input is not modified.
 */
export function sortCandidates<C extends Candidate>(list: readonly C[], key: SortKey): C[] {
  const by: Record<SortKey, (a: Candidate, b: Candidate) => number> = {
    newest: (a, b) => b.batch - a.batch || a.order - b.order,
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

/** The `generate:sample` request for a batch with `settings` (a reroll adds its prefix lock; a primer its notes). */
export function sampleRequest(
  runId: string,
  settings: GenerationSettings,
  seed: number,
  checks: { readonly rank: boolean; readonly memorisation: boolean },
  primer?: { readonly dto: PrimerDto },
): GenerateSampleRequest {
  return {
    runId,
    count: settings.count,
    seed,
    length: settings.length,
    checkpoint: settings.checkpoint,
    noiseScale: settings.noiseScale,
    rank: checks.rank,
    memorisation: checks.memorisation,
    ...(settings.prefixLockSteps !== undefined
      ? { prefixLockSteps: settings.prefixLockSteps, tailSeed: settings.tailSeed }
      : {}),
    ...(primer ? { primer: primer.dto } : {}),
  }
}

/** One answered phrase as a candidate of batch `batch`, arriving `order`-th in the session. */
export function candidateOf(
  r: GeneratedPhrases,
  ph: GeneratedPhrase,
  batch: number,
  settings: GenerationSettings,
  order: number,
): Candidate {
  return {
    id: `${batch}:${ph.index}`,
    batch,
    song: ph.song,
    runId: r.runId,
    checkpointEpoch: r.checkpointEpoch,
    seed: ph.seed,
    index: ph.index,
    settings,
    score: ph.score,
    memorisation: ph.memorisation,
    order,
  }
}

/** How an insert placed the candidate (recorded with it, so the clip can be placed again the same way). */
export interface PlacementRecord {
  readonly timing: 'beats' | 'seconds'
  readonly quantize: { readonly grid: number; readonly strength: number } | null
  /** Velocities × this on insert (1 when left out). */
  readonly velocityScale?: number
}

/** "C major" for a key. */
export const keyLabel = (k: Key): string => `${NOTE_NAMES[k.root]} ${k.scale}`

/** The provenance stored with an inserted candidate: enough to regenerate and place it again exactly. */
export function provenanceOf(c: Candidate, placed?: PlacementRecord): ClipProvenance {
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
  if (s.bars !== undefined) settings.bars = s.bars
  if (s.key !== undefined) settings.key = keyLabel(s.key)
  if (placed) {
    settings.timing = placed.timing
    if (placed.quantize) settings.quantize = placed.quantize
    if (placed.velocityScale !== undefined && placed.velocityScale !== 1)
      settings.velocityScale = placed.velocityScale
  }
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
  if (typeof s.bars === 'number') parts.push(`${s.bars} bars`)
  if (typeof s.key === 'string') parts.push(`in ${s.key}`)
  if (s.timing === 'seconds') parts.push('keeps seconds')
  return parts.join(' · ')
}

/** A fresh seed 0..2^31−1 from `random` (Math.random by default: the dice button). */
export function rollSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 2 ** 31) % 2 ** 31
}
