// Worker bootstrap for running from TypeScript sources: registers tsx in this worker thread (loader hooks are per
// thread) with the repo's tsconfig, then loads the real entry.
import { register } from 'tsx/esm/api'
import { fileURLToPath } from 'node:url'

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) })
await import('./workerEntry.ts')
