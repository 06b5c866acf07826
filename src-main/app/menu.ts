// The application menu as a pure template: File/Edit items forward MenuCommands to the renderer, which owns the
// document and the editor's undo history; View/Window use Electron roles. Pure, so it is unit-tested.
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '@common/ipc/dtos'

/** What the template needs from the shell. */
export interface MenuDeps {
  readonly appName: string
  readonly isMac: boolean
  /** Forwards a command to the renderer (`menu:command`). */
  readonly send: (command: MenuCommand) => void
  /** Shows the About panel. */
  readonly about: () => void
  /** Adds the DevTools toggle (development builds only). */
  readonly devTools: boolean
}

/** Builds the menu template (pass to Menu.buildFromTemplate). */
export function menuTemplate(d: MenuDeps): MenuItemConstructorOptions[] {
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => d.send(command),
  })
  const sep: MenuItemConstructorOptions = { type: 'separator' }
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      item('New Project', 'project:new', 'CmdOrCtrl+N'),
      item('Open Project…', 'project:open', 'CmdOrCtrl+O'),
      item('Save Project', 'project:save', 'CmdOrCtrl+S'),
      item('Save Project As…', 'project:saveAs', 'CmdOrCtrl+Shift+S'),
      sep,
      item('Import MIDI…', 'midi:import', 'CmdOrCtrl+I'),
      item('Export MIDI…', 'midi:export', 'CmdOrCtrl+E'),
      ...(d.isMac ? [] : [sep, { role: 'quit' } as MenuItemConstructorOptions]),
    ],
  }
  // Edit items go to the renderer: in a text field it runs the native edit command, elsewhere the piano roll's.
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      item('Undo', 'edit:undo', 'CmdOrCtrl+Z'),
      item('Redo', 'edit:redo', d.isMac ? 'Cmd+Shift+Z' : 'Ctrl+Y'),
      sep,
      item('Cut', 'edit:cut', 'CmdOrCtrl+X'),
      item('Copy', 'edit:copy', 'CmdOrCtrl+C'),
      item('Paste', 'edit:paste', 'CmdOrCtrl+V'),
      item('Select All', 'edit:selectAll', 'CmdOrCtrl+A'),
    ],
  }
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
      ...(d.devTools ? [sep, { role: 'toggleDevTools' } as MenuItemConstructorOptions] : []),
    ],
  }
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: `About ${d.appName}`, click: () => d.about() }],
  }
  const mac: MenuItemConstructorOptions[] = d.isMac
    ? [
        {
          label: d.appName,
          submenu: [{ role: 'about' }, sep, { role: 'hide' }, { role: 'hideOthers' }, sep, { role: 'quit' }],
        },
      ]
    : []
  return [...mac, file, edit, view, { role: 'windowMenu' }, help]
}
