// The slice of Web MIDI the studio uses, so a recording port can stand in at exactly this boundary in tests.

/** An output port (MIDIOutput satisfies it). `timestamp` is in performance.now() milliseconds. */
export interface OutPort {
  readonly id: string
  readonly name?: string | null
  send(data: number[], timestamp?: number): void
}

/** An input port (MIDIInput satisfies it). Events carry `data` and a performance.now() `timeStamp`. */
export interface InPort {
  readonly id: string
  readonly name?: string | null
  addEventListener(type: 'midimessage', fn: (e: { data: Uint8Array | null; timeStamp: number }) => void): void
  removeEventListener(
    type: 'midimessage',
    fn: (e: { data: Uint8Array | null; timeStamp: number }) => void,
  ): void
}

/** Maps audio-context time to the performance.now() clock MIDI timestamps use. */
export interface TimeBase {
  /** The audio context's current time (seconds). */
  now(): number
  /** performance.now() milliseconds at which audio-context time `t` is heard. */
  toPerformance(t: number): number
}

/** TimeBase of a live AudioContext: getOutputTimestamp() includes the output latency, so MIDI and audio line up. */
export function contextTimeBase(ctx: AudioContext): TimeBase {
  return {
    now: () => ctx.currentTime,
    toPerformance: (t) => {
      const o = ctx.getOutputTimestamp?.()
      if (o && o.performanceTime && o.contextTime !== undefined)
        return o.performanceTime + (t - o.contextTime) * 1000
      return performance.now() + (t - ctx.currentTime) * 1000
    },
  }
}

/** Asks for Web MIDI without SysEx (the only MIDI permission the desktop shell grants). */
export async function requestMidi(): Promise<MIDIAccess> {
  if (!('requestMIDIAccess' in navigator))
    throw new Error('this window has no Web MIDI (navigator.requestMIDIAccess)')
  try {
    return await navigator.requestMIDIAccess({ sysex: false })
  } catch (err) {
    throw new Error(`MIDI devices are not available: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    })
  }
}
