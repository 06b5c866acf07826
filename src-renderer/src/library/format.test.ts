// Library formatting helpers: durations, ETA wording, metric precision, dataset-name suggestions.
import { describe, expect, it } from 'vitest'
import { fileName, formatDuration, formatEta, formatMetric, suggestName } from './format'

describe('library format', () => {
  it('formats durations and ETAs', () => {
    expect(formatDuration(75)).toBe('1:15')
    expect(formatDuration(3725)).toBe('1:02:05')
    expect(formatDuration(Number.NaN)).toBe('–')
    expect(formatEta(null)).toBe('estimating…')
    expect(formatEta(0)).toBe('finishing…')
    expect(formatEta(12.4)).toBe('about 12 s left')
    expect(formatEta(300)).toBe('about 5 min left')
  })

  it('formats metric values by unit', () => {
    expect(formatMetric(93.61, '%')).toBe('93.6 %')
    expect(formatMetric(36, 'semitones')).toBe('36')
    expect(formatMetric(2.25, 'pairs')).toBe('2.3')
    expect(formatMetric(null, '%')).toBe('–')
  })

  it('suggests a dataset name from the chosen paths', () => {
    expect(suggestName(['/music/jsb-chorales'])).toBe('jsb-chorales')
    expect(suggestName(['/music/jsb-chorales/'])).toBe('jsb-chorales')
    expect(suggestName(['C:\\midi\\Bach\\bwv1.mid'])).toBe('bwv1')
    expect(suggestName(['/a/x.mid', '/a/y.MIDI', '/a/z.mid'])).toBe('x and 2 more')
    expect(suggestName([])).toBe('New dataset')
    expect(fileName('/a/b/c.mid')).toBe('c.mid')
  })
})
