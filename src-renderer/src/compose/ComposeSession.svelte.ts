// Compose screen state, alive across tab switches: the chosen run and checkpoint, generation settings, the
// candidate list (generate, reroll after step k, continue from a primer) and inserting a candidate into the song.
import type { CheckpointRefDto, GenerateSampleRequest, PrimerDto, RunSummary } from '@common/ipc/training'
import type { Song } from '@common/music/song'
import { songEndTick } from '@common/music/time'
import type { EditorState } from '../editor/index'
import { insertGenerated } from '../editor/index'
import { call } from '../lib/ipc'
import { notices, type Notices } from '../lib/notices.svelte'
import {
  candidateNotes,
  provenanceOf,
  rollSeed,
  sortCandidates,
  type Candidate,
  type GenerationSettings,
  type SortKey,
} from './candidates'

/** Run id under which `train:list` offers the shipped starter model (src-main/app/services/runCatalog.ts). */
export const STARTER_RUN_ID = 'starter'

/** A generated candidate plus what the Compose screen needs to reroll or place it. */
export interface ComposeCandidate extends Candidate {
  /** Generation batch number in this session (1-based). */
  readonly batch: number
  /** The primer it continues, and the tick the primer started at in the song. */
  readonly primer?: PrimerDto
  readonly primerAtTick?: number
}

export class ComposeSession {
  runs = $state.raw<RunSummary[]>([])
  runId = $state('')
  checkpoint = $state<CheckpointRefDto>('latest')
  seed = $state(7)
  count = $state(4)
  /** Events (cells) per candidate. */
  length = $state(32)
  noiseScale = $state(1)
  /** Insert setting: generated velocities are multiplied by this when inserted (playback/insert level). */
  velocityScale = $state(1)
  rank = $state(true)
  memorisation = $state(true)
  sortKey = $state<SortKey>('newest')
  candidates = $state.raw<ComposeCandidate[]>([])
  generating = $state(false)
  /** The generate column is folded away (more room for the piano roll); kept while switching screens. */
  panelCollapsed = $state(false)
  /** False until the first `loadRuns` answered (so the screen does not flash "no model yet"). */
  runsLoaded = $state(false)
  #batch = 0
  #order = 0
  readonly #notices: Notices

  constructor(n: Notices) {
    this.#notices = n
  }

  get sorted(): ComposeCandidate[] {
    return sortCandidates(this.candidates, this.sortKey) as ComposeCandidate[]
  }
  get run(): RunSummary | null {
    return this.runs.find((r) => r.runId === this.runId) ?? null
  }

  /** Runs that have at least one checkpoint (only those can generate). */
  async loadRuns(): Promise<void> {
    try {
      this.runs = (await call('train:list', {})).filter((r) => r.checkpoints.length > 0)
      if (!this.run) this.runId = this.runs.at(-1)?.runId ?? ''
      this.runsLoaded = true
    } catch (err) {
      this.#notices.error(err)
    }
  }

  /** True when this build ships the starter model (listed by `train:list` as run 'starter'). */
  get hasStarter(): boolean {
    return this.runs.some((r) => r.runId === STARTER_RUN_ID)
  }

  rollDice(): void {
    this.seed = rollSeed()
  }

  /** Generates `count` new candidates with the current settings (optionally continuing `primer`). */
  async generate(primer?: { dto: PrimerDto; atTick: number }): Promise<void> {
    const settings: GenerationSettings = {
      count: this.count,
      length: this.length,
      noiseScale: this.noiseScale,
      checkpoint: this.checkpoint,
      ...(primer ? { primerNotes: primer.dto.notes.length } : {}),
    }
    await this.#request(settings, this.seed, primer)
  }

  /** Keeps the first `k` steps of `c` (same seed) and redraws the rest from a fresh tail seed. */
  async reroll(c: ComposeCandidate, k: number): Promise<void> {
    const settings: GenerationSettings = { ...c.settings, prefixLockSteps: k, tailSeed: rollSeed() }
    const primer = c.primer ? { dto: c.primer, atTick: c.primerAtTick ?? 0 } : undefined
    await this.#request(settings, c.seed, primer, c.index)
  }

