// Compose screen state, alive across tab switches: on top of the chosen model (ModelSelection), the generation
// settings (length in events or bars, into the song's key), the candidate list (generate, reroll after step k,
// continue from a primer) and placing a candidate, the same way for Play and Insert (candidateInsert.ts).
import type { PrimerDto } from '@common/ipc/training'
import type { Song } from '@common/music/song'
import type { EditorState } from '../editor/index'
import { StudioError } from '../lib/ipc'
import { candidateAudition, candidatePlacement, insertPlaced } from './candidateInsert'
import {
  candidateOf,
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
import { ModelSelection } from './ModelSelection.svelte'
import { appendTick, type Placement } from './placement'

/** A generated candidate plus what the Compose screen needs to reroll or place it. */
export interface ComposeCandidate extends Candidate {
  /** The primer it continues, and the tick the primer started at in the song. */
  readonly primer?: PrimerDto
  readonly primerAtTick?: number
}

export class ComposeSession extends ModelSelection {
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
  /** Measured events per generated quarter note, per run and checkpoint (for lengths in bars). */
  readonly rates = new EventRates(this.client)
  readonly insertOptions = new InsertOptions()
  #batch = 0
  #order = 0

  get sorted(): ComposeCandidate[] {
    return sortCandidates(this.candidates, this.sortKey)
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

  rollDice(): void {
    this.seed = rollSeed()
  }

  /** Generates `count` new candidates with the current settings (optionally continuing `primer`). */
  async generate(editor: EditorState, primer?: { dto: PrimerDto; atTick: number }): Promise<void> {
    if (!this.runId) {
      this.notices.push('info', 'Train a model first: no run with a checkpoint yet.')
      return
    }
    const problem = Object.values(this.problems)[0]
    if (problem) {
      this.notices.push('error', problem)
      return
    }
    this.remember()
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
      this.notices.push('info', 'Select some notes in the piano roll to continue them.')
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
      this.notices.push(
        'error',
        `The selection has ${dto.notes.length} notes; set Length above that to continue it.`,
      )
      return
    }
    await this.generate(editor, { dto, atTick })
  }

  /** Where `c` lands in the editor's song with the current insert options (what Play plays, what Insert adds). */
  placementFor(c: ComposeCandidate, editor: EditorState): Placement {
    return candidatePlacement(c, editor, this.insertOptions)
  }

  /** The song Play auditions for `c` (see candidateInsert.ts). */
  auditionFor(c: ComposeCandidate, editor: EditorState): Song {
    return candidateAudition(c, editor, this.insertOptions)
  }

  /** Inserts `c` into the song as one undoable step (see candidateInsert.ts); a silent one is refused, said so. */
  insert(c: ComposeCandidate, editor: EditorState): boolean {
    const p = this.placementFor(c, editor)
    if (p.notes.length === 0) {
      this.notices.push('error', `Candidate #${c.index + 1} has no notes to insert.`)
      return false
    }
    return insertPlaced(c, p, editor, this.insertOptions)
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
    this.notices.error(err)
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
      const r = await this.client.call('generate:sample', req)
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

/** Notes of a song in display form, for fingerprints in tests and titles: "pitch@start+dur" joined by spaces. */
export function notesFingerprint(song: Song): string {
  return song.tracks
    .flatMap((t) => t.notes)
    .map((n) => `${n.pitch}@${n.startTick}+${n.durationTicks}v${n.velocity}`)
    .join(' ')
}
