// The shortcut table maps the keys the README documents to the right actions, with Ctrl ≡ ⌘.
import { describe, expect, it } from 'vitest'
import { actionForKey } from './shortcuts'

describe('shortcuts', () => {
  it('maps editing keys', () => {
    expect(actionForKey({ key: 'z', ctrlKey: true })).toBe('undo')
    expect(actionForKey({ key: 'Z', ctrlKey: true, shiftKey: true })).toBe('redo')
    expect(actionForKey({ key: 'y', metaKey: true })).toBe('redo')
    expect(actionForKey({ key: 'd', ctrlKey: true })).toBe('duplicate')
    expect(actionForKey({ key: 'Delete' })).toBe('delete')
    expect(actionForKey({ key: 'ArrowUp' })).toBe('up')
    expect(actionForKey({ key: 'ArrowUp', shiftKey: true })).toBe('octaveUp')
    expect(actionForKey({ key: 'ArrowLeft' })).toBe('left')
    expect(actionForKey({ key: ' ' })).toBe('playPause')
    expect(actionForKey({ key: 'Enter' })).toBe('stop')
    expect(actionForKey({ key: '-', altKey: true })).toBe('zoomOutY')
    expect(actionForKey({ key: 'k' })).toBeNull()
  })
})
