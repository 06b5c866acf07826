// Browser side of uploads to `crnngan serve`: checks the shared limits first, then PUTs each file (3 at a time)
// into a server-created upload and reports byte progress; the server answers with the upload's id, which the next
// invoke carries instead of a path.
import { extensionOf, mib, UPLOAD_LIMITS, type UploadKind } from '@common/ipc/uploads'
import type { UploadState } from './uploadState.svelte'

/** A file to upload and the relative name it goes under ('a.mid', or 'folder/sub/a.mid'). */
export interface UploadItem {
  readonly file: File
  readonly name: string
}

/** An upload refused by a limit, the server or the user. */
export class UploadFailure extends Error {
  constructor(
    readonly code: 'invalid-request' | 'cancelled' | 'io-error' | 'no-files',
    message: string,
  ) {
    super(message)
  }
}

/** Refuses items the server would refuse (type, size, count) before anything is sent. */
export function checkItems(kind: UploadKind, items: readonly UploadItem[]): void {
  const l = UPLOAD_LIMITS[kind]
  if (items.length === 0)
    throw new UploadFailure('no-files', `no ${l.extensions.join(' or ')} files were chosen`)
  if (items.length > l.maxFiles)
    throw new UploadFailure('invalid-request', `at most ${l.maxFiles} files at once`)
  let total = 0
  for (const { file, name } of items) {
    if (!l.extensions.includes(extensionOf(name)))
      throw new UploadFailure('invalid-request', `'${name}' is not a ${l.extensions.join(' or ')} file`)
    if (file.size > l.maxFileBytes)
      throw new UploadFailure('invalid-request', `'${name}' is larger than ${mib(l.maxFileBytes)}`)
    total += file.size
  }
  if (total > l.maxTotalBytes)
    throw new UploadFailure('invalid-request', `the files add up to more than ${mib(l.maxTotalBytes)}`)
}

const serverError = (xhr: XMLHttpRequest, name: string): UploadFailure => {
  let msg = `'${name}': the server answered ${xhr.status}`
  try {
    msg = (JSON.parse(xhr.responseText) as { error?: string }).error ?? msg
  } catch {
    // not JSON: keep the status line
  }
  return new UploadFailure(xhr.status === 0 ? 'io-error' : 'invalid-request', `upload refused: ${msg}`)
}

function send(
  method: string,
  url: string,
  body: Blob | null,
  signal: AbortSignal,
  onBytes?: (n: number) => void,
) {
  return new Promise<unknown>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(method, url)
    xhr.responseType = 'text'
    xhr.upload.onprogress = (e) => onBytes?.(e.loaded)
    xhr.onload = () =>
      xhr.status < 300 ? resolve(JSON.parse(xhr.responseText)) : reject(serverError(xhr, url))
    xhr.onerror = () =>
      reject(new UploadFailure('io-error', 'the upload was interrupted (is crnngan serve running?)'))
    xhr.onabort = () => reject(new UploadFailure('cancelled', 'upload cancelled'))
    signal.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(body)
  })
}

/** Uploads `items` as one upload of `kind`; resolves to its id. `folder` keeps relative paths under a top folder. */
export async function upload(
  kind: UploadKind,
  items: readonly UploadItem[],
  folder: boolean,
  state: UploadState,
): Promise<string> {
  checkItems(kind, items)
  const total = items.reduce((n, i) => n + i.file.size, 0)
  const what = items.length === 1 ? items[0].name : `${items.length} files`
  const signal = state.begin(`Uploading ${what}`, items.length, total)
  try {
    const { id } = (await send(
      'POST',
      `/api/upload?kind=${kind}${folder ? '&folder=1' : ''}`,
      null,
      signal,
    )) as {
      id: string
    }
    const sent = new Array<number>(items.length).fill(0)
    let files = 0
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const i = next++
        const { file, name } = items[i]
        const url = `/api/upload/${id}?name=${encodeURIComponent(name)}`
        await send('PUT', url, file, signal, (n) => {
          sent[i] = n
          state.progress(
            sent.reduce((a, b) => a + b, 0),
            files,
          )
        }).catch((err: unknown) => {
          throw err instanceof UploadFailure && err.code === 'invalid-request' && !err.message.includes(name)
            ? new UploadFailure(err.code, `${err.message} ('${name}')`)
            : err
        })
        sent[i] = file.size
        state.progress(
          sent.reduce((a, b) => a + b, 0),
          ++files,
        )
      }
    }
    await Promise.all([worker(), worker(), worker()])
    return id
  } finally {
    state.end()
  }
}
