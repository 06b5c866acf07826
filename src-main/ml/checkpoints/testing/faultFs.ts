// Fault injection at the file-system boundary (tests): wraps the real `fs.promises` calls and FileHandle methods so
// that call N (counted across both) fails. 'kill' models a process killed at that call: it and every later call
// throw, so no clean-up code runs either. 'enospc' models a full disk at that call: only it fails, with ENOSPC.
import { promises as fs } from 'node:fs'
import { vi } from 'vitest'

const FS_CALLS = [
  'mkdir',
  'readdir',
  'readFile',
  'writeFile',
  'open',
  'rename',
  'rm',
  'stat',
  'link',
  'unlink',
] as const
const HANDLE_CALLS = new Set(['writeFile', 'write', 'sync', 'datasync', 'close', 'readFile'])

/** What to inject: nothing (count only), or a fault at the `at`-th call (1-based). */
export type Fault = { readonly kind: 'none' } | { readonly kind: 'kill' | 'enospc'; readonly at: number }

/** Installs the wrappers; returns the call log and `restore()`. */
export function injectFaults(fault: Fault): { calls: string[]; restore: () => void } {
  const calls: string[] = []
  let dead = false
  const gate = (name: string): void => {
    calls.push(name)
    if (fault.kind === 'none') return
    if (dead) throw Object.assign(new Error(`killed (after call ${fault.at})`), { code: 'EKILLED' })
    if (calls.length !== fault.at) return
    if (fault.kind === 'kill') {
      dead = true
      throw Object.assign(new Error(`killed at call ${fault.at} (${name})`), { code: 'EKILLED' })
    }
    throw Object.assign(new Error(`ENOSPC: no space left on device, ${name}`), { code: 'ENOSPC', errno: -28 })
  }
  const wrapHandle = (h: fs.FileHandle): fs.FileHandle =>
    new Proxy(h, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown
        if (typeof prop !== 'string' || !HANDLE_CALLS.has(prop) || typeof v !== 'function') return v
        return async (...args: unknown[]) => {
          try {
            gate(`handle.${prop}`)
          } catch (err) {
            // The OS closes a killed process's files; do so here too, out of sight of the call count.
            if (prop === 'close') await target.close().catch(() => undefined)
            throw err
          }
          return (v as (...a: unknown[]) => unknown).apply(target, args)
        }
      },
    })
  const spies = FS_CALLS.map((name) => {
    const real = fs[name].bind(fs) as (...a: unknown[]) => Promise<unknown>
    return vi.spyOn(fs, name).mockImplementation((async (...args: unknown[]) => {
      gate(name)
      const r = await real(...args)
      return name === 'open' ? wrapHandle(r as fs.FileHandle) : r
    }) as never)
  })
  return { calls, restore: () => spies.forEach((s) => s.mockRestore()) }
}
