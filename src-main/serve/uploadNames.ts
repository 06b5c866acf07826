// Names of uploaded files: the browser sends a relative path (a file name, or webkitRelativePath for a folder);
// the server never uses it as a location, only as a sanitised name inside a folder it created itself.

const hasControl = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f')

/** Why a name was refused. */
export class UploadNameError extends Error {}

const MAX_DEPTH = 16
const MAX_SEGMENT = 120

/**
 * Sanitises a client-supplied relative path into safe segments: no absolute paths, no '.', '..' or empty segments,
 * no backslashes, no control characters; characters outside a conservative set become '_'.
 * @throws UploadNameError naming the input when it cannot be a relative file name.
 */
export function safeRelativePath(raw: string): string[] {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048)
    throw new UploadNameError(`'${String(raw).slice(0, 80)}' is not a file name`)
  if (raw.startsWith('/') || raw.includes('\\') || /^[A-Za-z]:/.test(raw) || hasControl(raw))
    throw new UploadNameError(`'${raw}' is not a relative file name`)
  const parts = raw.split('/')
  if (parts.length > MAX_DEPTH) throw new UploadNameError(`'${raw}' is nested too deeply`)
  return parts.map((p) => {
    if (p === '' || p === '.' || p === '..') throw new UploadNameError(`'${raw}' has a '${p}' segment`)
    const clean = p.normalize('NFC').replace(/[^\p{L}\p{N} ._()+,#&'-]/gu, '_')
    if (clean.length > MAX_SEGMENT)
      throw new UploadNameError(`'${p}' is longer than ${MAX_SEGMENT} characters`)
    if (/^\.+$/.test(clean)) throw new UploadNameError(`'${raw}' has a '${p}' segment`)
    return clean
  })
}

/** A download's file name: the last segment of `name` made safe (a fallback when nothing is left). */
export function safeFileName(name: string, fallback = 'download'): string {
  const last = name.split(/[/\\]/).pop() ?? ''
  const clean = last
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()+,#&'-]/gu, '_')
    .slice(0, MAX_SEGMENT)
  return clean === '' || /^\.+$/.test(clean) ? fallback : clean
}
