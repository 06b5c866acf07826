// The browser's stand-ins for native dialogs: a hidden <input type=file> (webkitdirectory for folders) and, for a
// drop, the dropped entries walked recursively. Everything comes back as {file, relative name} items.
import type { UploadItem } from './uploader'

/** Opens the browser's file chooser; [] when the user cancels. */
export function chooseFiles(o: {
  accept: string
  multiple: boolean
  folder: boolean
}): Promise<UploadItem[]> {
  const input = document.createElement('input')
  input.type = 'file'
  input.accept = o.accept
  input.multiple = o.multiple
  input.webkitdirectory = o.folder
  input.hidden = true
  document.body.append(input)
  return new Promise<UploadItem[]>((resolve) => {
    input.addEventListener('change', () => {
      resolve([...(input.files ?? [])].map((file) => ({ file, name: file.webkitRelativePath || file.name })))
    })
    input.addEventListener('cancel', () => resolve([]))
    input.click()
  }).finally(() => input.remove())
}

let lastDrop: { files: File[]; entries: (FileSystemEntry | null)[] } | null = null

/**
 * Remembers the entries of every drop (they can only be read during the drop event itself), so a later
 * `pathsForDrop(files)` can upload dropped folders with their structure.
 */
export function watchDrops(): void {
  window.addEventListener(
    'drop',
    (e) => {
      const dt = e.dataTransfer
      if (!dt) return
      lastDrop = { files: [...dt.files], entries: [...dt.items].map((i) => i.webkitGetAsEntry()) }
    },
    { capture: true },
  )
}

const fileOf = (entry: FileSystemFileEntry): Promise<File> => new Promise((ok, bad) => entry.file(ok, bad))
const readAll = async (dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> => {
  const reader = dir.createReader()
  const out: FileSystemEntry[] = []
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((ok, bad) => reader.readEntries(ok, bad))
    if (batch.length === 0) return out
    out.push(...batch)
  }
}

/** Items of a drop: files by name, folders walked (names relative to the dropped folder's parent). */
export async function droppedItems(
  files: readonly File[],
): Promise<{ items: UploadItem[]; folder: boolean }> {
  const drop = lastDrop && lastDrop.files.length === files.length ? lastDrop : null
  if (!drop || drop.entries.every((e) => e === null || e.isFile))
    return { items: files.map((file) => ({ file, name: file.name })), folder: false }
  const items: UploadItem[] = []
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile)
      items.push({ file: await fileOf(entry as FileSystemFileEntry), name: `${prefix}${entry.name}` })
    else if (entry.isDirectory)
      for (const child of await readAll(entry as FileSystemDirectoryEntry))
        await walk(child, `${prefix}${entry.name}/`)
  }
  // Loose files dropped beside folders go under one folder of their own.
  for (const e of drop.entries) if (e) await walk(e, e.isFile ? 'dropped/' : '')
  return { items, folder: true }
}
