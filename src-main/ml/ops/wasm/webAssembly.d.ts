// The WebAssembly JS API, as far as main calls it (the GEMM kernel here and its helper threads). Node has the global,
// but @types/node leaves its types to TypeScript's DOM lib, which src-main/tsconfig.json leaves out so that main code
// cannot use DOM globals by accident. Names and shapes follow the JS API spec (and lib.dom.d.ts); the root tsconfig,
// which has the DOM lib, excludes this file.
declare namespace WebAssembly {
  type BufferSource = ArrayBufferView | ArrayBuffer
  type ExportValue = Global | Memory | ((...args: never[]) => unknown)
  type Exports = Record<string, ExportValue>
  type Imports = Record<string, Record<string, ExportValue | number>>

  interface MemoryDescriptor {
    initial: number
    maximum?: number
    shared?: boolean
  }

  /** A compiled module: instantiated on the main thread and posted to each helper thread. */
  class Module {
    constructor(bytes: BufferSource)
  }

  class Instance {
    constructor(module: Module, imports?: Imports)
    readonly exports: Exports
  }

  class Memory {
    constructor(descriptor: MemoryDescriptor)
    /** An ArrayBuffer, or a SharedArrayBuffer for shared memory (typed as lib.dom.d.ts types it). */
    readonly buffer: ArrayBuffer
    /** Grows by `delta` 64 KiB pages; returns the previous size in pages; throws RangeError past `maximum`. */
    grow(delta: number): number
  }

  class Global {
    value: number | bigint
    valueOf(): number | bigint
  }

  /** Thrown by a trap (out-of-bounds access, unreachable, …): the instance's state is then unknown. */
  class RuntimeError extends Error {}

  function validate(bytes: BufferSource): boolean
}
