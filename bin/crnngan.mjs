#!/usr/bin/env node
// CLI launcher: runs the TypeScript sources through tsx so `npx crnngan` works right after `npm install`.
// The repo's tsconfig is named explicitly so '@common/' paths resolve whatever the current directory is.
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'
import { enableRelaxedSimd } from './wasmFlags.mjs'

// `crnngan … | head -1`: the reader is gone after one line. Writing on is pointless, not an error: end quietly.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw err
})

// Node 20 runs the engine's relaxed-SIMD (FMA) kernel only with a V8 flag: set it in this process, before any
// WebAssembly is compiled. (Not by rerunning under the flag: the child would hold the run lock under a pid the user
// never saw, and a SIGKILLed launcher would leave it training on, its lock never stale.)
enableRelaxedSimd()
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) })
const { main } = await import('../src-main/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
