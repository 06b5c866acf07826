// Build for the three Electron parts: main (+ trainer utility process), sandboxed CJS preload, Svelte renderer.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import type { Plugin } from 'vite'
import { pianoSamples } from './scripts/vite/pianoSamples'

const root = import.meta.dirname
const common = { '@common': resolve(root, 'src-main/common') }

/**
 * Ships the LSTM kernel's .wasm beside the main bundle, where ml/ops/wasm/kernel.ts reads it
 * (`new URL('./lstm_kernel.wasm', import.meta.url)`) before falling back to its embedded base64 copy.
 */
const shipKernelWasm = (): Plugin => ({
  name: 'ship-lstm-kernel-wasm',
  generateBundle() {
    const source = readFileSync(resolve(root, 'src-main/ml/ops/wasm/lstm_kernel.wasm'))
    this.emitFile({ type: 'asset', fileName: 'lstm_kernel.wasm', source })
  },
})

export default defineConfig({
  main: {
    resolve: { alias: common },
    plugins: [shipKernelWasm()],
    build: {
      // Extra entries run outside the main thread: the trainer host and the MIDI parse host (utilityProcesses), and
      // the dataset parse worker (worker_threads inside them).
      lib: {
        entry: {
          index: resolve(root, 'src-main/app/index.ts'),
          trainerHost: resolve(root, 'src-main/ml/host/utilityEntry.ts'),
          parseWorker: resolve(root, 'src-main/datasets/parseWorker.ts'),
          parseHost: resolve(root, 'src-main/datasets/parseHostEntry.ts'),
        },
      },
      // Only "dependencies" are externalized by default: add the optional native tfjs packages;
      // bundle @tonejs/midi because its CommonJS build has no named ESM exports in Node.
      externalizeDeps: {
        include: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
        exclude: ['@tonejs/midi'],
      },
    },
  },
  preload: {
    resolve: { alias: common },
    build: {
      // A sandboxed preload cannot require() packages: bundle zod (used by the shared IPC contract) into it.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        // sandbox: true requires a CommonJS preload.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    resolve: { alias: common },
    build: { rolldownOptions: { input: resolve(root, 'src-renderer/index.html') } },
    // The sampled piano's files (see the plugin for why they are not plain `?url` imports).
    plugins: [svelte(), pianoSamples()],
  },
})
