// Minimal promise layer over yauzl for the run importer: entries one at a time (lazyEntries), sizes validated
// while streaming, names checked by yauzl (no absolute paths, no '..', no backslashes) before we see them.
import type { Readable } from 'node:stream'
import yauzl, { type Entry, type ZipFile } from 'yauzl'

/** An open archive. */
export interface ZipReader {
  readonly entryCount: number
  /** Next entry, or null at the end. */
  next(): Promise<Entry | null>
  open(entry: Entry): Promise<Readable>
  close(): void
}

/** Opens `file`; rejects with yauzl's reason when it is not a readable zip (e.g. truncated). */
export function openZip(file: string): Promise<ZipReader> {
  return new Promise((resolve, reject) => {
    const options = {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
      strictFileNames: true,
      decodeStrings: true,
    }
    yauzl.open(file, options, (err, zip?: ZipFile) => {
      if (err || !zip) return reject(err ?? new Error('could not open'))
      let waiting: { ok: (e: Entry | null) => void; bad: (e: Error) => void } | null = null
      let failed: Error | null = null
      zip.on('entry', (e: Entry) => waiting?.ok(e))
      zip.on('end', () => waiting?.ok(null))
      zip.on('error', (e: Error) => {
        failed = e
        waiting?.bad(e)
      })
      resolve({
        entryCount: zip.entryCount,
        next: () =>
          new Promise<Entry | null>((ok, bad) => {
            if (failed) return bad(failed)
            waiting = { ok, bad }
            zip.readEntry()
          }),
        open: (entry) =>
          new Promise<Readable>((ok, bad) =>
            zip.openReadStream(entry, (e, stream) =>
              e || !stream ? bad(e ?? new Error('no stream')) : ok(stream),
            ),
          ),
        close: () => zip.close(),
      })
    })
  })
}

/** True when a zip entry's Unix mode marks it a symbolic link (or anything but a regular file). */
export function isSpecialFile(entry: Entry): boolean {
  const mode = (entry.externalFileAttributes >>> 16) & 0o170000
  return mode !== 0 && mode !== 0o100000
}
