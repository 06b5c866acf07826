// Runs every vitest project with the JSON reporter and ends with the plain `N passed, N failed` line CI reads.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'

const out = '.vitest-results.json'
rmSync(out, { force: true })
const args = ['vitest', 'run', '--config', 'tests/vitest.config.ts', '--reporter=default', '--reporter=json']
const run = spawnSync('npx', [...args, `--outputFile.json=${out}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
})
if (!existsSync(out)) {
  console.log('0 passed, 1 failed')
  process.exit(run.status || 1)
}
const r = JSON.parse(readFileSync(out, 'utf8'))
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
// A suite that fails before any test runs (a hook throws, Chromium is missing) counts as one failure, and so does
// a non-zero vitest exit with no failed test (an unhandled error): the closing line must never read "0 failed" then.
const brokenSuites = (r.testResults ?? []).filter(
  (s) => s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed'),
).length
let failed = r.numFailedTests + brokenSuites
if (failed === 0 && run.status !== 0) failed = 1
console.log(`${r.numPassedTests} passed, ${failed} failed, ${skipped} skipped`)
process.exit(run.status ?? 1)
