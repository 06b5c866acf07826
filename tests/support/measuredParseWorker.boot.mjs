// Bootstrap of the measuring parse worker (tsx is registered per thread), see measuredParseWorker.ts.
import { register } from 'tsx/esm/api'
import { fileURLToPath } from 'node:url'

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) })
await import('./measuredParseWorker.ts')
