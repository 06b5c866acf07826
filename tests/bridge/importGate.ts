// Test-only hook of the bridge: holds an import at a known point (after N files are parsed) until the test lets it
// go, so an end-to-end test can act on a running import — e.g. cancel it — without racing it. It wraps the parse
// pool the bridge gives its DatasetStore; the app never constructs one (it lives in tests/, outside every bundle).
import type { ParseReply, ParseRequest } from '../../src-main/datasets/parseFile'
import type { ParsePoolFactory } from '../../src-main/datasets/parsePool'

export class ImportGate {
  #after: number | null = null
  #passed = 0
  #finished = 0
  #open: (() => void) | null = null
  #gate: Promise<void> = Promise.resolve()
  #held: { promise: Promise<void>; resolve(): void } = deferred()

  /** The next imports let their first `files` files through, then hold every other one until {@link release}. */
  hold(files: number): void {
    this.#after = files
    this.#passed = 0
    this.#finished = 0
    this.#held = deferred()
    this.#gate = new Promise<void>((r) => (this.#open = r))
  }

  /** Resolves once `files` files are parsed and the next one is waiting at the gate. */
  held(): Promise<void> {
    return this.#held.promise
  }

  /** Lets held and later files through. */
  release(): void {
    this.#after = null
    this.#open?.()
  }

  /** Wraps a parse pool factory so its pools pass through this gate. */
  wrap(inner: ParsePoolFactory): ParsePoolFactory {
    return (size) => {
      const pool = inner(size)
      let closed: Error | null = null
      const waiting = new Set<(err: Error) => void>()
      const check = (): void => {
        if (this.#after !== null && this.#finished >= this.#after && waiting.size > 0) this.#held.resolve()
      }
      return {
        run: async (req: ParseRequest): Promise<ParseReply> => {
          if (this.#after !== null && this.#passed >= this.#after) {
            await new Promise<void>((resolve, reject) => {
              waiting.add(reject)
              check()
              void this.#gate.then(() => {
                waiting.delete(reject)
                resolve()
              })
            })
          } else this.#passed++
          if (closed) throw closed
          const reply = await pool.run(req)
          this.#finished++
          check()
          return reply
        },
        close: async (reason) => {
          closed ??= reason ?? new Error('parse pool closed')
          for (const reject of waiting) reject(closed)
          waiting.clear()
          await pool.close(reason)
        },
      }
    }
  }
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}
