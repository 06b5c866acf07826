// Menu template: File/Edit items forward the right MenuCommand with the usual accelerators; mac gets an app menu.
import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { MENU_COMMANDS, type MenuCommand } from '@common/ipc/dtos'
import { menuTemplate } from './menu'

const flat = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flat(i.submenu) : [])])

describe('menuTemplate', () => {
  const build = (isMac: boolean) => {
    const sent: MenuCommand[] = []
    let about = 0
    const t = menuTemplate({
      appName: 'Studio',
      isMac,
      send: (c) => sent.push(c),
      about: () => about++,
      devTools: false,
    })
    return { t, sent, about: () => about }
  }

  it('sends every menu command exactly once across File/Edit, with standard accelerators', () => {
    const { t, sent } = build(false)
    const items = flat(t)
    for (const i of items) if (i.click && i.label !== 'About Studio') (i.click as () => void)()
    expect([...sent].sort()).toEqual(MENU_COMMANDS.filter((c) => c !== 'help:about').sort())
    const acc = Object.fromEntries(items.filter((i) => i.label).map((i) => [i.label, i.accelerator]))
    expect(acc['Save Project']).toBe('CmdOrCtrl+S')
    expect(acc['Undo']).toBe('CmdOrCtrl+Z')
    expect(acc['Redo']).toBe('Ctrl+Y')
    expect(acc['Import MIDI…']).toBe('CmdOrCtrl+I')
  })

  it('puts About in Help, an app menu first on macOS, and no DevTools when disabled', () => {
    const mac = build(true)
    expect(mac.t[0].label).toBe('Studio')
    expect(flat(mac.t).some((i) => i.role === 'toggleDevTools')).toBe(false)
    const help = mac.t.find((i) => i.role === 'help')!
    ;((help.submenu as MenuItemConstructorOptions[])[0].click as () => void)()
    expect(mac.about()).toBe(1)
    expect(build(false).t.map((i) => i.label ?? i.role)).toEqual([
      'File',
      'Edit',
      'View',
      'windowMenu',
      'help',
    ])
  })
})
