// Builds the app's Studio (lib/context.ts) around a client: App.svelte gives it the client over window.studio, tests
// one over main's own handler table.
import { ComposeSession } from './compose/index'
import type { Studio } from './lib/context'
import type { StudioClient } from './lib/ipc'
import { Notices } from './lib/notices.svelte'
import { MidiSession } from './midi/index'
import { ProjectSession } from './project/index'
import { TrainSession } from './train/index'

/** A fresh Studio whose sessions all talk to main through `client` and report through one notice queue. */
export function createStudio(client: StudioClient): Studio {
  const notices = new Notices()
  return {
    client,
    notices,
    compose: new ComposeSession(client, notices),
    train: new TrainSession(client, notices),
    project: new ProjectSession(client, notices),
    // Web MIDI is the browser's, not main's: the MIDI session needs no client.
    midi: new MidiSession(),
  }
}
