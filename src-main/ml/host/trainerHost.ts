// Transport-independent trainer host: turns protocol requests into training/sampling calls and results into events.
// One run at a time; the tf backend is picked once per process and reported in `ready`.
import type { NamedArray } from '../checkpoints/binary'
import { lockRun, RunLockedError, type RunLock } from '../checkpoints/runLock'
import { NoCheckpointError, resolveCheckpoint } from '../checkpoints/select'
import { CheckpointError, loadCheckpoint } from '../checkpoints/verify'
import { parseTrainConfig, type TrainConfig } from '../config/trainConfig'
import { selectBackend, type BackendName } from '../backend/index'
import type { MemorisationIndex } from '../sampling/memorisation'
import { sample } from '../sampling/sample'
import { Trainer, TrainingError } from '../training/trainer'
import { DataError, loadSongs, runMemorisation, saveSource, type DataSource } from './loadData'
import type { HostErrorCode, HostEvent, HostRequest, HostSend, SampleRequest, StartRequest } from './protocol'

/** A host: feed it requests with `handle`; `ready` resolves once the backend is active. */
export interface TrainerHost {
  readonly ready: Promise<string>
  handle(msg: unknown): Promise<void>
  /** Resolves when the current run (if any) has ended. */
  idle(): Promise<void>
}

const TYPES = new Set(['start', 'pause', 'resume', 'stop', 'sample', 'shutdown'])

/** Buffers to transfer (not copy) with an event: MIDI bytes and raw cells, of the outputs that were asked for. */
function transferList(e: HostEvent): ArrayBuffer[] {
  const views: ArrayBufferView[] = []
  if (e.type === 'epochEnd') views.push(e.sampleMidi)
  if (e.type === 'sampleResult')
    for (const c of e.candidates) {
      if (c.midi) views.push(c.midi)
      if (c.cells) views.push(c.cells.data)
    }
  // Only views that own their whole buffer may be moved (a pooled Buffer's backing store must not be detached).
  const out = new Set<ArrayBuffer>()
  for (const v of views)
    if (
      v.buffer instanceof ArrayBuffer &&
      v.byteOffset === 0 &&
      v.byteLength === v.buffer.byteLength &&
      v.byteLength > 0
    )
      out.add(v.buffer)
  return [...out]
}

/** The weights a fine-tuning run starts from; the source's model section must equal the new run's. */
async function startWeights(
  from: NonNullable<StartRequest['startFrom']>,
  config: TrainConfig,
): Promise<readonly NamedArray[]> {
  const ck = await loadCheckpoint(await resolveCheckpoint(from.runDir, from.checkpoint))
  if (JSON.stringify(ck.config.model) !== JSON.stringify(config.model))
    throw new Error(
      `cannot fine-tune '${from.runDir}': its model (${JSON.stringify(ck.config.model)}) differs from the new run's (${JSON.stringify(config.model)})`,
    )
  return ck.weights
}

/**
 * Creates a host that reports through `send`. `prefer` starts the backend search (e.g. 'wasm', 'cpu').
 * @example const host = createTrainerHost((e, t) => port.postMessage(e, t)); port.on('message', (m) => host.handle(m))
 */
