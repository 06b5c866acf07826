// Page object of the Library screen: the actions a composer takes, expressed with the bridge's test dialogs.
import type { Locator, Page } from 'playwright-core'
import type { Studio } from './harness'

export class LibraryPage {
  readonly page: Page
  constructor(private readonly studio: Studio) {
    this.page = studio.page
  }

  get empty(): Locator {
    return this.page.getByTestId('library-empty')
  }
  get view(): Locator {
    return this.page.getByTestId('dataset-view')
  }
  get summary(): Locator {
    return this.page.getByTestId('dataset-summary')
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-library').click()
  }

  /** "Choose files…" in the empty state; the test dialog answers with `paths`. */
  async chooseFiles(paths: string[]): Promise<void> {
    this.studio.bridge.pickers.imports.push(paths)
    await this.page.getByRole('button', { name: 'Choose files…' }).click()
    await this.page.getByTestId('dataset-name').waitFor()
  }

  /** "+ New" in the list header (folder dialog). */
  async chooseFolder(paths: string[]): Promise<void> {
    this.studio.bridge.pickers.imports.push(paths)
    await this.page.getByRole('button', { name: '+ New' }).click()
    await this.page.getByTestId('dataset-name').waitFor()
  }

  /** Drops `paths` on the window (a synthetic drop; the bridge resolves it to these paths). */
  async drop(paths: string[]): Promise<void> {
    this.studio.bridge.pickers.drops = paths
    await this.page.evaluate(
      (names) => {
        const dt = new DataTransfer()
        for (const n of names) dt.items.add(new File(['x'], n))
        window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }))
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
      },
      paths.map((p) => p.split('/').pop() ?? p),
    )
    await this.page.getByTestId('dataset-name').waitFor()
  }

  /** Records every text the import counter shows (progress can be faster than a poll). */
  async watchProgress(): Promise<() => Promise<string[]>> {
    await this.page.evaluate(() => {
      const seen: string[] = []
      ;(window as unknown as { __progressSeen: string[] }).__progressSeen = seen
      new MutationObserver(() => {
        const t = document.querySelector('[data-testid="import-count"]')?.textContent?.trim()
        if (t && seen[seen.length - 1] !== t) seen.push(t)
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    return () => this.page.evaluate(() => (window as unknown as { __progressSeen: string[] }).__progressSeen)
  }

  async startImport(name: string): Promise<void> {
    await this.page.getByTestId('dataset-name').fill(name)
    await this.page.getByTestId('start-import').click()
  }

  async tab(name: 'Statistics' | 'Files' | 'Skipped'): Promise<void> {
    await this.page.getByRole('tab', { name: new RegExp(`^${name}`) }).click()
  }

  fileCheckbox(fileName: string): Locator {
    return this.page.getByRole('checkbox', { name: `Include ${fileName}` })
  }
}
