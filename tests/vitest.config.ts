// Test projects: `unit` (Node: common, ml, datasets, cli, pure renderer modules), `dom` (Svelte components in
// jsdom), `e2e` (built renderer in Debian Chromium against the real main-side services).
import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { svelteTesting } from '@testing-library/svelte/vite'
import { playwright } from '@vitest/browser-playwright'
import { chromiumArgs, chromiumPath } from './support/chromium.ts'
import { corpusDir } from './support/corpus.ts'
import { pianoSamples } from '../scripts/vite/pianoSamples.ts'
import { relaxedSimdNodeArgs } from '../bin/wasmFlags.mjs'

const root = resolve(import.meta.dirname, '..')
const alias = { '@common': resolve(root, 'src-main/common') }

export default defineConfig({
  root,
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          // Node 20: lets the tests load (and compare) both kernel builds; later Node has relaxed SIMD on already.
          execArgv: relaxedSimdNodeArgs(),
          include: ['src-main/**/*.test.ts', 'src-renderer/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          exclude: ['**/*.svelte.test.ts', '**/*.browser.test.ts', 'node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        plugins: [svelte(), svelteTesting(), pianoSamples()],
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['src-renderer/**/*.svelte.test.ts', 'tests/dom/**/*.test.ts'],
        },
      },
      {
        extends: true,
        plugins: [svelte(), pianoSamples()],
        // Browser tests may read the shared real-MIDI corpus (outside the repo) through vitest's readFile command.
        server: { fs: { allow: [root, corpusDir] } },
        test: {
          name: 'browser',
          include: ['src-renderer/**/*.browser.test.ts', 'tests/browser/**/*.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            instances: [{ browser: 'chromium' }],
            provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: chromiumArgs } }),
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})
