// The IPC contract: naming convention, strict schemas (unknown keys refused), preload-only channels, tensor payloads.
import { describe, expect, it } from 'vitest'
import { EVENT_NAMES, INVOKE_CHANNELS, invokes, isEventName, isPageChannel, PRELOAD_ONLY } from './contract'
import { ERROR_CODES, fail, isIpcError, ok } from './result'
import { floatTensor, tensorPayloadSchema } from './tensorPayload'

describe('IPC contract', () => {
  it('names channels area:verb / events area:noun in lower camel case', () => {
    for (const c of [...INVOKE_CHANNELS, ...EVENT_NAMES]) expect(c).toMatch(/^[a-z]+:[a-z][A-Za-z]*$/)
    expect(new Set(INVOKE_CHANNELS).size).toBe(INVOKE_CHANNELS.length)
  })

  it('refuses unknown keys on every channel that takes an object', () => {
    for (const c of INVOKE_CHANNELS) {
      const r = invokes[c].req.safeParse({ __proto_pollution__: 1 })
      expect(r.success, c).toBe(false)
    }
  })

  it('keeps preload-only channels away from the page', () => {
    expect([...PRELOAD_ONLY]).toEqual(['drop:allow'])
    expect(isPageChannel('drop:allow')).toBe(false)
    expect(isPageChannel('dataset:list')).toBe(true)
    expect(isPageChannel('toString')).toBe(false)
    expect(isEventName('__proto__')).toBe(false)
    expect(isEventName('dataset:progress')).toBe(true)
  })

  it('builds and recognises Results with stable codes', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 })
    const f = fail('not-found', 'gone', { id: 'x' })
    expect(f).toEqual({ ok: false, error: { code: 'not-found', message: 'gone', details: { id: 'x' } } })
    expect(isIpcError(f.ok ? null : f.error)).toBe(true)
    expect(isIpcError({ code: 'nope', message: 'x' })).toBe(false)
    expect(ERROR_CODES).toContain('trainer-crashed')
  })

  it('checks tensor payloads: data length must match the shape', () => {
    const t = floatTensor(new Float32Array(6), [2, 3])
    expect(tensorPayloadSchema.safeParse(t).success).toBe(true)
    expect(tensorPayloadSchema.safeParse({ ...t, shape: [4, 2] }).success).toBe(false)
    expect(
      tensorPayloadSchema.safeParse({ dtype: 'int32', shape: [2], data: new Float32Array(2) }).success,
    ).toBe(false)
    expect(() => floatTensor(new Float32Array(5), [2, 3])).toThrow(/shape \[2, 3\] needs 6 values, got 5/)
  })
})
