// Engine events → IPC events: each event of a run (named by the runId main gave it) updates the registry and is
// broadcast in the window's terms; a host that died fails its active run as 'trainer-crashed'.
import { releaseOwnLock } from '../../ml/checkpoints/runLock'
import type { HostEvent } from '../../ml/host/protocol'
import type { Broadcast } from '../ipc/handlers'
import { checkpointEntry, progressDto, withCheckpoint } from './hostDtos'
import { createBandSource } from './referenceBand'
import type { Run, RunRegistry } from './runRegistry'

/** Options of {@link createRunEvents}. */
export interface RunEventsOptions {
  readonly runs: RunRegistry
  readonly broadcast: Broadcast
  /** Dataset library folder (the reference band of `train:epoch` is read from there). */
  readonly libraryDir: string
  /** The run a pending sample request was made for (its warnings are told to that run's window). */
  readonly runOfRequest: (requestId: string) => string | undefined
}

/** Maps events to broadcasts: `onEvent` for what the engine sends, `onHostExit` when it has died. */
export function createRunEvents(o: RunEventsOptions): {
  onEvent(ev: HostEvent): void
  onHostExit(code: number | null): void
} {
  const { runs, broadcast } = o

  const onRunEvent = (run: Run, ev: HostEvent): void => {
    const { runId } = run.summary
    switch (ev.type) {
      case 'progress':
        broadcast('train:progress', progressDto(runId, run.summary.epochs, ev))
        break
      case 'checkpoint': {
        const entry = checkpointEntry(ev)
        const checkpoints = withCheckpoint(run.summary.checkpoints, entry)
        runs.update(run, { checkpoint: ev.path, epochsDone: ev.epoch, checkpoints })
        broadcast('train:checkpoint', { runId, ...entry })
        break
      }
      case 'epochEnd': {
        run.band ??= createBandSource(run.config, o.libraryDir)
        const { epoch, phase, songLength, validationLoss, metrics, reference, sampleMidi, evaluation } = ev
        const queue = (run.epochsPending ??= { count: 0, chain: Promise.resolve() })
        const band = run.band
        queue.count++
        queue.chain = queue.chain
          .then(() => band(songLength))
          .catch(() => null)
          .then((referenceBand) =>
            broadcast('train:epoch', {
              runId,
              epoch,
              phase,
              songLength,
              validationLoss,
              metrics,
              reference,
              referenceBand,
              sampleMidi,
              evaluation,
            }),
          )
          .finally(() => void queue.count--)
        break
      }
      case 'paused':
        runs.update(run, { paused: true })
        broadcast('train:paused', { runId, paused: true })
        break
      case 'rollback':
        broadcast('train:rollback', {
          runId,
          epoch: ev.epoch,
          restoredEpoch: ev.restoredEpoch,
          cause: ev.cause,
          reason: ev.reason,
        })
        break
      case 'finished':
      case 'stopped': {
        const stopped = ev.type === 'stopped'
        runs.update(run, {
          paused: false,
          state: stopped ? 'stopped' : 'finished',
          checkpoint: ev.checkpointPath ?? run.summary.checkpoint,
        })
        if (runs.active === run) runs.active = null
        const finished = { runId, stopped, checkpoint: run.summary.checkpoint }
        // After the run's last `train:epoch`: the screen judges a finished run by its last epoch's samples.
        const queue = run.epochsPending
        if (queue && queue.count > 0) void queue.chain.then(() => broadcast('train:finished', finished))
        else broadcast('train:finished', finished)
        runs.ended()
        break
      }
      case 'failed':
        runs.update(run, { state: 'failed' })
        if (runs.active === run) runs.active = null
        broadcast('train:failed', {
          runId,
          code: ev.code,
          message: ev.message,
          canResume: run.summary.checkpoint !== null,
        })
        runs.ended()
        break
    }
  }

  return {
    onEvent(ev) {
      if (ev.type === 'warning') {
        // The damaged checkpoint skipped (or the temp folder removed) is worth a line in the log and a notice.
        console.warn(`training engine: ${ev.message}`)
        const run = ev.runId === undefined ? undefined : runs.get(ev.runId)
        const sampled = ev.requestId === undefined ? undefined : o.runOfRequest(ev.requestId)
        broadcast('train:notice', { runId: run?.summary.runId ?? sampled ?? null, message: ev.message })
      } else if ('runId' in ev && ev.runId !== undefined) {
        // The start request named the run, so every event of it carries our id.
        const run = runs.get(ev.runId)
        if (run) onRunEvent(run, ev)
      } else if (ev.type === 'failed') {
        // Neither a run's nor a request's: a message the engine could not read at all (a bug of ours, not the user's).
        console.warn(`training engine refused a request (${ev.code}): ${ev.message}`)
      }
    },
    onHostExit(code) {
      const run = runs.active
      if (run) {
        runs.active = null
        // A host in a worker thread of this process leaves a lock naming our live pid: it is dead, so free the run.
        releaseOwnLock(run.runDir)
        runs.update(run, { state: 'failed' })
        broadcast('train:failed', {
          runId: run.summary.runId,
          code: 'trainer-crashed',
          message: `the training engine stopped unexpectedly (exit code ${code})`,
          canResume: run.summary.checkpoint !== null,
        })
      }
      runs.ended()
    },
  }
}
