// Weight blobs: named float32 arrays concatenated little-endian into one buffer, described by a JSON manifest.

/** A named tensor's values, row-major. */
export interface NamedArray {
  readonly name: string
  readonly shape: readonly number[]
  readonly data: Float32Array
}

/** Manifest entry: where `name` lives in the blob (offset and length in floats). */
export interface BlobEntry {
  readonly name: string
  readonly shape: readonly number[]
  readonly offset: number
  readonly length: number
}

const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** Concatenates arrays into little-endian float32 bytes plus a manifest. */
export function packArrays(arrays: readonly NamedArray[]): { bytes: Uint8Array; manifest: BlobEntry[] } {
  const total = arrays.reduce((n, a) => n + a.data.length, 0)
  const out = new Float32Array(total)
  const manifest: BlobEntry[] = []
  let offset = 0
  for (const a of arrays) {
    const size = a.shape.reduce((x, y) => x * y, 1)
    if (size !== a.data.length)
      throw new Error(`'${a.name}': shape [${a.shape}] needs ${size} values, got ${a.data.length}`)
    out.set(a.data, offset)
    manifest.push({ name: a.name, shape: [...a.shape], offset, length: a.data.length })
    offset += a.data.length
  }
  const bytes = new Uint8Array(out.buffer)
  // Checkpoints are little-endian on disk regardless of the host.
  if (!LE) for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse()
  return { bytes, manifest }
}

/**
 * Splits a blob back into named arrays using its manifest.
 * @throws Error naming `source` when the manifest is malformed or the blob is too short.
 */
export function unpackArrays(bytes: Uint8Array, manifest: unknown, source: string): NamedArray[] {
  if (!Array.isArray(manifest)) throw new Error(`${source}: manifest missing`)
  if (bytes.byteLength % 4 !== 0)
    throw new Error(`${source}: ${bytes.byteLength} bytes is not a float32 blob`)
  const copy = new Uint8Array(bytes)
  if (!LE) for (let i = 0; i < copy.length; i += 4) copy.subarray(i, i + 4).reverse()
  const all = new Float32Array(copy.buffer, 0, copy.byteLength / 4)
  return manifest.map((e: BlobEntry) => {
    if (typeof e?.name !== 'string' || !Array.isArray(e.shape) || !(e.offset >= 0) || !(e.length >= 0))
      throw new Error(`${source}: bad manifest entry ${JSON.stringify(e)}`)
    if (e.offset + e.length > all.length)
      throw new Error(
        `${source}: '${e.name}' needs floats up to ${e.offset + e.length}, blob has ${all.length}`,
      )
    return { name: e.name, shape: e.shape, data: all.slice(e.offset, e.offset + e.length) }
  })
}
