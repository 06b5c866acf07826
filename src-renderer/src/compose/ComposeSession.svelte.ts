// Compose screen state, alive across tab switches: the chosen model (remembered across restarts), generation
// settings (length in events or bars, into the song's key), the candidate list (generate, reroll after step k,
// continue from a primer), and placing a candidate, the same way for Play and Insert.
import type { CheckpointRefDto, PrimerDto, RunSummary } from '@common/ipc/training'
import { firstShippedModel, type ShippedModelName } from '@common/models/shipped'
import type { Song } from '@common/music/song'
import type { EditorState } from '../editor/index'
import { insertGenerated } from '../editor/index'
import { call, StudioError } from '../lib/ipc'
import { notices, type Notices } from '../lib/notices.svelte'
import {
  candidateOf,
  provenanceOf,
  sampleRequest,
  rollSeed,
  sortCandidates,
  type Candidate,
  type GenerationSettings,
  type SortKey,
} from './candidates'
import { fieldProblems, type ComposeField } from './formCheck'
import { InsertOptions } from './InsertOptions.svelte'
import { EventRates } from './EventRates.svelte'
import { eventsForBars } from './lengthInBars'
import { availableCheckpoint, initialModel, type ModelChoice } from './modelChoice'
import { appendTick, auditionSong, placeCandidate, type Placement } from './placement'

/** A generated candidate plus what the Compose screen needs to reroll or place it. */
export interface ComposeCandidate extends Candidate {
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
  /** Events (cells) per candidate when `lengthUnit` is 'events'. */
  length = $state(32)
  /** Whether Length is asked in events (the generator's steps) or in bars of the song. */
  lengthUnit = $state<'events' | 'bars'>('events')
  bars = $state(4)
  /** Fit generated pitches to the piano roll's key and scale (the card says so; Raw plays the output as is). */
  fitKey = $state(false)
  noiseScale = $state(1)
  rank = $state(true)
  memorisation = $state(true)
  sortKey = $state<SortKey>('newest')
  candidates = $state.raw<ComposeCandidate[]>([])
  generating = $state(false)
  /** The generate column is folded away (more room for the piano roll); kept while switching screens. */
  panelCollapsed = $state(false)
  /** False until the first `loadRuns` answered (so the screen does not flash "no model yet"). */
  runsLoaded = $state(false)
  /** Measured events per generated quarter note, per run and checkpoint (for lengths in bars). */
  readonly rates = new EventRates()
  readonly insertOptions = new InsertOptions()
  #batch = 0
  #order = 0
  #remembered: Promise<ModelChoice | null> | null = null
  readonly #notices: Notices

  constructor(n: Notices) {
    this.#notices = n
  }

  get sorted(): ComposeCandidate[] {
    return sortCandidates(this.candidates, this.sortKey)
  }
  get run(): RunSummary | null {
    return this.runs.find((r) => r.runId === this.runId) ?? null
  }
  /** The shipped model a first run offers (the default one, else the other), or null when the build has none. */
  get starterModel(): ShippedModelName | null {
    return firstShippedModel(this.runs.map((r) => r.runId)) ?? null
  }
  /** What main's request schema says of the typed values, by field; empty when Generate may send them. */
  get problems(): Partial<Record<ComposeField, string>> {
    const length = this.lengthUnit === 'events' ? this.length : undefined
    return fieldProblems({ seed: this.seed, count: this.count, noiseScale: this.noiseScale, length })
  }
  /** Events per generated quarter measured for the chosen model, if known yet. */
  get rate(): number | undefined {
    return this.rates.get(this.runId, this.checkpoint)
  }

