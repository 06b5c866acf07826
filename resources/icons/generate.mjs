// Writes the app icons (PNG, RGBA) with no external tools: a dark rounded tile with piano-roll note bars.
// Run: node resources/icons/generate.mjs  → 1024x1024.png, 512x512.png, 256x256.png beside this file.
import { deflateSync } from 'node:zlib'
import { writeFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}

/** Signed distance to a rounded rectangle (negative inside), in unit-square coordinates. */
const roundRect = (x, y, cx, cy, hw, hh, r) => {
  const qx = Math.abs(x - cx) - hw + r
  const qy = Math.abs(y - cy) - hh + r
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r
}

// Note bars in unit coordinates: [x0, x1, row]; rows run 0 (top) .. 7 (bottom) — a rising figure.
const NOTES = [
  [0.16, 0.34, 6],
  [0.3, 0.46, 5],
  [0.42, 0.52, 4],
  [0.5, 0.7, 3],
  [0.64, 0.78, 2],
  [0.74, 0.86, 1],
  [0.16, 0.28, 3],
  [0.56, 0.66, 6],
]
const BG = [21, 23, 28]
const ACCENT = [110, 168, 254]
const DIM = [59, 95, 150]

function color(x, y) {
  if (roundRect(x, y, 0.5, 0.5, 0.46, 0.46, 0.11) > 0) return [0, 0, 0, 0]
  let rgb = BG
  // Faint grid lines every row, like a piano roll.
  const row = (y - 0.14) / 0.09
  if (y > 0.12 && y < 0.86 && Math.abs(row - Math.round(row)) < 0.04) rgb = [34, 38, 48]
  NOTES.forEach(([x0, x1, r], i) => {
    const cy = 0.18 + r * 0.09
    if (roundRect(x, y, (x0 + x1) / 2, cy, (x1 - x0) / 2, 0.032, 0.02) <= 0) rgb = i < 6 ? ACCENT : DIM
  })
  return [...rgb, 255]
}

function png(size) {
  const ss = 3 // supersampling per axis, for smooth edges
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0]
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++) {
          const c = color((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size)
          for (let k = 0; k < 3; k++) acc[k] += c[k] * c[3]
          acc[3] += c[3]
        }
      const o = py * (size * 4 + 1) + 1 + px * 4
      const a = acc[3] / (ss * ss)
      for (let k = 0; k < 3; k++) raw[o + k] = acc[3] ? Math.round(acc[k] / acc[3]) : 0
      raw[o + 3] = Math.round(a)
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, no interlace
  const sig = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])
  return Buffer.concat([
    sig,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

for (const size of [1024, 512, 256]) {
  const out = join(import.meta.dirname, `${size}x${size}.png`)
  writeFileSync(`${out}.tmp`, png(size))
  renameSync(`${out}.tmp`, out)
  console.log(`wrote ${out}`)
}
