// The starter model's public-domain data: JSB chorales (train/valid) plus the mutopia-bach files whose index.csv
// licence is exactly "Public Domain", split piece-wise (all movements of one BWV number on one side) by a seed.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { encodeCells } from '../../src-main/common/crnngan/cells'
import { readTones } from '../../src-main/common/crnngan/tones'
import type { SongCells } from '../../src-main/ml/training/batching'
import { Rng } from '../../src-main/ml/training/seeds'

/** The only mutopia licence accepted (exact string in index.csv). */
export const PD_LICENCE = 'Public Domain'

/** One file of the starter data and which side of the split it is on. */
export interface StarterFile {
  readonly path: string
  /** Name relative to the corpus folder, e.g. `jsb-chorales/train/jsb_train_000.mid`. */
  readonly name: string
  readonly source: 'jsb' | 'mutopia'
  readonly split: 'train' | 'validation' | 'test'
  /** Piece key: the BWV group for mutopia (e.g. `BachJS__BWV997`), the file name for JSB. */
  readonly piece: string
}

/** Parses one CSV line with double-quoted fields ("" escapes a quote). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"'
        i++
      } else if (c === '"') quoted = false
      else cur += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      out.push(cur)
      cur = ''
    } else cur += c
  }
  out.push(cur)
  return out
}

/** Mutopia rows whose licence is exactly "Public Domain". @throws Error naming the file when columns are missing. */
export async function publicDomainMutopia(corpusDir: string): Promise<{ file: string; piece: string }[]> {
  const csvPath = join(corpusDir, 'mutopia-bach', 'index.csv')
  const lines = (await fs.readFile(csvPath, 'utf8')).split(/\r?\n/).filter((l) => l.trim() !== '')
  const head = parseCsvLine(lines[0])
  const [fi, li] = [head.indexOf('file'), head.indexOf('license')]
  if (fi < 0 || li < 0)
    throw new Error(`${csvPath}: expected 'file' and 'license' columns, got ${head.join(',')}`)
  return lines
    .slice(1)
    .map(parseCsvLine)
    .filter((r) => r[li] === PD_LICENCE)
    .map((r) => ({ file: r[fi], piece: r[fi].split('__').slice(0, 2).join('__') }))
}

/**
 * The starter file list: JSB train → train, JSB valid → validation, JSB test → test (never trained on), mutopia PD
 * pieces split piece-wise with `heldOutFraction` of the pieces (seeded) in validation.
 */
export async function starterFiles(
  corpusDir: string,
  heldOutFraction = 0.15,
  seed = 1234,
): Promise<StarterFile[]> {
  const out: StarterFile[] = []
  const jsbSplits = [
    ['train', 'train'],
    ['valid', 'validation'],
    ['test', 'test'],
  ] as const
  for (const [dir, split] of jsbSplits) {
    const folder = join(corpusDir, 'jsb-chorales', dir)
    const names = (await fs.readdir(folder)).filter((n) => /\.midi?$/i.test(n)).sort()
    if (names.length === 0) throw new Error(`no MIDI files in '${folder}'`)
    for (const n of names)
      out.push({ path: join(folder, n), name: `jsb-chorales/${dir}/${n}`, source: 'jsb', split, piece: n })
  }
  const pd = await publicDomainMutopia(corpusDir)
  const pieces = [...new Set(pd.map((r) => r.piece))].sort()
  const order = new Rng(seed).shuffle(pieces.map((_, i) => i))
  const held = new Set(
    order.slice(0, Math.max(1, Math.round(heldOutFraction * pieces.length))).map((i) => pieces[i]),
  )
  for (const r of pd)
    out.push({
      path: join(corpusDir, 'mutopia-bach', r.file),
      name: `mutopia-bach/${r.file}`,
      source: 'mutopia',
      split: held.has(r.piece) ? 'validation' : 'train',
      piece: r.piece,
    })
  return out
}

/** Encoded cells of `files` (K tones per cell); files without notes are an error naming the file. */
export async function loadCells(files: readonly StarterFile[], tonesPerCell: 1 | 3): Promise<SongCells[]> {
  const songs: SongCells[] = []
  for (const f of files) {
    const enc = encodeCells(readTones(await fs.readFile(f.path), f.path), { tonesPerCell })
    if (enc.cells === 0) throw new Error(`'${f.path}' has no notes`)
    songs.push({ name: f.name, cells: enc.data })
  }
  return songs
}
