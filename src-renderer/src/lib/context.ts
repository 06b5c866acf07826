// The studio's app-wide services, provided once by the root (App.svelte) through Svelte context: the client to main
// and the sessions that outlive a screen. Components read them with getStudio() instead of module globals, so a
// test mounts a component under its own Studio (see ../createStudio.ts), e.g. with a client over main's handler table.
import { createContext } from 'svelte'
import type { ComposeSession } from '../compose/index'
import type { MidiSession } from '../midi/index'
import type { ProjectSession } from '../project/index'
import type { TrainSession } from '../train/index'
import type { StudioClient } from './ipc'
import type { Notices } from './notices.svelte'

/** What every screen shares: one client, one notice queue, and the sessions that survive switching screens. */
export interface Studio {
  readonly client: StudioClient
  readonly notices: Notices
  readonly compose: ComposeSession
  readonly train: TrainSession
  readonly project: ProjectSession
  /** Web MIDI ports, routing and recording: one per window, so a device choice outlives the editor. */
  readonly midi: MidiSession
}

const [get, set] = createContext<Studio>()

/** The Studio an ancestor provided; call during component initialisation (throws when none was provided). */
export const getStudio: () => Studio = get
/** Provides `studio` to this component and its descendants (the root does it once); returns it. */
export const setStudio: (studio: Studio) => Studio = set
