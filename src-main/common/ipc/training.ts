// Training and generation shapes that cross IPC. Main's TrainingService maps the engine host's protocol to these,
// so the renderer never depends on src-main/ml.
import { z } from 'zod'
import type { Song } from '../music/song'

/** Request schema of `train:start`. Sizes are small integers; the engine validates musical sense. */
export const trainStartSchema = z
  .object({
    datasetId: z.string().min(1).max(128),
    /** Engine preset ('tiny' | 'paper' | 'paper3' | 'baseline' | 'modern'); the engine rejects unknown names. */
    preset: z.string().min(1).max(40),
    /** Epochs to run, 1..100000. */
    epochs: z.number().int().min(1).max(100_000),
    /** Seed for weights, noise and batching (reproducible runs). */
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    /** Config overrides by dotted path, e.g. {'model.hidden': 16, 'data.maxLength': 8, 'data.batchSize': 4}. */
    options: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  })
  .strict()
export type TrainStartRequest = z.infer<typeof trainStartSchema>

/** `train:progress`: sent at most a few times per second. Losses are per-batch means. */
export interface TrainProgress {
  readonly runId: string
  readonly epoch: number
  readonly epochs: number
  readonly step: number
  readonly stepsPerEpoch: number
  readonly dLoss: number
  readonly gLoss: number
  readonly etaSeconds: number | null
}

/** `train:finished`: the run ended normally or was stopped; `checkpoint` names the last saved one. */
export interface TrainFinished {
  readonly runId: string
  readonly stopped: boolean
  readonly checkpoint: string | null
}

/** `train:failed`: code 'trainer-crashed' when the engine process died; `canResume` if a checkpoint exists. */
export interface TrainFailed {
  readonly runId: string
  readonly code: string
  readonly message: string
  readonly canResume: boolean
}

/** Request schema of `generate:sample`. */
export const generateSampleSchema = z
  .object({
    runId: z.string().min(1).max(128),
    /** Number of phrases, 1..32. */
    count: z.number().int().min(1).max(32),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    /** Events per phrase (the generator's sequence length), 1..4096. */
    steps: z.number().int().min(1).max(4096).optional(),
  })
  .strict()
export type GenerateSampleRequest = z.infer<typeof generateSampleSchema>

/** One generated phrase with what made it (for provenance). */
export interface GeneratedPhrase {
  readonly song: Song
  /** Standard MIDI File bytes of `song`. */
  readonly midi: Uint8Array
  readonly seed: number
  /** Discriminator score (mean probability of "real"), when ranked. */
  readonly score?: number
}

/** Answer of `generate:sample`. */
export interface GeneratedPhrases {
  readonly runId: string
  /** Epoch of the checkpoint used. */
  readonly checkpointEpoch: number
  readonly phrases: readonly GeneratedPhrase[]
}

/** A training run as listed by `train:list`. */
export interface RunSummary {
  readonly runId: string
  readonly datasetId: string
  readonly state: 'running' | 'finished' | 'stopped' | 'failed'
  readonly epochsDone: number
  readonly epochs: number
  readonly checkpoint: string | null
}
