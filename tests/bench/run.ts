// `npm run bench`: runs every benchmark module in tests/bench/*.bench.ts in turn. Prints figures; never fails on time.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { relaxedSimdNodeArgs } from '../../bin/wasmFlags.mjs'

// Node 20 runs the kernel's relaxed-SIMD (FMA) build only with a V8 flag: rerun this script with it.
const flags = relaxedSimdNodeArgs().filter((f) => !process.execArgv.includes(f))
if (flags.length > 0) {
  const args = [...flags, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)]
  process.exit(spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1)
}

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
