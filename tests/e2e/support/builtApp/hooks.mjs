// Module hooks of the built-app smoke test (registered by recorder.mjs): `electron` resolves to the recording stub,
// and every file module that is imported (or fails to resolve) is logged like the reads in recorder.mjs.
import { appendFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

let log = ''
let stub = ''
export function initialize(data) {
  log = data.log
  stub = data.stub
}

const note = (path, exists, extra = {}) =>
  appendFileSync(log, JSON.stringify({ where: 'hooks', what: 'import', path, exists, ...extra }) + '\n')

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: stub, shortCircuit: true }
  try {
    return await next(specifier, context)
  } catch (err) {
    if (specifier.startsWith('.') && context.parentURL?.startsWith('file:'))
      note(fileURLToPath(new URL(specifier, context.parentURL)), false, { error: err.code })
    else note(specifier, false, { error: err.code, bare: true })
    throw err
  }
}

export async function load(url, context, next) {
  if (url.startsWith('file:') && url !== stub) note(fileURLToPath(url), existsSync(fileURLToPath(url)))
  return next(url, context)
}
