// Which web permissions the studio grants: only Web MIDI ('midi', never 'midiSysex'), and only to our own
// window's top frame at the app's own origin (file:// when packaged, the dev server's origin in development).
// Everything else (camera, microphone, notifications, geolocation, …) is denied.

/** The parts of a permission request/check this policy looks at. */
export interface PermissionAsk {
  readonly permission: string
  /** True when the asking webContents is our studio window. */
  readonly ourWindow: boolean
  /** URL (request) or origin (check) of the frame that asks; '' when Electron does not say. */
  readonly url: string
  /** False when a sub-frame asks (details.isMainFrame). */
  readonly mainFrame: boolean
}

/** Origin of a URL as Chromium reports it for pages ('file://' for file: URLs), or null if unparsable. */
export function originOf(url: string): string | null {
  if (url.startsWith('file:')) return 'file://'
  try {
    const o = new URL(url).origin
    return o === 'null' ? null : o
  } catch {
    return null
  }
}

/** True to grant. `appUrl` is what the window loads (a file: URL, or the dev server URL). */
export function grantPermission(ask: PermissionAsk, appUrl: string): boolean {
  if (ask.permission !== 'midi') return false
  if (!ask.ourWindow || !ask.mainFrame) return false
  const want = originOf(appUrl)
  return want !== null && originOf(ask.url) === want
}
