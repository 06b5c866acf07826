// Error thrown by every MIDI reader in common/: a stable machine-readable `reason` plus a human message.

/** Why a byte buffer could not be read as a Standard MIDI File. */
export type MidiFormatReason = 'empty' | 'not-midi' | 'truncated' | 'corrupt' | 'no-notes' | 'too-large'

/**
 * A MIDI file could not be read. `reason` is stable (safe to switch on, e.g. for dataset skip reports);
 * `message` is for people and names the offending value and, when known, the file.
 */
export class MidiFormatError extends Error {
  override readonly name = 'MidiFormatError'
  readonly reason: MidiFormatReason

  constructor(reason: MidiFormatReason, message: string) {
    super(message)
    this.reason = reason
  }
}

/** True when `err` is a {@link MidiFormatError} (works across realms/bundles by checking `name`). */
export function isMidiFormatError(err: unknown): err is MidiFormatError {
  return (
    err instanceof MidiFormatError ||
    (err instanceof Error && err.name === 'MidiFormatError' && 'reason' in err)
  )
}
