// Parse worker entry (worker_threads): answers each {taskId, req} with the file's ParseReply, transferring the tone
// buffer instead of copying it. Loaded via parseWorkerUrl() (from source through parseWorker.boot.mjs).
import { parentPort } from 'node:worker_threads'
import { parseMidiFile, type ParseReply, type ParseRequest } from './parseFile'
import type { ReplyMessage, TaskMessage } from './WorkerPool'

if (!parentPort) throw new Error('parseWorker.ts must run in a worker thread')
const port = parentPort

port.on('message', (msg: TaskMessage<ParseRequest>) => {
  parseMidiFile(msg.req).then(
    (res) => {
      const reply: ReplyMessage<ParseReply> = { taskId: msg.taskId, res }
      port.postMessage(reply, res.ok ? [res.tones.buffer as ArrayBuffer] : [])
    },
    (err: unknown) => {
      const reply: ReplyMessage<ParseReply> = { taskId: msg.taskId, error: String(err) }
      port.postMessage(reply)
    },
  )
})
