// Application-menu commands for features: Edit items run the native command when a text field has focus (so
// Cut/Copy/Paste work in inputs) and reach the feature only otherwise. Subscribe with onMenu().
import { editMenuAction, type MenuCommand } from '@common/ipc/dtos'
import type { StudioClient } from './ipc'

/** True when keyboard focus is in a text-editing element. */
export function isTextEditing(el: Element | null = document.activeElement): boolean {
  if (!el) return false
  if (el instanceof HTMLTextAreaElement) return true
  if (el instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(el.type)
  return (el as HTMLElement).isContentEditable === true
}

/** Subscribes to menu commands; edit commands aimed at a focused text field are handled natively instead. */
export function onMenu(client: StudioClient, listener: (command: MenuCommand) => void): () => void {
  return client.on('menu:command', ({ command }) => {
    const native = editMenuAction(command)
    if (native && isTextEditing()) {
      // execCommand is deprecated but remains the only way to drive the focused field's native edit actions.
      document.execCommand(native)
      return
    }
    listener(command)
  })
}
