// Every code of the one error vocabulary (IPC codes, the dataset library's subset, and what engine codes become)
// has its own sentence for the composer, and the handler's detail follows it.
import { describe, expect, it } from 'vitest'
import { HOST_TO_IPC } from '@common/ipc/engineErrors'
import { DATASET_ERROR_CODES, ERROR_CODES, type ErrorCode } from '@common/ipc/result'
import { StudioError, userMessage } from './ipc'

const sentence = (code: ErrorCode, message = ''): string => userMessage(new StudioError({ code, message }))

describe('userMessage', () => {
  it('has a sentence of its own for every code in the vocabulary', () => {
    const internal = sentence('internal')
    const seen = new Map<string, ErrorCode>()
    for (const code of ERROR_CODES) {
      const text = sentence(code)
      expect(text, code).toMatch(/^[A-Z].{5,}\.$/)
      if (code !== 'internal') expect(text, `${code} falls back to the bug sentence`).not.toBe(internal)
      expect(seen.get(text), `${code} says the same as ${seen.get(text)}`).toBeUndefined()
      seen.set(text, code)
    }
  })

  it('covers the dataset library and the engine, whose codes are the same words or map onto them', () => {
    const known = new Set<string>(ERROR_CODES)
    for (const code of [...DATASET_ERROR_CODES, ...Object.values(HOST_TO_IPC)])
      expect(known.has(code), code).toBe(true)
  })

  it('puts the handler’s detail after the sentence, capitalised', () => {
    const detail = "a dataset named 'Bach' already exists in /lib; choose another name"
    expect(sentence('conflict', detail)).toBe(
      "That name is already taken. A dataset named 'Bach' already exists in /lib; choose another name",
    )
    expect(sentence('cancelled', 'import cancelled; nothing was written')).toBe('Cancelled.')
  })
})
