// Registry of CLI commands. Each command lives in its own module; add one line here per command.
import type { Command } from '../main'
import { datasetCommand } from './dataset'
import { metricsCommand } from './metrics'
import { trainCommand } from './train'
import { sampleCommand } from './sample'
import { evaluateCommand } from './evaluate'

export const commands: Record<string, Command> = {
  metrics: metricsCommand,
  dataset: datasetCommand,
  train: trainCommand,
  sample: sampleCommand,
  evaluate: evaluateCommand,
}
