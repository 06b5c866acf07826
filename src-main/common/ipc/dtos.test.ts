// The Edit menu's one map: every edit:* command names an action (editor and native text fields alike), no other
// command does.
import { describe, expect, it } from 'vitest'
import { editMenuAction, MENU_COMMANDS } from './dtos'

describe('editMenuAction', () => {
  it('names the action of every Edit-menu command and of no other', () => {
    const mapped = MENU_COMMANDS.filter((c) => editMenuAction(c) !== undefined)
    expect(mapped).toEqual(MENU_COMMANDS.filter((c) => c.startsWith('edit:')))
    expect(mapped.map(editMenuAction)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'])
    expect(editMenuAction('midi:import')).toBeUndefined()
  })
})
