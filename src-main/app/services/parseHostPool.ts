// ParsePool over an Electron utilityProcess running the parse host (datasets/parseHostEntry.ts): the app's imports
// parse there, so a hostile file can at worst stall or kill that process — never the main process and its window.
import { utilityProcess } from 'electron'
import type { ParseHostReply, ParseHostRequest } from '../../datasets/parseHost'
import type { ParseReply, ParseRequest } from '../../datasets/parseFile'
import type { ParsePoolFactory } from '../../datasets/parsePool'

/** A pool factory that forks `modulePath` (the bundled parseHost.js) once per import and kills it when closed. */
export function utilityParsePool(modulePath: string): ParsePoolFactory {
  return (size) => {
    const child = utilityProcess.fork(modulePath, [], {
      serviceName: 'C-RNN-GAN MIDI parser',
      stdio: 'inherit',
    })
    const send = (m: ParseHostRequest): void => child.postMessage(m)
    const pending = new Map<
      number,
      { req: ParseRequest; resolve(r: ParseReply): void; reject(e: Error): void }
    >()
    let nextId = 1
    let failed: Error | undefined
    const failAll = (err: Error): void => {
      failed ??= err
      for (const p of pending.values()) p.reject(failed)
      pending.clear()
    }
    child.on('message', (m: ParseHostReply) => {
      const p = pending.get(m.taskId)
      if (!p) return
      pending.delete(m.taskId)
      if ('error' in m) p.reject(new Error(`MIDI parser: ${m.error}`))
      else p.resolve(m.reply)
    })
    child.once('exit', (code) => {
      const files = [...pending.values()].map((p) => p.req.path)
      const during = files.length > 0 ? ` while parsing ${files.slice(0, 3).join(', ')}` : ''
      failAll(new Error(`the MIDI parser process stopped (exit code ${code})${during}`))
    })
    send({ type: 'init', size })
    return {
      run: (req) =>
        failed
          ? Promise.reject(failed)
          : new Promise<ParseReply>((resolve, reject) => {
              const taskId = nextId++
              pending.set(taskId, { req, resolve, reject })
              send({ type: 'parse', taskId, req })
            }),
      close: async (reason) => {
        failAll(reason ?? new Error('MIDI parser closed'))
        child.kill()
      },
    }
  }
}
