// Spec §6.3-style reference check on real data (skipped without ../shared/data): whole-file and 100-cell-window
// metrics over the JSB chorales + Mutopia Bach folders must land in musically plausible bands.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { corpusFiles, hasCorpus } from '../../../tests/support/corpus'
import { Rng } from '../random'
import { noteOnsFromMidi } from './noteOns'
import { paperMetrics, type PaperMetrics } from './paperMetrics'
import { windowMetrics } from './windowMetrics'

const mean = (xs: readonly PaperMetrics[], k: keyof PaperMetrics): number =>
  xs.reduce((a, x) => a + (x[k] as number), 0) / xs.length

describe.skipIf(!hasCorpus)('paper metrics on real Bach (JSB chorales + Mutopia)', () => {
  const files = [...corpusFiles('jsb-chorales'), ...corpusFiles('mutopia-bach')]
  const bytes = files.map((f) => new Uint8Array(readFileSync(f)))

  it('whole files: tonal, fairly polyphonic, and the code-exact variants never exceed the corrected ones', () => {
    const whole = bytes.map((b) => paperMetrics(noteOnsFromMidi(b)))
    for (const m of whole) {
      expect(m.scaleConsistencyCodeExact).toBeLessThanOrEqual(m.scaleConsistency)
      expect(m.repetitions3CodeExact).toBeLessThanOrEqual(m.repetitions3)
    }
    // Bands: Bach is diatonic (spec's classical set: 0.87 corrected), 4-part writing starts chords often.
    expect(mean(whole, 'scaleConsistency')).toBeGreaterThan(0.85)
    expect(mean(whole, 'scaleConsistencyCodeExact')).toBeGreaterThan(0.7)
    expect(mean(whole, 'polyphony')).toBeGreaterThan(0.3)
    expect(mean(whole, 'polyphony')).toBeLessThan(0.95)
    expect(mean(whole, 'toneSpan')).toBeGreaterThan(20)
    expect(mean(whole, 'toneSpan')).toBeLessThan(70)
  })

  it('100-cell windows through the representation keep the music recognisable (spec §6.3 pipeline)', () => {
    const rng = new Rng(1234)
    const whole = bytes.map((b) => paperMetrics(noteOnsFromMidi(b)))
    const win = bytes.map((b) => windowMetrics(b, 100, rng.uniform))
    expect(mean(win, 'events')).toBeGreaterThan(90) // nearly every file has ≥ 100 notes
    expect(Math.max(...win.map((m) => m.events))).toBeLessThanOrEqual(100)
    // A window is a slice of the same piece: polyphony and key fit stay close to the whole-file values…
    expect(Math.abs(mean(win, 'polyphony') - mean(whole, 'polyphony'))).toBeLessThan(0.05)
    expect(Math.abs(mean(win, 'scaleConsistency') - mean(whole, 'scaleConsistency'))).toBeLessThan(0.05)
    // …while a 100-note excerpt uses fewer distinct tones than the whole piece.
    expect(mean(win, 'uniqueTones')).toBeLessThan(mean(whole, 'uniqueTones'))
    expect(mean(win, 'uniqueTones')).toBeGreaterThan(10)
  })
})
