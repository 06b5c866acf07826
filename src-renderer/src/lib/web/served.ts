// Whether this page is the studio served by `crnngan serve` (set once by lib/web/install.ts before the app starts).
let served = false

/** Marks the page as served to a browser. */
export function markServed(): void {
  served = true
}

/** True in the served studio (dialogs are uploads and downloads there). */
export const isServed = (): boolean => served

/**
 * How to tell the composer where a saved file went: its path on the desktop; in the browser the file was
 * downloaded, and the path is only the server's temp copy.
 */
export function savedWhere(path: string): string {
  return served ? `${path.split('/').pop()} (downloaded)` : path
}
