// A new run from a `train:start` request: its config from a preset and the form's dotted options, its id (main
// names every run) and the summary it is listed with until the engine reports on it.
import { randomBytes } from 'node:crypto'
import type { RunSummary, TrainStartRequest } from '@common/ipc/training'
import { IpcFailure } from '@common/ipc/result'
import { makeConfig } from '../../ml/config/presets'
import type { TrainConfig } from '../../ml/config/trainConfig'

/** The config of a new (not fine-tuning) run: the preset with the request's options, epochs and seed. */
export function presetConfig(req: TrainStartRequest): TrainConfig {
  try {
    return makeConfig(req.preset ?? '', {
      ...nest(req.options ?? {}),
      datasetId: req.datasetId,
      seed: req.seed,
      schedule: { ...(nest(req.options ?? {}).schedule as object), epochs: req.epochs },
    } as Parameters<typeof makeConfig>[1])
  } catch (err) {
    throw new IpcFailure('invalid-request', (err as Error).message)
  }
}

/** A fresh run id and the summary a new run is listed with while it starts. */
export function newRunSummary(req: TrainStartRequest, config: TrainConfig): RunSummary {
  return {
    runId: `run-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`,
    datasetId: req.datasetId,
    state: 'running',
    epochsDone: 0,
    epochs: req.epochs,
    checkpoint: null,
    preset: config.preset,
    seed: req.seed,
    paused: false,
    checkpoints: [],
    startFrom: config.startFrom,
  }
}

/** {'model.hidden': 16} → {model: {hidden: 16}}. */
export function nest(flat: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.')
    if (parts.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype' || p === ''))
      throw new IpcFailure('invalid-request', `option key '${key}' is not a config path`)
    let node = out
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>
    node[parts[parts.length - 1]] = value
  }
  return out
}
