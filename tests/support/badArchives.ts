// Damaged `.crnnrun` files made from a good one, for the importer's refusal tests (unit and end-to-end): a truncated
// copy, one whose weights differ by one bit from what the manifest's sha256 says, and a zip-slip entry.
import { promises as fs, readFileSync } from 'node:fs'
import yazl from 'yazl'
import { openZip } from '../../src-main/ml/transfer/readZip'

/** Every entry of a (trusted) archive, in order. */
export async function zipEntries(file: string): Promise<Map<string, Buffer>> {
  const zip = await openZip(file)
  const out = new Map<string, Buffer>()
  for (let e = await zip.next(); e; e = await zip.next()) {
    const parts: Buffer[] = []
    for await (const c of await zip.open(e)) parts.push(c as Buffer)
    out.set(e.fileName, Buffer.concat(parts))
  }
  zip.close()
  return out
}

/** Writes a zip of `entries` in order; `mode` lets a test forge a symlink entry. */
export async function writeZip(
  path: string,
  entries: readonly { name: string; data: Buffer; mode?: number }[],
): Promise<string> {
  const zip = new yazl.ZipFile()
  for (const e of entries) zip.addBuffer(e.data, e.name, { mode: e.mode ?? 0o100644 })
  zip.end()
  const parts: Buffer[] = []
  for await (const c of zip.outputStream) parts.push(c as Buffer)
  await fs.writeFile(path, Buffer.concat(parts))
  return path
}

/** The first half of `good`. */
export async function truncatedCopy(good: string, out: string): Promise<string> {
  const bytes = readFileSync(good)
  await fs.writeFile(out, bytes.subarray(0, Math.floor(bytes.length / 2)))
  return out
}

/** `good` re-zipped with one bit of a weights.bin flipped (manifest unchanged); returns the entry's name too. */
export async function badChecksumCopy(good: string, out: string): Promise<{ file: string; entry: string }> {
  const entries = await zipEntries(good)
  const entry = [...entries.keys()].find((n) => n.endsWith('weights.bin'))!
  const w = Buffer.from(entries.get(entry)!)
  w[Math.min(100, w.length - 1)] ^= 0x01
  entries.set(entry, w)
  await writeZip(
    out,
    [...entries].map(([name, data]) => ({ name, data })),
  )
  return { file: out, entry }
}

/**
 * A zip whose entry is named `evil` (e.g. '../../evil.txt'). yazl refuses to write such names, so a same-length
 * `placeholder` is written and its bytes swapped in both the local and the central header.
 */
export async function forgedNameZip(evil: string, placeholder: string, out: string): Promise<string> {
  if (placeholder.length !== evil.length) throw new Error('placeholder and name must have the same length')
  await writeZip(out, [{ name: placeholder, data: Buffer.from('pwned') }])
  const text = readFileSync(out).toString('latin1').replaceAll(placeholder, evil)
  await fs.writeFile(out, Buffer.from(text, 'latin1'))
  return out
}
