import { describe, expect, it } from 'vitest'
import { PRESET_INFO, PRESET_NAMES } from './presets'

describe('PRESET_INFO', () => {
  it('describes every preset (and only those) in one line, without placeholders', () => {
    expect(Object.keys(PRESET_INFO)).toEqual([...PRESET_NAMES])
    for (const name of PRESET_NAMES) {
      const { label, description } = PRESET_INFO[name]
      expect(label.length, name).toBeGreaterThan(2)
      expect(description.length, name).toBeGreaterThan(20)
      expect(description.length, name).toBeLessThan(120)
      expect(description, name).not.toMatch(/TODO|TBD|\.\.\.|…|\n/)
    }
  })
})
