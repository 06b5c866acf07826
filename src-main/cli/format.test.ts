// CLI text helpers: table alignment, durations, numbers, and the progress printer in TTY and log modes.
import { describe, expect, it } from 'vitest'
import { duration, num, progressPrinter, table } from './format'

function fakeStream(isTTY: boolean): { out: string[]; stream: NodeJS.WriteStream } {
  const out: string[] = []
  const stream = { isTTY, write: (s: string) => out.push(s) > 0 } as unknown as NodeJS.WriteStream
  return { out, stream }
}

describe('CLI format helpers', () => {
  it('aligns table columns, numbers to the right', () => {
    const t = table(
      ['name', 'n'],
      [
        ['a', '1'],
        ['long name', '100'],
      ],
      new Set([1]),
    )
    expect(t.split('\n')).toEqual(['name         n', 'a            1', 'long name  100'])
  })

  it('formats durations and numbers', () => {
    expect([duration(0), duration(59.6), duration(3725)]).toEqual(['0:00', '1:00', '1:02:05'])
    expect([num(3), num(0.12345), num(1234.56), num(NaN)]).toEqual(['3', '0.123', '1234.6', '-'])
  })

  it('draws one self-overwriting bar on a TTY and ends the line once', () => {
    const { out, stream } = fakeStream(true)
    const p = progressPrinter(stream)
    p.update({ done: 0, total: 4, etaSeconds: null, currentFile: '' })
    p.update({ done: 2, total: 4, etaSeconds: 65, currentFile: 'x' })
    p.end()
    p.end()
    expect(out[1]).toMatch(/^\r\[#{15}\.{15}\] 2\/4 50% ETA 1:05/)
    expect(out.filter((s) => s === '\n')).toHaveLength(1)
  })

  it('prints plain lines at most every 10 % when not a TTY', () => {
    const { out, stream } = fakeStream(false)
    const p = progressPrinter(stream)
    for (let done = 0; done <= 100; done++) p.update({ done, total: 100, etaSeconds: 1, currentFile: '' })
    p.end()
    expect(out).toHaveLength(11)
    expect(out[10]).toBe('import: 100/100 files (100%) ETA 0:01\n')
  })
})
