// Type of lstm_kernel.wasm's exports (see lstm_kernel.c for each function's contract).

/**
 * Arguments of gemm_packed, C[M, N] (+)= A[M, K]·B: A read with row/column strides `ars`/`acs` (floats), B packed
 * by pack_b at `Bp` with panel stride `ps`, C with leading dimension `ldc`, `acc` 1 = accumulate into C, 0 = overwrite.
 */
export type GemmArgs = [
  M: number,
  N: number,
  K: number,
  A: number,
  ars: number,
  acs: number,
  Bp: number,
  ps: number,
  C: number,
  ldc: number,
  acc: number,
]

/** Raw exports of lstm_kernel.c; pointers are byte offsets into the shared memory the module imports. */
export interface KernelExports {
  __heap_base: WebAssembly.Global
  __stack_pointer: WebAssembly.Global
  pack_b(K: number, N: number, B: number, brs: number, bcs: number, Bp: number): void
  pack_rows(K: number, N: number, B: number, ldb: number, Bp: number, ps: number): void
  /** gemm_packed restricted to column panels [p0, p1) (8 columns each), so threads can split one product. */
  gemm_range(...args: [...GemmArgs, p0: number, p1: number]): void
  gemm_packed(...args: GemmArgs): void
  /** gemm_range over panels claimed `chunk` at a time from the Int32 counter at byte offset `next`. */
  gemm_shared(...args: [...GemmArgs, next: number, chunk: number]): void
  lstm_fwd(B: number, H: number, g: number, cp: number, c: number, tc: number, h: number, fb: number): void
  lstm_bwd(B: number, H: number, a: number, cp: number, tc: number, dh: number, dc: number, dg: number): void
  add_rows(M: number, N: number, X: number, bias: number): void
  col_sum(M: number, N: number, X: number, out: number, acc: number): void
  mul(n: number, x: number, m: number, y: number): void
  relu(n: number, x: number): void
  relu_bwd(n: number, a: number, d: number): void
  add(n: number, x: number, y: number): void
  copy_rows(M: number, N: number, src: number, lds: number, dst: number, ldd: number): void
  transpose(M: number, N: number, src: number, lds: number, dst: number, ldd: number): void
}
