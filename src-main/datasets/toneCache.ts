// Binary cache of parsed files: every file's tone rows [begin, length, freq, velocity] (spec §2.2, 384-PPQ ticks, Hz,
// 0..127) as little-endian float32, concatenated; the manifest holds each file's row offset and count.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from './atomicWrite'
import { CACHE_FILE } from './manifest'

/** Floats per tone row. */
export const TONE_FIELDS = 4
const ROW_BYTES = TONE_FIELDS * 4

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  // Float32Array uses host byte order; the cache is defined as little-endian (every platform Electron ships on).
  throw new Error('dataset cache requires a little-endian host')
}

/**
 * Writes the tone rows of all files, in order, to `<dir>/cache.bin` atomically.
 * @param files per file a Float32Array of length 4·tones.
 * @returns each file's row offset, and the total rows.
 */
export async function writeToneCache(
  dir: string,
  files: readonly Float32Array[],
): Promise<{ offsets: number[]; rows: number }> {
  let total = 0
  const offsets: number[] = []
  for (const f of files) {
    if (f.length % TONE_FIELDS !== 0) throw new Error(`tone array length ${f.length} is not a multiple of 4`)
    offsets.push(total / TONE_FIELDS)
    total += f.length
  }
  const all = new Float32Array(total)
  let at = 0
  for (const f of files) {
    all.set(f, at)
    at += f.length
  }
  await writeFileAtomic(join(dir, CACHE_FILE), all)
  return { offsets, rows: total / TONE_FIELDS }
}

/** The cache on disk is unusable (missing, wrong size, values no import can produce); the message names the file. */
export class ToneCacheError extends Error {
  override readonly name = 'ToneCacheError'
}

/**
 * Checks tone rows the way readTones produces them: every value finite, begin ≥ 0 and non-decreasing, length ≥ 0,
 * freq > 0, velocity 0..127. One flipped bit can turn a float into NaN, and a NaN onset used to stall the encoder.
 * @returns null when the rows are valid, else what is wrong with the first bad row (its index counted from 0).
 */
export function toneRowProblem(rows: Float32Array): string | null {
  let prevBegin = 0
  for (let r = 0, o = 0; o < rows.length; r++, o += TONE_FIELDS) {
    const [begin, length, freq, velocity] = [rows[o], rows[o + 1], rows[o + 2], rows[o + 3]]
    const bad = (what: string, v: number): string => `tone ${r} has ${what} ${v}`
    if (!Number.isFinite(begin) || begin < 0) return bad('begin', begin)
    if (begin < prevBegin) return `tone ${r} begins at ${begin}, before the previous tone (${prevBegin})`
    if (!Number.isFinite(length) || length < 0) return bad('length', length)
    if (!Number.isFinite(freq) || freq <= 0) return bad('frequency', freq)
    if (!Number.isFinite(velocity) || velocity < 0 || velocity > 127) return bad('velocity', velocity)
    prevBegin = begin
  }
  return null
}

/**
 * Reads `<dir>/cache.bin` and checks it holds exactly `rows` tone rows.
 * @returns all rows as one Float32Array (length 4·rows); slice per file with {@link fileTones}.
 * @throws {ToneCacheError} naming the file when it is missing or its size does not match the manifest.
 */
export async function readToneCache(dir: string, rows: number): Promise<Float32Array> {
  const path = join(dir, CACHE_FILE)
  let buf: Buffer
  try {
    buf = await fs.readFile(path)
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw new ToneCacheError(`cannot read dataset cache ${path}: ${why}`, { cause: err })
  }
  if (buf.byteLength !== rows * ROW_BYTES) {
    throw new ToneCacheError(
      `dataset cache ${path} has ${buf.byteLength} bytes, the manifest expects ${rows * ROW_BYTES}`,
    )
  }
  // Copy into a fresh aligned buffer: Node's pooled Buffers may start at an offset not divisible by 4.
  const out = new Float32Array(rows * TONE_FIELDS)
  new Uint8Array(out.buffer).set(buf)
  return out
}

/** The rows of one file: a view (no copy) into the cache array. */
export function fileTones(all: Float32Array, toneOffset: number, tones: number): Float32Array {
  return all.subarray(toneOffset * TONE_FIELDS, (toneOffset + tones) * TONE_FIELDS)
}
