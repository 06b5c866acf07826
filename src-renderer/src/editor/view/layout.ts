// The roll's fixed strips in CSS px. Shared by the grid template, the layer canvases and the gestures that turn a
// y into a value (the velocity lane), so a strip resized here is resized everywhere at once.

/** Width of the keyboard at the left. */
export const KEYS_W = 56
/** Height of the tempo track above the ruler. */
export const TEMPO_H = 20
/** Height of the ruler (bar numbers, loop region, playhead). */
export const RULER_H = 24
/** Height of the velocity lane under the notes. */
export const VELOCITY_LANE_H = 72
