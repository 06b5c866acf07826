#!/usr/bin/env node
// CLI launcher: runs the TypeScript sources through tsx so `npx crnngan` works right after `npm install`.
// The repo's tsconfig is named explicitly so '@common/' paths resolve whatever the current directory is.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'
import { relaxedSimdNodeArgs } from './wasmFlags.mjs'

// Node 20 runs the engine's relaxed-SIMD (FMA) kernel only with a V8 flag: rerun this launcher with it once. The
// child shares the terminal (Ctrl-C reaches it directly); this process only waits and passes its exit code on.
const flags = process.env.CRNNGAN_NO_REEXEC
  ? []
  : relaxedSimdNodeArgs().filter((f) => !process.execArgv.includes(f))
if (flags.length > 0) {
  const child = spawn(
    process.execPath,
    [...flags, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, CRNNGAN_NO_REEXEC: '1' },
    },
  )
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal === 'SIGINT' ? 130 : 1)
  })
} else {
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) })
  const { main } = await import('../src-main/cli/main.ts')
  process.exitCode = await main(process.argv.slice(2))
}
