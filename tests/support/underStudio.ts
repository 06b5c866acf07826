// Render options that mount a component under its own Studio (WithStudio.svelte provides it through context, as
// App.svelte does), for tests that run in a page without main: the browser project has no main process, so the
// client has no studio API and every call fails with 'unavailable', as in a window whose preload did not run.
// Tests that need main run in the dom project over tests/support/handlerStudio.ts instead.
import { createStudio } from '../../src-renderer/src/createStudio'
import type { Studio } from '../../src-renderer/src/lib/context'
import { createClient } from '../../src-renderer/src/lib/ipc'
import WithStudio from './WithStudio.svelte'

/** testing-library's wrapper options for `studio` (by default a fresh one with no main behind it). */
export function underStudio(studio: Studio = createStudio(createClient(() => undefined))) {
  return { wrapper: WithStudio, wrapperProps: { studio } }
}
