// Real-corpus checks (skipped without ../shared/data): readSong vs an independent decoder, write→read round trips,
// and mutation fuzzing of real files.
import { readFileSync } from 'node:fs'
import { Midi } from '@tonejs/midi'
import { describe, expect, it } from 'vitest'
import { corpusFiles, hasCorpus } from '../../../tests/support/corpus'
import type { Song } from '../music/song'
import { Rng } from '../random'
import { MidiFormatError } from './errors'
import { readSong } from './readSong'
import { writeSong } from './writeSong'

const FOLDERS = ['jsb-chorales', 'mutopia-bach', 'piano-midi-de']

/** Every 1/n-th file of each corpus folder (deterministic sample across the three folders). */
function sample(perFolder: number): string[] {
  return FOLDERS.flatMap((f) => {
    const files = corpusFiles(f)
    const step = Math.max(1, Math.floor(files.length / perFolder))
    return files.filter((_, i) => i % step === 0).slice(0, perFolder)
  })
}

/** Notes of all tracks as sorted [pitch, start, duration, velocity] rows. */
const noteRows = (s: Song) =>
  s.tracks
    .flatMap((t) =>
      t.notes.map((n) => [t.channel, n.pitch, n.startTick, n.durationTicks, n.velocity].join(',')),
    )
    .sort()

describe.skipIf(!hasCorpus)('MIDI I/O on the real corpus', () => {
  it('readSong finds the same notes as @tonejs/midi on ~30 files from the three folders', () => {
    const files = sample(10)
    expect(files.length).toBeGreaterThanOrEqual(30)
    for (const f of files) {
      const bytes = readFileSync(f)
      const ours = readSong(bytes, { name: f })
      const theirs = new Midi(bytes)
      const rows = (ts: { notes: { midi: number; ticks: number; durationTicks: number }[] }[]) =>
        ts
          .flatMap((t) => t.notes.filter((n) => n.durationTicks > 0).map((n) => `${n.midi},${n.ticks}`))
          .sort()
      const ourRows = ours.tracks.flatMap((t) => t.notes.map((n) => `${n.pitch},${n.startTick}`)).sort()
      expect(ourRows, f).toEqual(rows(theirs.tracks))
      expect(ours.ppq, f).toBe(theirs.header.ppq)
    }
  })

  it('read → write → read gives the same notes, tempos and time signatures on every corpus file', () => {
    const files = corpusFiles()
    let checked = 0
    for (const f of files) {
      const song = readSong(readFileSync(f), { name: f })
      const again = readSong(writeSong(song), { name: f })
      const [want, got] = [noteRows(song).join('\n'), noteRows(again).join('\n')]
      // Compare as one string (fast); on a mismatch, diff the rows so the failure shows which notes differ.
      if (got !== want) expect(noteRows(again), f).toEqual(noteRows(song))
      expect(again.timeSignatures, f).toEqual(song.timeSignatures)
      const tempoRows = (s: Song) => s.tempos.map((t) => `${t.tick}:${t.bpm.toFixed(3)}`).join(' ')
      expect(tempoRows(again), f).toBe(tempoRows(song))
      checked++
    }
    expect(checked).toBe(files.length)
  })

  it('300 seeded mutations of real files parse or throw MidiFormatError, each under 1 s', () => {
    const rng = new Rng(99)
    const files = sample(5).map((f) => new Uint8Array(readFileSync(f)))
    for (let i = 0; i < 300; i++) {
      const b = files[rng.int(files.length)].slice()
      if (rng.uniform() < 0.5)
        for (let k = 1 + rng.int(6); k > 0; k--) b[rng.int(b.length)] ^= 1 << rng.int(8)
      const m = rng.uniform() < 0.3 ? b.subarray(0, rng.int(b.length)) : b
      try {
        readSong(m)
      } catch (e) {
        expect(e).toBeInstanceOf(MidiFormatError)
      }
    }
  })
})
