// `npm run bench`: runs every benchmark module in tests/bench/*.bench.ts in turn. Prints figures; never fails on time.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const dir = import.meta.dirname
const only = process.argv.slice(2)
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
let failed = 0
for (const f of files) {
  console.log(`\n=== ${f}`)
  try {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { run: () => Promise<void> }
    await mod.run()
  } catch (err) {
    failed++
    console.error(`benchmark ${f} could not run: ${err instanceof Error ? err.stack : String(err)}`)
  }
}
process.exitCode = failed > 0 ? 1 : 0
