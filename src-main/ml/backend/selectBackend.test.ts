// selectBackend: falls back past missing native packages, always activates explicitly, explains its choice.
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it, vi } from 'vitest'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { selectBackend, wasmBinaryDir } from './selectBackend'

describe('selectBackend', () => {
  it('picks the best loadable backend and says why the others were skipped', async () => {
    const r = await selectBackend()
    expect(tf.getBackend()).toBe(r.backend === 'tensorflow-gpu' ? 'tensorflow' : r.backend)
    if (r.backend === 'wasm')
      expect(r.reason).toMatch(/tensorflow-gpu: (not installed|native binding missing)/)
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).toContain(r.backend)
  })

  it('never lands on cpu while wasm works: the wasm rung finds its binaries from the package itself', async () => {
    const dir = wasmBinaryDir()
    expect(dir).not.toBeNull()
    expect(existsSync(join(dir!, 'tfjs-backend-wasm-simd.wasm'))).toBe(true)
    const r = await selectBackend({ prefer: 'wasm' })
    expect(r.backend).toBe('wasm')
  })

  it('warns when cpu is asked for by name (3–7× slower) and still honours it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const cpu = await selectBackend({ prefer: 'cpu' })
    expect(cpu.backend).toBe('cpu')
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/cpu requested explicitly; training is 3–7× slower/),
    )
    warn.mockRestore()
    await selectBackend({ prefer: 'wasm' })
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
