// Keyboard shortcuts of the piano roll as data: key event → editor action. Pure so the table is unit-tested
// and printed in the README; EditorState.runAction performs the action.

/** Actions the editor understands (also reachable from menus and buttons). */
export type EditorAction =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'cut'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'selectAll'
  | 'deselect'
  | 'left'
  | 'right'
  | 'up'
  | 'down'
  | 'octaveUp'
  | 'octaveDown'
  | 'toolDraw'
  | 'toolSelect'
  | 'toolErase'
  | 'quantize'
  | 'zoomInX'
  | 'zoomOutX'
  | 'zoomInY'
  | 'zoomOutY'
  | 'zoomToSelection'
  | 'playPause'
  | 'stop'

/** The parts of a KeyboardEvent the table looks at. */
export interface KeyInput {
  readonly key: string
  readonly ctrlKey?: boolean
  readonly metaKey?: boolean
  readonly shiftKey?: boolean
  readonly altKey?: boolean
}

/** Shortcut table: [display, predicate, action]. Ctrl and ⌘ are interchangeable. */
export const SHORTCUTS: readonly (readonly [string, (k: KeyInput, mod: boolean) => boolean, EditorAction])[] =
  [
    ['Ctrl+Z', (k, m) => m && !k.shiftKey && k.key.toLowerCase() === 'z', 'undo'],
    [
      'Ctrl+Shift+Z / Ctrl+Y',
      (k, m) => m && ((k.shiftKey && k.key.toLowerCase() === 'z') || k.key.toLowerCase() === 'y'),
      'redo',
    ],
    ['Ctrl+C', (k, m) => m && k.key.toLowerCase() === 'c', 'copy'],
    ['Ctrl+X', (k, m) => m && k.key.toLowerCase() === 'x', 'cut'],
    ['Ctrl+V', (k, m) => m && k.key.toLowerCase() === 'v', 'paste'],
    ['Ctrl+D', (k, m) => m && k.key.toLowerCase() === 'd', 'duplicate'],
    ['Ctrl+A', (k, m) => m && k.key.toLowerCase() === 'a', 'selectAll'],
    ['Delete / Backspace', (k, m) => !m && (k.key === 'Delete' || k.key === 'Backspace'), 'delete'],
    ['Escape', (k) => k.key === 'Escape', 'deselect'],
    ['← / →', (k, m) => !m && k.key === 'ArrowLeft', 'left'],
    ['', (k, m) => !m && k.key === 'ArrowRight', 'right'],
    ['Shift+↑ / Shift+↓', (k, m) => !m && !!k.shiftKey && k.key === 'ArrowUp', 'octaveUp'],
    ['', (k, m) => !m && !!k.shiftKey && k.key === 'ArrowDown', 'octaveDown'],
    ['↑ / ↓', (k, m) => !m && k.key === 'ArrowUp', 'up'],
    ['', (k, m) => !m && k.key === 'ArrowDown', 'down'],
    ['1 / 2 / 3', (k, m) => !m && k.key === '1', 'toolDraw'],
    ['', (k, m) => !m && k.key === '2', 'toolSelect'],
    ['', (k, m) => !m && k.key === '3', 'toolErase'],
    ['Q', (k, m) => !m && k.key.toLowerCase() === 'q', 'quantize'],
    ['Ctrl+= / Ctrl+-', (k, m) => m && !k.altKey && (k.key === '=' || k.key === '+'), 'zoomInX'],
    ['', (k, m) => m && !k.altKey && k.key === '-', 'zoomOutX'],
    ['Alt+= / Alt+-', (k, m) => !m && !!k.altKey && (k.key === '=' || k.key === '+'), 'zoomInY'],
    ['', (k, m) => !m && !!k.altKey && k.key === '-', 'zoomOutY'],
    ['F', (k, m) => !m && k.key.toLowerCase() === 'f', 'zoomToSelection'],
    ['Space', (k) => k.key === ' ', 'playPause'],
    ['Enter', (k) => k.key === 'Enter', 'stop'],
  ]

/** The action bound to a key event, or null. */
export function actionForKey(k: KeyInput): EditorAction | null {
  const mod = !!(k.ctrlKey || k.metaKey)
  for (const [, test, action] of SHORTCUTS) if (test(k, mod)) return action
  return null
}
