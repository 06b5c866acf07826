// Plain-text output helpers for the CLI: aligned tables, durations, numbers, a stderr progress line.
import { isAbsolute, relative } from 'node:path'
import type { ImportProgress } from '../datasets/types'

/** Renders rows as an aligned table; columns listed in `right` are right-aligned (numbers). */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: ReadonlySet<number>,
) {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]?.length ?? 0)))
  const line = (r: readonly string[]): string =>
    r
      .map((cell, c) => (right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)].join('\n')
}

/** Seconds as h:mm:ss (or m:ss under an hour). */
export function duration(seconds: number): string {
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** A number for tables: integers as is, |x| ≥ 100 with 1 decimal, smaller values with 3; NaN prints as '-'. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return '-'
  if (Number.isInteger(x)) return String(x)
  return x.toFixed(Math.abs(x) >= 100 ? 1 : 3)
}

/** `path` relative to the current directory when it lies inside it (shorter table cells), else unchanged. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path
}

/**
 * Progress printer for imports on stderr: on a TTY one self-overwriting bar line; otherwise plain lines at most
 * every 10 % so logs stay short.
 */
export function progressPrinter(stream: NodeJS.WriteStream): {
  update(p: ImportProgress): void
  end(): void
} {
  const tty = stream.isTTY === true
  let lastTenth = -1
  let drawn = false
  return {
    update(p) {
      const pct = p.total === 0 ? 100 : Math.floor((100 * p.done) / p.total)
      const eta = p.etaSeconds === null ? '' : ` ETA ${duration(p.etaSeconds)}`
      if (tty) {
        const width = 30
        const fill = Math.round((width * pct) / 100)
        const bar = `[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${p.done}/${p.total} ${pct}%${eta}`
        stream.write(`\r${bar}\x1b[K`)
        drawn = true
      } else if (Math.floor(pct / 10) > lastTenth) {
        lastTenth = Math.floor(pct / 10)
        stream.write(`import: ${p.done}/${p.total} files (${pct}%)${eta}\n`)
      }
    },
    end() {
      if (drawn) stream.write('\n')
      drawn = false
    },
  }
}
