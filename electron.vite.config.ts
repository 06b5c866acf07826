// Build for the three Electron parts: main (+ trainer utility process), sandboxed CJS preload, Svelte renderer.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

const root = import.meta.dirname
const common = { '@common': resolve(root, 'src-main/common') }

export default defineConfig({
  main: {
    resolve: { alias: common },
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
    plugins: [svelte()],
  },
})
