// Renderer-side MIDI import/export: bytes ↔ Song through common/midi, saved and opened through the shell's IPC
// channels (file:openMidi, file:saveMidi) and dragged out as a .mid file (file:dragMidi). The IPC functions take
// the caller's client (getStudio().client in a component), so a test runs them against main's own handler table.
import { isMidiFormatError, type MidiFormatReason } from '@common/midi/errors'
import { readSong } from '@common/midi/readSong'
import { writeSong } from '@common/midi/writeSong'
import type { Song } from '@common/music/song'
import type { StudioClient } from '../lib/ipc'
import { type ExportScope, extractForExport } from './extract'

/** Song (or part of it) → Standard MIDI File bytes. */
export function exportMidiBytes(song: Song, scope: ExportScope = { kind: 'song' }): Uint8Array {
  return writeSong(extractForExport(song, scope))
}

/** MIDI bytes → Song named after the file (without extension). Throws MidiFormatError for bad files. */
export function importMidiBytes(bytes: Uint8Array, fileName: string): Song {
  return readSong(bytes, { name: fileName.replace(/\.midi?$/i, '') })
}

/** A file name for the export: song name + scope suffix + .mid, with unsafe characters replaced. */
export function exportFileName(song: Song, scope: ExportScope = { kind: 'song' }): string {
  const base = (song.name || 'untitled').replace(/[^\w\- .()]+/g, '_').slice(0, 100)
  const suffix =
    scope.kind === 'selection' ? ' (selection)' : scope.kind === 'clip' ? ` (${scope.clipId})` : ''
  return `${base}${suffix}.mid`
}

/**
 * Asks where to save, then writes the MIDI. Returns the saved path, or null when cancelled. Throws StudioError
 * (lib/ipc.ts) when main refuses or cannot write.
 */
export async function saveMidi(
  client: StudioClient,
  song: Song,
  scope: ExportScope = { kind: 'song' },
): Promise<string | null> {
  const bytes = new Uint8Array(exportMidiBytes(song, scope)) // own ArrayBuffer, as IPC's schema expects
  const saved = await client.call('file:saveMidi', { suggestedName: exportFileName(song, scope), bytes })
  return saved?.path ?? null
}

const REASONS: Record<MidiFormatReason, string> = {
  empty: 'the file is empty',
  'not-midi': 'it is not a MIDI file',
  truncated: 'the file is cut short',
  corrupt: 'the file is damaged',
  'no-notes': 'it has no notes',
  'too-large': 'the file is too large',
}

/** A MIDI file the composer chose could not be read: names the file and says why in plain words. */
export class MidiImportError extends Error {
  override readonly name = 'MidiImportError'
  constructor(
    readonly file: string,
    readonly reason: MidiFormatReason | 'unreadable',
    detail: string,
  ) {
    super(
      `Could not import “${file}”: ${reason === 'unreadable' ? 'it could not be read' : REASONS[reason]} (${detail}).`,
    )
  }
}

/** Shows the open dialog and reads the chosen MIDI file as a Song; null when cancelled. Throws MidiImportError. */
export async function openMidi(client: StudioClient): Promise<Song | null> {
  const file = await client.call('file:openMidi', {})
  if (!file) return null
  try {
    return importMidiBytes(file.bytes, file.name)
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    throw new MidiImportError(file.name, isMidiFormatError(err) ? err.reason : 'unreadable', detail)
  }
}

/** Starts a native drag of the song/selection/clip as a .mid file (call from a `dragstart` handler). */
export async function dragMidi(
  client: StudioClient,
  song: Song,
  scope: ExportScope = { kind: 'song' },
): Promise<boolean> {
  const bytes = new Uint8Array(exportMidiBytes(song, scope)) // own ArrayBuffer, as IPC's schema expects
  const r = await client.call('file:dragMidi', { suggestedName: exportFileName(song, scope), bytes })
  return r.started
}