export function createTrainerHost(send: HostSend, opts: { prefer?: BackendName } = {}): TrainerHost {
  let backend = 'unknown'
  const emit = (e: HostEvent): void => send(e, transferList(e))
  const ready = selectBackend({ prefer: opts.prefer }).then((c) => {
    backend = c.backend
    emit({ type: 'ready', backend, reason: c.reason })
    return backend
  })
  let current: { trainer: Trainer; abort: AbortController; done: Promise<void>; runId: string } | null = null
  const memo = new Map<string, MemorisationIndex>()

  const fail = (
    code: HostErrorCode,
    message: string,
    extra: { runId?: string; requestId?: string } = {},
  ): void => emit({ type: 'failed', code, message, ...extra })

  async function start(req: StartRequest): Promise<void> {
    const { runId } = req
    if (typeof runId !== 'string' || runId === '')
      return fail('BAD_REQUEST', 'start needs a runId (the owner names the run)')
    if (current) return fail('BUSY', `a run is already in progress (${current.runId})`, { runId })
    let config
    try {
      config = parseTrainConfig(req.config, 'start.config')
    } catch (err) {
      return fail('BAD_CONFIG', (err as Error).message, { runId })
    }
    const source: DataSource | null = req.datasetId
      ? { kind: 'dataset', datasetId: req.datasetId, libraryDir: req.libraryDir }
      : req.data?.kind === 'folder'
        ? req.data
        : req.data?.kind === 'cells'
          ? { kind: 'inline' }
          : null
    if (!source || !req.runDir)
      return fail('BAD_REQUEST', 'start needs runDir and one of datasetId or data', { runId })
    // Taken before anything is written into the folder (source.json): a refused start must change nothing there.
    let lock: RunLock
    try {
      lock = await lockRun(req.runDir, 'the C-RNN-GAN trainer')
    } catch (err) {
      return fail(err instanceof RunLockedError ? 'BUSY' : 'INTERNAL', (err as Error).message, { runId })
    }
    let songs
    try {
      songs = (await loadSongs(req.data?.kind === 'cells' ? req.data : source, config.model.tonesPerCell))
        .songs
      await saveSource(req.runDir, source)
    } catch (err) {
      await lock.release()
      return fail('NO_DATA', (err as Error).message, { runId })
    }
    let initialWeights
    if (req.startFrom) {
      try {
        initialWeights = await startWeights(req.startFrom, config)
      } catch (err) {
        // A refused start leaves the folder free: trying again there with a fitting model must not read BUSY.
        await lock.release()
        return fail('BAD_CONFIG', (err as Error).message, { runId })
      }
    }
    const abort = new AbortController()
    const trainer = new Trainer({
      config,
      songs,
      initialWeights,
      runDir: req.runDir,
      runId,
      backend,
      emit,
      signal: abort.signal,
      lock,
    })
    const done = trainer
      .run()
      .then(() => undefined)
      .catch((err: unknown) => {
        const code =
          err instanceof TrainingError || err instanceof NoCheckpointError || err instanceof RunLockedError
            ? err.code
            : err instanceof DataError
              ? 'NO_DATA'
              : 'INTERNAL'
        fail(code, err instanceof Error ? err.message : String(err), { runId })
      })
      .finally(() => {
        trainer.dispose()
        current = null
      })
    current = { trainer, abort, done, runId }
  }

  async function sampleReq(req: SampleRequest): Promise<void> {
    try {
      const memorisation = req.memorisation ? await runMemorisation(req.runDir, memo) : undefined
      const r = await sample({ ...req, memorisation })
      for (const message of r.warnings) emit({ type: 'warning', requestId: req.requestId, message })
      emit({ type: 'sampleResult', requestId: req.requestId, ...r })
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err)
      const code: HostErrorCode =
        err instanceof NoCheckpointError || err instanceof CheckpointError
          ? 'NO_CHECKPOINT'
          : err instanceof DataError
            ? 'NO_DATA'
            : 'BAD_REQUEST'
      fail(code, msg, { requestId: req.requestId })
    }
  }

  async function handle(msg: unknown): Promise<void> {
    const m = msg as HostRequest
    if (typeof m !== 'object' || m === null || !TYPES.has((m as { type?: string }).type ?? ''))
      return fail(
        'BAD_REQUEST',
        `unknown request ${JSON.stringify((msg as { type?: unknown })?.type ?? msg)}`,
      )
    await ready
    switch (m.type) {
      case 'start':
        return start(m)
      case 'sample':
        return sampleReq(m)
      case 'pause':
      case 'resume':
      case 'stop':
        if (!current) return fail('NOT_RUNNING', `cannot ${m.type}: no run in progress`)
        if (m.type === 'pause') current.trainer.pause()
        else if (m.type === 'resume') current.trainer.resume()
        else current.abort.abort()
        return
      case 'shutdown':
        current?.abort.abort()
        await current?.done
        return
    }
  }

  return { ready, handle, idle: async () => void (await current?.done) }
}
