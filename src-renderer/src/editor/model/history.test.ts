// History: undo/redo order, bound, drag coalescing and rollback, and that 500 steps on a 10k-note song share structure.
import { describe, expect, it } from 'vitest'
import type { Song } from '@common/music/song'
import type { NoteId } from '@common/music/units'
import { moveNotes } from './commandsNotes'
import { randomSong } from './demoSong'
import { History } from './history'

describe('History', () => {
  it('undoes and redoes in order, and a new record clears redo', () => {
    const h = new History<number>()
    let cur = 0
    for (const next of [1, 2, 3]) {
      h.record(cur)
      cur = next
    }
    cur = h.undo(cur)!
    cur = h.undo(cur)!
    expect(cur).toBe(1)
    cur = h.redo(cur)!
    expect(cur).toBe(2)
    h.record(cur)
    cur = 9
    expect(h.canRedo).toBe(false)
    expect(h.undo(cur)).toBe(2)
  })

  it('drops the oldest steps beyond the limit', () => {
    const h = new History<number>({ limit: 3 })
    for (let i = 0; i < 10; i++) h.record(i)
    expect(h.size).toBe(3)
    let cur = 10
    const seen: number[] = []
    for (let v = h.undo(cur); v !== undefined; v = h.undo(cur)) seen.push((cur = v))
    expect(seen).toEqual([9, 8, 7])
    expect(() => new History({ limit: 0 })).toThrow(/limit.*0/)
  })

  it('coalesces records with the same key until sealed (one drag = one step)', () => {
    const h = new History<string>()
    h.record('start', 'drag')
    h.record('mid1', 'drag')
    h.record('mid2', 'drag')
    expect(h.size).toBe(1)
    expect(h.undo('end')).toBe('start')
    h.redo('start')
    h.seal()
    h.record('end', 'drag')
    expect(h.size).toBe(2)
    h.record('x') // no key never coalesces
    h.record('y')
    expect(h.size).toBe(4)
  })

  it('rolls back the open drag as if it never happened, redo stack included (a cancelled gesture)', () => {
    const h = new History<string>()
    h.record('a')
    h.record('b')
    expect(h.undo('c')).toBe('b') // 'c' can be redone
    h.record('b', 'drag#1')
    h.record('b2', 'drag#1')
    expect(h.canRedo).toBe(false) // the drag cleared it, as any edit does
    expect(h.rollback('drag#1')).toBe('b')
    expect(h.size).toBe(1)
    expect(h.redo('b')).toBe('c') // and the rollback gave it back
    // Only the open step can be rolled back: a sealed drag, another key, or a drag that recorded nothing cannot.
    h.record('c', 'drag#2')
    h.seal()
    expect(h.rollback('drag#2')).toBeUndefined()
    h.record('d', 'drag#3')
    expect(h.rollback('drag#4')).toBeUndefined()
    expect(h.size).toBe(4)
    expect(h.undo('e')).toBe('d')
  })

  it('keeps 500 edits of a 10,000-note song small through structural sharing', () => {
    const h = new History<Song>()
    let song = randomSong({ notes: 10_000, tracks: 2, seed: 3 })
    const ids = song.tracks[0].notes.slice(0, 3).map((n) => n.id)
    for (let i = 0; i < 500; i++) {
      h.record(song)
      song = moveNotes(song, { ids: new Set<NoteId>([ids[i % 3]]), dTicks: 1, dPitch: 0 })
    }
    expect(h.size).toBe(500)
    // Every step shares the untouched track and all untouched note objects with its neighbour.
    let cur = song
    let prev = h.undo(cur)!
    expect(prev.tracks[1]).toBe(cur.tracks[1])
    const shared = prev.tracks[0].notes.filter((n, i) => n === cur.tracks[0].notes[i]).length
    expect(shared).toBeGreaterThanOrEqual(prev.tracks[0].notes.length - 1)
    for (let i = 0; i < 499; i++) [cur, prev] = [prev, h.undo(prev)!]
    expect(h.canUndo).toBe(false)
  })
})
