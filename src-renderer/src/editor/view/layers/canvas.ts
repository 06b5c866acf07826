// Canvas plumbing shared by the layers: device-pixel-ratio sizing and the editor's colour palette.

/** Sizes `canvas` to `w`×`h` CSS px at the device pixel ratio; returns a context in CSS-pixel units. */
export function prepareCanvas(canvas: HTMLCanvasElement, w: number, h: number): CanvasRenderingContext2D {
  const dpr = globalThis.devicePixelRatio || 1
  const W = Math.max(1, Math.round(w * dpr)),
    H = Math.max(1, Math.round(h * dpr))
  if (canvas.width !== W || canvas.height !== H) {
    canvas.width = W
    canvas.height = H
  }
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('2D canvas context unavailable')
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
  return ctx
}

/** Theme colours (dark studio theme). */
export const COLORS = {
  bg: '#1d2026',
  rowBlack: '#181a1f',
  rowScale: '#232a33',
  rowLine: '#262a31',
  octaveLine: '#3a404b',
  barLine: '#5b6472',
  beatLine: '#353b45',
  gridLine: '#2a2f37',
  ghost: 'rgba(160, 170, 190, 0.22)',
  selected: '#ffd166',
  outline: 'rgba(0, 0, 0, 0.55)',
  box: 'rgba(120, 170, 255, 0.18)',
  boxLine: 'rgba(120, 170, 255, 0.9)',
  playhead: '#ff5d5d',
  loop: 'rgba(90, 200, 140, 0.12)',
  loopRuler: 'rgba(90, 200, 140, 0.55)',
  text: '#c9d1dc',
  keyWhite: '#e9ecef',
  keyBlack: '#2b2f36',
  keyScale: '#9fd3ff',
} as const

/** Track colours, by track index. */
export const TRACK_COLORS = [
  '#4fa3ff',
  '#ff8a5b',
  '#5ed39a',
  '#c38bff',
  '#ffd166',
  '#4fd1d9',
  '#ff6fa8',
  '#b5d35e',
]

/** Note fill for velocity 1..127: the track colour darkened for soft notes. */
export function velocityColor(base: string, velocity: number): string {
  const k = 0.45 + 0.55 * (velocity / 127)
  const r = parseInt(base.slice(1, 3), 16),
    g = parseInt(base.slice(3, 5), 16),
    b = parseInt(base.slice(5, 7), 16)
  return `rgb(${Math.round(r * k)}, ${Math.round(g * k)}, ${Math.round(b * k)})`
}