  /** Continues the editor's selected notes (teacher-forced primer), placing results at the selection's start. */
  async continueFrom(editor: EditorState): Promise<void> {
    const notes = editor.song.tracks.flatMap((t) => t.notes.filter((n) => editor.selection.has(n.id)))
    if (notes.length === 0) {
      this.#notices.push('info', 'Select some notes in the piano roll to continue them.')
      return
    }
    const atTick = Math.min(...notes.map((n) => n.startTick))
    const dto: PrimerDto = {
      ppq: editor.song.ppq,
      bpm: editor.song.tempos[0]?.bpm ?? 120,
      notes: notes.map((n) => ({
        pitch: n.pitch,
        startTick: n.startTick - atTick,
        durationTicks: n.durationTicks,
        velocity: n.velocity,
      })),
    }
    if (dto.notes.length >= this.length) {
      this.#notices.push(
        'error',
        `The selection has ${dto.notes.length} notes; set Length above that to continue it.`,
      )
      return
    }
    await this.generate({ dto, atTick })
  }

  /** Inserts `c` into the song as one undoable step (new "Generated n" track), recording its provenance. */
  insert(c: ComposeCandidate, editor: EditorState): boolean {
    const song = editor.song
    const notes = candidateNotes(c.song, song.ppq, c.primer ? c.settings.primerNotes : 0, this.velocityScale)
    if (notes.length === 0) {
      this.#notices.push('error', `Candidate #${c.index + 1} has no notes to insert.`)
      return false
    }
    const atTick = c.primerAtTick ?? nextBar(song)
    const provenance = provenanceOf(c)
    return editor.apply((s) => {
      const r = insertGenerated(s, { atTick, notes, provenance })
      return { song: r.song, select: r.clip.noteIds }
    })
  }

  clear(): void {
    this.candidates = []
  }

  async #request(
    settings: GenerationSettings,
    seed: number,
    primer?: { dto: PrimerDto; atTick: number },
    onlyIndex?: number,
  ): Promise<void> {
    const runId = this.runId
    if (!runId) {
      this.#notices.push('info', 'Train a model first: no run with a checkpoint yet.')
      return
    }
    const req: GenerateSampleRequest = {
      runId,
      count: settings.count,
      seed,
      steps: settings.length,
      checkpoint: settings.checkpoint,
      noiseScale: settings.noiseScale,
      rank: this.rank,
      memorisation: this.memorisation,
      ...(settings.prefixLockSteps !== undefined
        ? { prefixLockSteps: settings.prefixLockSteps, tailSeed: settings.tailSeed }
        : {}),
      ...(primer ? { primer: primer.dto } : {}),
    }
    this.generating = true
    try {
      const r = await call('generate:sample', req)
      const batch = ++this.#batch
      const fresh = r.phrases
        .filter((ph) => onlyIndex === undefined || ph.index === onlyIndex)
        .map<ComposeCandidate>((ph) => ({
          id: `${batch}:${ph.index}`,
          batch,
          song: ph.song,
          runId,
          checkpointEpoch: r.checkpointEpoch,
          seed: ph.seed,
          index: ph.index,
          settings,
          score: ph.score,
          memorisation: ph.memorisation,
          order: this.#order++,
          ...(primer ? { primer: primer.dto, primerAtTick: primer.atTick } : {}),
        }))
      this.candidates = [...this.candidates, ...fresh]
    } catch (err) {
      this.#notices.error(err)
    } finally {
      this.generating = false
    }
  }
}

/** The first bar line at or after the song's end (4/4 bars of the song's PPQ); 0 for an empty song. */
export function nextBar(song: Song): number {
  const end = songEndTick(song)
  const bar = song.ppq * 4
  return Math.ceil(end / bar) * bar
}

/** The app's one compose session. */
export const composeSession = new ComposeSession(notices)

/** Notes of a song in display form, for fingerprints in tests and titles: "pitch@start+dur" joined by spaces. */
export function notesFingerprint(song: Song): string {
  return song.tracks
    .flatMap((t) => t.notes)
    .map((n) => `${n.pitch}@${n.startTick}+${n.durationTicks}v${n.velocity}`)
    .join(' ')
}
