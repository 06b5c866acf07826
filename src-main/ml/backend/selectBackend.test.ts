// selectBackend: falls back past missing native packages, always activates explicitly, explains its choice.
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { selectBackend } from './selectBackend'

describe('selectBackend', () => {
  it('picks the best loadable backend and says why the others were skipped', async () => {
    const r = await selectBackend()
    expect(tf.getBackend()).toBe(r.backend === 'tensorflow-gpu' ? 'tensorflow' : r.backend)
    if (r.backend === 'wasm')
      expect(r.reason).toMatch(/tensorflow-gpu: (not installed|native binding missing)/)
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).toContain(r.backend)
  })

  it('honours prefer and activates it explicitly', async () => {
    const cpu = await selectBackend({ prefer: 'cpu' })
    expect(cpu).toMatchObject({ backend: 'cpu', package: '@tensorflow/tfjs' })
    expect(tf.getBackend()).toBe('cpu')
    const wasm = await selectBackend({ prefer: 'wasm' })
    expect(wasm.backend).toBe('wasm')
    expect(tf.getBackend()).toBe('wasm')
  })

  it('rejects an unknown backend name', async () => {
    await expect(selectBackend({ prefer: 'gpu' as never })).rejects.toThrow(/unknown backend 'gpu'/)
  })
})
