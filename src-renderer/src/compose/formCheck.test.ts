import { describe, expect, it } from 'vitest'
import { generateSampleSchema } from '@common/ipc/training'
import { fieldProblems } from './formCheck'

const good = { seed: 7, count: 4, noiseScale: 1, length: 32 }

describe('fieldProblems (the Compose form, by the generate:sample schema)', () => {
  it('passes what main accepts', () => {
    expect(fieldProblems(good)).toEqual({})
    expect(generateSampleSchema.safeParse({ runId: 'r', ...good }).success).toBe(true)
    // A length in bars sends no events field yet: nothing to check there.
    expect(fieldProblems({ ...good, length: undefined })).toEqual({})
  })

  it('names each bad field with the limits main checks, and main refuses the same values', () => {
    const bad = { seed: -1, count: 33, noiseScale: 0, length: 4097 }
    expect(fieldProblems(bad)).toEqual({
      seed: 'Seed must be a whole number from 0 to 2147483647.',
      count: 'Count must be a whole number of phrases from 1 to 32.',
      noiseScale: 'Noise must be a number above 0, at most 8.',
      length: 'Length must be a whole number of events from 1 to 4096.',
    })
    for (const [k, v] of Object.entries(bad))
      expect(generateSampleSchema.safeParse({ runId: 'r', ...good, [k]: v }).success, k).toBe(false)
  })

  it('an emptied or fractional number field is caught too (a cleared input binds null)', () => {
    expect(fieldProblems({ ...good, count: null, seed: 1.5 })).toEqual({
      count: 'Count must be a whole number of phrases from 1 to 32.',
      seed: 'Seed must be a whole number from 0 to 2147483647.',
    })
  })
})
