// How tensors cross IPC: a tf.Tensor does not survive structured clone, its typed-array data does.
import { z } from 'zod'

/** A tensor as plain data. `data.length` equals the product of `shape`. Row-major, like tf.Tensor.dataSync(). */
export type TensorPayload =
  | { readonly dtype: 'float32'; readonly shape: readonly number[]; readonly data: Float32Array }
  | { readonly dtype: 'int32'; readonly shape: readonly number[]; readonly data: Int32Array }

const dims = z.array(z.number().int().nonnegative()).max(8)

/** Schema for a TensorPayload, including the length-vs-shape check. */
export const tensorPayloadSchema = z
  .discriminatedUnion('dtype', [
    z.object({ dtype: z.literal('float32'), shape: dims, data: z.instanceof(Float32Array) }),
    z.object({ dtype: z.literal('int32'), shape: dims, data: z.instanceof(Int32Array) }),
  ])
  .refine((t) => t.data.length === t.shape.reduce((a, b) => a * b, 1), {
    message: 'tensor data length does not match the product of its shape',
  })

/** Builds a float32 payload, checking that `data` fits `shape` (e.g. [batch, steps, 4]). */
export function floatTensor(data: Float32Array, shape: readonly number[]): TensorPayload {
  const size = shape.reduce((a, b) => a * b, 1)
  if (data.length !== size)
    throw new Error(`tensor of shape [${shape.join(', ')}] needs ${size} values, got ${data.length}`)
  return { dtype: 'float32', shape: [...shape], data }
}
