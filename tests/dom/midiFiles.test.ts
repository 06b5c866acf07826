// @vitest-environment node
// MIDI files over main's own handler table (tests/support/handlerStudio.ts): the editor's Export / Import / drag
// out reach main only through the client they are given, and main's answers and refusals (a cancelled dialog, a
// path outside the user's choices, a damaged file, no desktop window to drag from) come back as they would in the
// app. The dialogs are the only stand-in: they answer with paths in the test's folder.
// Node, not jsdom: under jsdom structuredClone returns typed arrays of another realm, which main's schema
// (z.instanceof(Uint8Array)) refuses; in the app main has one realm, and this renderer code needs no DOM.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { baseSong, notesFrom, trackOf } from '../../src-main/common/midi/testSongs'
import type { Song } from '../../src-main/common/music/song'
import { EditorState, importMidi } from '../../src-renderer/src/editor/index'
import {
  dragMidi,
  exportFileName,
  exportMidiBytes,
  MidiImportError,
  openMidi,
  saveMidi,
} from '../../src-renderer/src/export/index'
import { createClient, type StudioClient, StudioError } from '../../src-renderer/src/lib/ipc'
import { startHandlerStudio, type HandlerStudio } from '../support/handlerStudio'

let main: HandlerStudio | undefined
let client: StudioClient
/** What the next open / save dialog answers (null = cancelled), and what the save dialog was offered. */
let openAnswer: string | null = null
let saveAnswer: string | null = null
const offered: string[] = []

const song: Song = baseSong({
  name: 'Duet',
  tracks: [
    trackOf('a', notesFrom([[72, 0, 480, 90]]), { name: 'Melody', program: 40 }),
    trackOf('b', notesFrom([[40, 480, 960, 64]], { from: 2 }), { name: 'Bass', channel: 1, program: 32 }),
  ],
})
const shape = (s: Song) => s.tracks.map((t) => t.notes.map((n) => [n.pitch, n.startTick, n.durationTicks]))

beforeAll(async () => {
  main = await startHandlerStudio({
    starter: 'shipped',
    pickers: {
      openFile: async () => openAnswer,
      saveFile: async (_kind, suggestedName) => {
        offered.push(suggestedName)
        return saveAnswer
      },
    },
  })
  const api = main.api
  client = createClient(() => api)
  mkdirSync(join(main.dir, 'exports'))
})
afterAll(() => main?.close())

describe('MIDI files over main', () => {
  it('saves the song where the composer chose and opens it back', async () => {
    const path = join(main!.dir, 'exports', 'duet.mid')
    saveAnswer = path
    expect(await saveMidi(client, song)).toBe(path)
    expect(offered.at(-1)).toBe(exportFileName(song))
    expect(new Uint8Array(readFileSync(path))).toEqual(exportMidiBytes(song))

    openAnswer = path
    const back = await openMidi(client)
    expect(back?.name).toBe('duet')
    expect(shape(back!)).toEqual(shape(song))
  })

  it('resolves null when a dialog is cancelled', async () => {
    saveAnswer = null
    openAnswer = null
    expect(await saveMidi(client, song)).toBeNull()
    expect(await openMidi(client)).toBeNull()
  })

  it("carries main's refusal code: a save inside the library is refused, and nothing is written", async () => {
    saveAnswer = join(main!.dir, 'data', 'library', 'sneaky.mid')
    const err = await saveMidi(client, song).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StudioError)
    expect((err as StudioError).code).toBe('forbidden-path')
    expect(() => readFileSync(saveAnswer!)).toThrow(/ENOENT/)
  })

  it('names a damaged file and says why, and the editor keeps its song', async () => {
    const broken = join(main!.dir, 'exports', 'broken.mid')
    writeFileSync(broken, 'MThd but not really')
    openAnswer = broken
    const err = await openMidi(client).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MidiImportError)
    expect((err as MidiImportError).file).toBe('broken.mid')
    expect((err as Error).message).toMatch(/^Could not import “broken\.mid”: /)

    const notices: string[] = []
    const editor = new EditorState({ song, onNotice: (_kind, text) => notices.push(text) })
    expect(await importMidi(client, editor, 'tracks')).toBe(false)
    expect(editor.song).toBe(song)
    expect(notices).toEqual([(err as Error).message])
  })

  it('imports a saved file as new tracks in one undo step, selected', async () => {
    const path = join(main!.dir, 'exports', 'again.mid')
    saveAnswer = path
    await saveMidi(client, song)
    openAnswer = path
    const editor = new EditorState({ song })
    expect(await importMidi(client, editor, 'tracks')).toBe(true)
    expect(editor.song.tracks).toHaveLength(4)
    expect(editor.selection.size).toBe(2)
    editor.undo()
    expect(editor.song.tracks).toHaveLength(2)
  })

  it('refuses a drag-out where there is no desktop window, naming the channel', async () => {
    const err = await dragMidi(client, song).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StudioError)
    expect((err as StudioError).code).toBe('unavailable')
    expect((err as Error).message).toMatch(/file:dragMidi/)
  })
})
