// selectBackend: falls back past missing native packages, always activates explicitly, explains its choice.
import * as tf from '@tensorflow/tfjs'
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { afterEach, describe, expect, it, vi } from 'vitest'
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

  // The GPU container's path, testable without a GPU: the loader stands in for importing tfjs-node-gpu, which
  // registers the native 'tensorflow' backend on success and throws (e.g. libcudart missing) on failure.
  describe('with an injected package loader', () => {
    afterEach(async () => {
      if (tf.findBackend('tensorflow')) tf.removeBackend('tensorflow')
      await tf.setBackend('cpu')
    })
    const real = (pkg: string): Promise<unknown> => import(/* @vite-ignore */ pkg)

    it('picks tensorflow-gpu when @tensorflow/tfjs-node-gpu loads', async () => {
      const loaded: string[] = []
      const log: string[] = []
      const r = await selectBackend({
        log: (l) => log.push(l),
        load: async (pkg) => {
          loaded.push(pkg)
          if (pkg !== '@tensorflow/tfjs-node-gpu') return real(pkg)
          tf.registerBackend('tensorflow', () => new MathBackendCPU())
        },
      })
      expect(r).toMatchObject({
        backend: 'tensorflow-gpu',
        package: '@tensorflow/tfjs-node-gpu',
        reason: 'first choice',
      })
      expect(tf.getBackend()).toBe('tensorflow')
      expect(loaded).toEqual(['@tensorflow/tfjs-node-gpu'])
      expect(log).toEqual([])
    })

    it('falls back past a GPU package that cannot load, and logs why', async () => {
      const log: string[] = []
      const cuda = 'libcudart.so.11.0: cannot open shared object file: No such file or directory'
      const r = await selectBackend({
        log: (l) => log.push(l),
        load: async (pkg) => {
          if (pkg === '@tensorflow/tfjs-node-gpu') throw new Error(cuda)
          if (pkg === '@tensorflow/tfjs-node')
            throw Object.assign(new Error(`Cannot find package '${pkg}'`), { code: 'ERR_MODULE_NOT_FOUND' })
          return real(pkg)
        },
      })
      expect(r.backend).toBe('wasm')
      expect(r.reason).toBe(`skipped tensorflow-gpu: ${cuda}; tensorflow: not installed`)
      expect(log).toEqual([
        `tfjs backend tensorflow-gpu: ${cuda}; falling back`,
        'tfjs backend tensorflow: not installed; falling back',
      ])
      expect(tf.getBackend()).toBe('wasm')
    })
  })

  it('rejects an unknown backend name', async () => {
    await expect(selectBackend({ prefer: 'gpu' as never })).rejects.toThrow(/unknown backend 'gpu'/)
  })
})
