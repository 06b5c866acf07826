// The Compose screen's insert settings, shared by Insert and Play so both place a candidate the same way: how
// generated time maps onto the song's tempo, which track receives it, quantizing to the roll's grid, and the
// velocity scale.
import type { EditorState } from '../editor/index'
import { gridTicks } from '../editor/index'
import type { PlacementOptions, TimingMode } from './placement'

/** Where Insert puts a candidate: a new "Generated n" track (made active), or the active track. */
export type InsertTarget = 'new' | 'active'

export class InsertOptions {
  timing = $state<TimingMode>('beats')
  target = $state<InsertTarget>('new')
  /** Quantize onsets to the piano roll's snap grid on insert (and in Play). */
  quantize = $state(false)
  /** 0..1. */
  strength = $state(1)
  /** Generated velocities × this on insert (and in Play); 1 = as generated. */
  velocityScale = $state(1)

  /** Placement settings for `editor` (its snap grid; no quantize while snap is off). */
  placement(editor: EditorState): PlacementOptions {
    const grid = editor.snap.enabled ? gridTicks(editor.song.ppq, editor.snap) : 0
    return {
      timing: this.timing,
      quantize: this.quantize && grid > 0 ? { grid, strength: this.strength } : null,
      // An emptied or zeroed field (the input allows typing it) means "as generated", not an error.
      velocityScale: this.velocityScale > 0 ? this.velocityScale : 1,
    }
  }
}
