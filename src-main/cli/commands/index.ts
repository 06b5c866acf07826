// Registry of CLI commands. Each command lives in its own module; add one line here per command.
// Modules load only when their command runs, so `crnngan metrics` does not pay TensorFlow.js's ~2 s start-up.
import type { Command } from '../main'

/** A registry entry that imports its module on first use; `summary` must equal the module's own (a test checks). */
export function lazy(summary: string, load: () => Promise<Command>): Command & { load(): Promise<Command> } {
  return { summary, load, run: async (args) => (await load()).run(args) }
}

export const commands: Record<string, Command & { load(): Promise<Command> }> = {
  metrics: lazy(
    'paper metrics (polyphony, scale consistency, repetitions, spans) of MIDI files',
    async () => (await import('./metrics')).metricsCommand,
  ),
  dataset: lazy(
    'create, list, inspect and remove training datasets (MIDI libraries)',
    async () => (await import('./dataset')).datasetCommand,
  ),
  train: lazy(
    'train C-RNN-GAN on a dataset or folder (resumes an existing --out run)',
    async () => (await import('./train')).trainCommand,
  ),
  sample: lazy(
    'generate phrases from a trained run and write .mid files',
    async () => (await import('./sample')).sampleCommand,
  ),
  evaluate: lazy(
    'evaluation protocol (metrics, overlaps, classifier, summary score) of samples vs real music',
    async () => (await import('./evaluate')).evaluateCommand,
  ),
  serve: lazy(
    'serve the studio to a browser (token-protected; 127.0.0.1 unless --host)',
    async () => (await import('./serve')).serveCommand,
  ),
  run: lazy(
    'export a run or checkpoint as one .crnnrun file, or import one',
    async () => (await import('./run')).runCommand,
  ),
  bench: lazy(
    'time the engine: adversarial train step and sampling at paper size',
    async () => (await import('./bench')).benchCommand,
  ),
}