  /** Runs that have at least one checkpoint; the first time, selects the remembered model (or the starter). */
  async loadRuns(): Promise<void> {
    try {
      this.runs = (await call('train:list', {})).filter((r) => r.checkpoints.length > 0)
      if (!this.run) {
        const pick = initialModel(this.runs, await this.#rememberedModel())
        this.runId = pick?.runId ?? ''
        this.checkpoint = pick?.checkpoint ?? 'latest'
      } else this.checkpoint = availableCheckpoint(this.run, this.checkpoint)
      this.runsLoaded = true
    } catch (err) {
      this.#notices.error(err)
    }
  }

  /** The composer picked a model: use it and remember it for the next start. */
  chooseModel(runId: string, checkpoint: CheckpointRefDto = 'latest'): void {
    this.runId = runId
    const run = this.run
    this.checkpoint = run ? availableCheckpoint(run, checkpoint) : checkpoint
    this.#remember()
  }

  #rememberedModel(): Promise<ModelChoice | null> {
    this.#remembered ??= call('settings:get', {}).then(
      (s) => s.composeModel ?? null,
      () => null, // no settings (older main, unreadable): fall back to the starter / newest
    )
    return this.#remembered
  }

  #remember(): void {
    if (!this.runId) return
    const composeModel = { runId: this.runId, checkpoint: this.checkpoint }
    this.#remembered = Promise.resolve(composeModel)
    void call('settings:set', { composeModel }).catch((err: unknown) => this.#notices.error(err))
  }

  rollDice(): void {
    this.seed = rollSeed()
  }

  /** Generates `count` new candidates with the current settings (optionally continuing `primer`). */
  async generate(editor: EditorState, primer?: { dto: PrimerDto; atTick: number }): Promise<void> {
    if (!this.runId) {
      this.#notices.push('info', 'Train a model first: no run with a checkpoint yet.')
      return
    }
    const problem = Object.values(this.problems)[0]
    if (problem) {
      this.#notices.push('error', problem)
      return
    }
    this.#remember()
    const primed = primer ? primer.dto.notes.length : 0
    let length = this.length
    let bars: number | undefined
    if (this.lengthUnit === 'bars') {
      bars = this.bars
      const rate = this.rate ?? (await this.#probeRate())
      if (rate === null) return
      const atTick = primer?.atTick ?? appendTick(editor.song)
      const timing = primer ? 'beats' : this.insertOptions.timing
      length = primed + eventsForBars({ bars, song: editor.song, atTick, timing, rate })
    }
    const settings: GenerationSettings = {
      count: this.count,
      length,
      noiseScale: this.noiseScale,
      checkpoint: this.checkpoint,
      ...(primer ? { primerNotes: primed } : {}),
      ...(bars !== undefined ? { bars } : {}),
      ...(this.fitKey && editor.key ? { key: editor.key } : {}),
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
      bpm: editor.song.tempos.filter((t) => t.tick <= atTick).at(-1)?.bpm ?? 120,
      notes: notes.map((n) => ({
        pitch: n.pitch,
        startTick: n.startTick - atTick,
        durationTicks: n.durationTicks,
        velocity: n.velocity,
      })),
    }
    if (this.lengthUnit === 'events' && dto.notes.length >= this.length) {
      this.#notices.push(
        'error',
        `The selection has ${dto.notes.length} notes; set Length above that to continue it.`,
      )
      return
    }
    await this.generate(editor, { dto, atTick })
  }

  /** Where `c` lands in the editor's song with the current insert options (what Play plays, what Insert adds). */
  placementFor(c: ComposeCandidate, editor: EditorState): Placement {
    const placed = {
      song: c.song,
      primerNotes: c.primer ? c.settings.primerNotes : 0,
      primerAtTick: c.primerAtTick,
      key: c.settings.key,
      bars: c.settings.bars,
    }
    return placeCandidate(placed, editor.song, this.insertOptions.placement(editor))
  }

  /**
   * The song Play auditions for `c`: its placement under the song's tempo map from the insert point, on the
   * instrument of the track it goes into (the active track's, or a new track's grand piano).
   */
  auditionFor(c: ComposeCandidate, editor: EditorState): Song {
    const into = this.insertOptions.target === 'active' ? editor.activeTrack : undefined
    return auditionSong(editor.song, this.placementFor(c, editor), `#${c.index + 1}`, into)
  }

  /**
   * Inserts `c` into the song as one undoable step, into a new "Generated n" track (which becomes the active
   * track) or the active track, recording its provenance and placement.
   */
  insert(c: ComposeCandidate, editor: EditorState): boolean {
    const p = this.placementFor(c, editor)
    if (p.notes.length === 0) {
      this.#notices.push('error', `Candidate #${c.index + 1} has no notes to insert.`)
      return false
    }
    const { quantize, velocityScale } = this.insertOptions.placement(editor)
    const provenance = provenanceOf(c, { timing: p.timing, quantize, velocityScale })
    const trackId = this.insertOptions.target === 'active' ? editor.activeTrack?.id : undefined
    let target = trackId
    const done = editor.apply((s) => {
      const r = insertGenerated(s, { trackId, atTick: p.atTick, notes: p.notes, provenance })
      target = r.clip.trackId
      return { song: r.song, select: r.clip.noteIds }
    })
    // The composer edits what they just inserted: its track becomes the active one (no ghost notes).
    if (done && target) editor.activeTrackId = target
    return done
  }

  clear(): void {
    this.candidates = []
  }

  /** One short raw generation of the chosen model, measuring how many events it makes per quarter note. */
  async #probeRate(): Promise<number | null> {
    this.generating = true
    try {
      return await this.rates.probe(this.runId, this.checkpoint, this.seed, this.noiseScale)
    } catch (err) {
      this.#failed(err)
      return null
    } finally {
      this.generating = false
    }
  }

  /** Shows a failed generation; a checkpoint that vanished from disk also refreshes the list. */
  #failed(err: unknown): void {
    this.#notices.error(err)
    if (err instanceof StudioError && err.code === 'not-found') void this.loadRuns()
  }

  async #request(
    settings: GenerationSettings,
    seed: number,
    primer?: { dto: PrimerDto; atTick: number },
    onlyIndex?: number,
  ): Promise<void> {
    const runId = this.runId
    if (!runId) return
    const req = sampleRequest(
      runId,
      settings,
      seed,
      { rank: this.rank, memorisation: this.memorisation },
      primer,
    )
    this.generating = true
    try {
      const r = await call('generate:sample', req)
      const batch = ++this.#batch
      const fresh = r.phrases
        .filter((ph) => onlyIndex === undefined || ph.index === onlyIndex)
        .map<ComposeCandidate>((ph) => ({
          ...candidateOf(r, ph, batch, settings, this.#order++),
          ...(primer ? { primer: primer.dto, primerAtTick: primer.atTick } : {}),
        }))
      this.candidates = [...this.candidates, ...fresh]
      // Every raw output refines the model's events-per-beat figure (used for lengths in bars).
      if (!primer) this.rates.learn(runId, settings.checkpoint, r.phrases, settings.length)
    } catch (err) {
      this.#failed(err)
    } finally {
      this.generating = false
    }
  }
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
