// The quit guard on its own, and the training service's bounded stop-for-quit with a scripted engine host.
import { describe, expect, it, vi } from 'vitest'
import type { HostEvent, HostRequest } from '../ml/host/protocol'
import { QuitGuard } from './quitGuard'
import { createTrainingService, type HostTransport } from './services/trainingService'

describe('QuitGuard', () => {
  it('lets a quit through when nothing trains, else holds it once and proceeds after the save', async () => {
    let training = false
    let finish: () => void = () => undefined
    const log = { saves: 0, proceeds: 0 }
    const guard = new QuitGuard({
      training: () => training,
      saveAndStop: () => (log.saves++, new Promise<void>((r) => (finish = r))),
      proceed: () => void log.proceeds++,
    })
    expect(guard.onQuit()).toBe(true)
    training = true
    const fresh = new QuitGuard({
      training: () => true,
      saveAndStop: async () => {
        throw new Error('x')
      },
      proceed: () => void log.proceeds++,
    })
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(fresh.onQuit()).toBe(false)
    await new Promise((r) => setTimeout(r, 0))
    expect(log.proceeds).toBe(1) // a failed save still quits (the engine is then ended)
    expect(err).toHaveBeenCalledOnce()
    err.mockRestore()
    expect(guard.onQuit()).toBe(false)
    expect(guard.saving).toBe(true)
    expect(guard.onQuit()).toBe(false)
    expect(log.saves).toBe(1)
    finish()
    await new Promise((r) => setTimeout(r, 0))
    expect(log.proceeds).toBe(2)
    expect(guard.onQuit()).toBe(true)
  })
})

describe('TrainingService.stopForQuit', () => {
  function scripted() {
    const posted: HostRequest[] = []
    let listener: (e: HostEvent) => void = () => undefined
    const transport: HostTransport = {
      send: (m) => void posted.push(m),
      onMessage: (l) => (listener = l),
      onExit: () => undefined,
      kill: () => undefined,
    }
    const sent: [string, unknown][] = []
    const service = createTrainingService({
      spawn: () => transport,
      broadcast: (e, p) => void sent.push([e, p]),
      libraryDir: '/nowhere',
      runsDir: '/nowhere/runs',
    })
    return { service, posted, sent, emit: (e: HostEvent) => listener(e) }
  }

  it('is idle without a run, and gives up after the bounded wait when the engine never answers', async () => {
    const { service, posted, sent, emit } = scripted()
    await expect(service.stopForQuit(50)).resolves.toBe('idle')
    const { runId } = await service.start({ datasetId: 'ds', preset: 'tiny', epochs: 3, seed: 1 })
    emit({ type: 'paused', runId, epoch: 0, step: 2 })
    expect(service.training).toBe(true)
    const t0 = Date.now()
    await expect(service.stopForQuit(200)).resolves.toBe('timeout')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190)
    expect(posted.at(-1)).toEqual({ type: 'stop' })
    expect(sent).toContainEqual(['app:quitting', { runId, timeoutSeconds: 1 }])
  })
})
