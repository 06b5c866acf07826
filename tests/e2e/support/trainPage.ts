// Page object of the Train screen: start a run, follow it, stop it, and read the run list and the progress bar.
import type { Locator, Page } from 'playwright-core'
import type { Studio } from './harness'

export class TrainPage {
  constructor(private readonly studio: Studio) {}

  /** The current page (a restart opens a new one). */
  get page(): Page {
    return this.studio.page
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-train').click()
  }

  /** Starts `preset` for `epochs` with `seed` on the first dataset. */
  async start(o: { preset: string; epochs: number; seed: number }): Promise<void> {
    const p = this.page
    await p.getByTestId('train-preset').selectOption(o.preset)
    await p.getByTestId('train-epochs').fill(String(o.epochs))
    await p.getByTestId('train-seed').fill(String(o.seed))
    await p.getByTestId('train-start').click()
    await p.getByTestId('run-state').getByText('training').waitFor({ timeout: 60_000 })
  }

  /** Waits until the epoch counter shows at least `n` (1-based, as shown). */
  async waitForEpoch(n: number, timeoutMs = 180_000): Promise<void> {
    await this.page.waitForFunction(
      (min) => {
        const t = document.querySelector('[data-testid="train-epoch"]')?.textContent ?? ''
        return Number(/^(\d+)/.exec(t)?.[1] ?? 0) >= min
      },
      n,
      { timeout: timeoutMs },
    )
  }

  async stop(): Promise<void> {
    await this.page.getByTestId('train-stop').click()
    await this.page.getByTestId('run-state').getByText('stopped').waitFor({ timeout: 60_000 })
  }

  /** The live run's progress bar: steps done of total. */
  async progress(): Promise<{ done: number; total: number }> {
    const bar = this.page.getByTestId('run-status').getByTestId('progress')
    return {
      done: Number(await bar.getAttribute('aria-valuenow')),
      total: Number(await bar.getAttribute('aria-valuemax')),
    }
  }

  runItem(runId: string): Locator {
    return this.page.getByTestId('run-item').filter({ hasText: runId })
  }
  async liveRunId(): Promise<string> {
    return ((await this.page.getByTestId('run-status').locator('.runid').textContent()) ?? '').trim()
  }
  /** Checkpoint rows listed under a run ("epoch N…"). */
  async checkpointRows(runId: string): Promise<string[]> {
    return this.runItem(runId).locator('li').allTextContents()
  }
}
