// Length in bars → events (the generator's steps): from how many events per quarter note the model produces, as
// measured on its own raw output, and how generated time maps onto the song's tempo and meter at the insert point.
import { WRITER_BPM } from '@common/crnngan/writer'
import { MAX_SAMPLE_LENGTH } from '@common/ipc/training'
import type { Song } from '@common/music/song'
import { ticksAfterBars, ticksToSeconds } from '@common/music/time'
import type { Ticks } from '@common/music/units'
import type { TimingMode } from './placement'

/** Events per quarter assumed when a model's output spans no time at all (every note on one tick). */
export const FALLBACK_EVENTS_PER_QUARTER = 2
/** Extra events asked for, so a phrase with slower passages still fills the bars (the rest is trimmed). */
export const EVENTS_MARGIN = 1.25

/**
 * Events per generated quarter note over raw outputs of `length` events each: steps between the first and the last
 * onset, over that span in quarters, pooled over the songs; null when no song spans any time.
 */
export function eventsPerQuarter(songs: readonly Song[], length: number): number | null {
  let events = 0
  let quarters = 0
  for (const s of songs) {
    const onsets = s.tracks.flatMap((t) => t.notes.map((n) => n.startTick))
    if (onsets.length < 2) continue
    const span = (Math.max(...onsets) - Math.min(...onsets)) / s.ppq
    if (span <= 0) continue
    events += Math.max(1, Math.min(length, onsets.length) - 1)
    quarters += span
  }
  return quarters > 0 ? events / quarters : null
}

/** Arguments of {@link eventsForBars}. */
export interface BarsRequest {
  readonly bars: number
  readonly song: Song
  /** Where the phrase will go (a bar line, or a continuation's start). */
  readonly atTick: Ticks
  readonly timing: TimingMode
  /** Measured events per generated quarter note. */
  readonly rate: number
}

/** Generated quarter notes that `bars` bars of the song last under the timing mode. */
export function generatedQuarters(r: Omit<BarsRequest, 'rate'>): number {
  const end = ticksAfterBars(r.song, r.atTick, r.bars)
  if (r.timing === 'beats') return (end - r.atTick) / r.song.ppq
  // 'seconds': the phrase keeps the writer's 45 BPM, so the bars' duration in seconds is what it must fill.
  const seconds = ticksToSeconds(r.song, end) - ticksToSeconds(r.song, r.atTick)
  return (seconds * WRITER_BPM) / 60
}

/**
 * Events to request so the phrase covers `bars` bars (with a margin; the surplus is trimmed on placement), at most
 * the longest phrase main makes.
 */
export function eventsForBars(r: BarsRequest): number {
  if (!Number.isInteger(r.bars) || r.bars < 1) throw new Error(`bars must be an integer ≥ 1, got ${r.bars}`)
  if (!(r.rate > 0)) throw new Error(`events per quarter must be > 0, got ${r.rate}`)
  const n = Math.ceil(generatedQuarters(r) * r.rate * EVENTS_MARGIN) + 1
  return Math.min(MAX_SAMPLE_LENGTH, Math.max(2, n))
}
