// The unsaved-changes guard on its own (no Electron): which closes go through, when the prompt shows, and what each
// answer does, including a Save that the composer cancels in the save dialog.
import { describe, expect, it, vi } from 'vitest'
import { answerOf, CloseGuard, promptOptions, type CloseAnswer } from './closeGuard'

/** A guard whose prompt answers are queued by the test; records prompts, save requests and real closes. */
function setup(answers: CloseAnswer[] = []) {
  const log = { asked: [] as string[], saves: 0, closes: 0 }
  let release: () => void = () => undefined
  const guard = new CloseGuard({
    ask: (title) => {
      log.asked.push(title)
      return new Promise((res) => {
        release = () => res(answers.shift() ?? 'cancel')
      })
    },
    requestSave: () => void log.saves++,
    close: () => void log.closes++,
  })
  const answer = async () => {
    release()
    await new Promise((r) => setTimeout(r, 0))
  }
  return { guard, log, answer }
}

describe('CloseGuard', () => {
  it('lets a clean window close without asking', () => {
    const { guard, log } = setup()
    expect(guard.onClose()).toBe(true)
    guard.setDirty(true, 'tune.crnnproj')
    guard.setDirty(false, 'tune.crnnproj')
    expect(guard.onClose()).toBe(true)
    expect(log.asked).toEqual([])
  })

  it('holds a dirty close, asks once, and Cancel keeps the window and the changes', async () => {
    const { guard, log, answer } = setup(['cancel'])
    guard.setDirty(true, 'tune.crnnproj')
    expect(guard.onClose()).toBe(false)
    expect(guard.onClose()).toBe(false) // repeated while the prompt is up: no second prompt
    expect(log.asked).toEqual(['tune.crnnproj'])
    await answer()
    expect(log).toMatchObject({ saves: 0, closes: 0 })
    expect(guard.dirty).toBe(true)
    expect(guard.onClose()).toBe(false) // asked again on the next close
    expect(log.asked).toHaveLength(2)
  })

  it("Don't Save closes for real, and the close it triggers goes through", async () => {
    const { guard, log, answer } = setup(['discard'])
    guard.setDirty(true, '')
    expect(guard.onClose()).toBe(false)
    expect(log.asked).toEqual(['untitled'])
    await answer()
    expect(log.closes).toBe(1)
    expect(guard.onClose()).toBe(true)
  })

  it('Save asks the renderer to save and closes only when it reports success', async () => {
    const { guard, log, answer } = setup(['save', 'save'])
    guard.setDirty(true, 'tune.crnnproj')
    expect(guard.closeAfterSave(true)).toBe(false) // no close pending: an unrelated answer does nothing
    guard.onClose()
    await answer()
    expect(log).toMatchObject({ saves: 1, closes: 0 })
    // The composer cancelled the Save As dialog: the window stays open and still dirty.
    expect(guard.closeAfterSave(false)).toBe(false)
    expect(log.closes).toBe(0)
    expect(guard.dirty).toBe(true)
    guard.onClose()
    await answer()
    expect(log.saves).toBe(2)
    expect(guard.closeAfterSave(true)).toBe(true)
    expect(log.closes).toBe(1)
    expect(guard.dirty).toBe(false)
    expect(guard.onClose()).toBe(true)
  })

  it('asks again when closed while waiting for a save that never answers', async () => {
    const { guard, log, answer } = setup(['save', 'discard'])
    guard.setDirty(true, 'a')
    guard.onClose()
    await answer()
    expect(guard.onClose()).toBe(false)
    expect(log.asked).toHaveLength(2)
    await answer()
    expect(log.closes).toBe(1)
  })

  it('keeps the window when the prompt itself fails', async () => {
    const guard = new CloseGuard({
      ask: () => Promise.reject(new Error('no display')),
      requestSave: () => undefined,
      close: () => {
        throw new Error('must not close')
      },
    })
    guard.setDirty(true, 'x')
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      expect(guard.onClose()).toBe(false)
      await new Promise((r) => setTimeout(r, 0))
      expect(logged).toHaveBeenCalledTimes(1)
      expect(guard.onClose()).toBe(false) // idle again: asks (and fails) again instead of closing
      await new Promise((r) => setTimeout(r, 0))
      expect(logged).toHaveBeenCalledTimes(2)
    } finally {
      logged.mockRestore()
    }
  })

  it('builds a Save / Don’t Save / Cancel prompt whose Escape means Cancel', () => {
    const o = promptOptions('tune.crnnproj')
    expect(o.buttons).toEqual(['Save', "Don't Save", 'Cancel'])
    expect(o.message).toBe('Do you want to save the changes to tune.crnnproj?')
    expect([answerOf(0), answerOf(1), answerOf(o.cancelId!), answerOf(7)]).toEqual([
      'save',
      'discard',
      'cancel',
      'cancel',
    ])
  })
})
