// The training engine's error codes, said once: the trainer host reports them in `failed` events, `train:failed`
// carries them to the window, and a refused sampling request becomes the IPC code below (result.ts), whose
// sentence the window shows.
import type { ErrorCode } from './result'

/** Codes of the engine's `failed` events (SCREAMING_CASE on the wire, as the host protocol has always sent them). */
export const HOST_ERROR_CODES = [
  'BAD_REQUEST', // a request the engine cannot serve (e.g. a length its kernels cannot take)
  'BAD_CONFIG', // the training settings are invalid, or do not fit the model being fine-tuned
  'NO_DATA', // the dataset is missing, empty, or too small for one batch
  'NO_CHECKPOINT', // the run has no usable checkpoint of that name (gone, or every copy damaged)
  'BUSY', // another run trains, or another process holds the run folder
  'NOT_RUNNING', // pause / continue / stop with no run in progress
  'DIVERGED', // the losses stayed non-finite after every rollback
  'INTERNAL', // a bug: anything not classified above
] as const

export type HostErrorCode = (typeof HOST_ERROR_CODES)[number]

/** The IPC code of an engine refusal: what the window was asked for could not be done, and why in one word. */
export const HOST_TO_IPC: Readonly<Record<HostErrorCode, ErrorCode>> = {
  BAD_REQUEST: 'invalid-request',
  BAD_CONFIG: 'invalid-request',
  NO_DATA: 'not-found',
  NO_CHECKPOINT: 'not-found',
  BUSY: 'busy',
  NOT_RUNNING: 'invalid-request',
  DIVERGED: 'internal',
  INTERNAL: 'internal',
}

/** `train:failed` codes: an engine code, or 'trainer-crashed' when the engine process itself died. */
export type TrainFailureCode = HostErrorCode | 'trainer-crashed'
