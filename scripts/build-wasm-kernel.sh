#!/bin/sh
# Builds src-main/ml/ops/wasm/lstm_kernel.wasm from lstm_kernel.c (needs Debian's clang + lld:
# apt-get install -y clang lld). The .wasm is committed, so users never need a C toolchain.
# Shared, imported memory (atomics) lets worker threads run GEMM panels on the same buffers; each instance gets
# its own shadow stack through the exported __stack_pointer.
set -eu
dir="$(cd "$(dirname "$0")/../src-main/ml/ops/wasm" && pwd)"
clang --target=wasm32 -O3 -msimd128 -matomics -mbulk-memory -mmutable-globals -nostdlib -fno-math-errno \
  -Wl,--no-entry -Wl,--import-memory -Wl,--shared-memory -Wl,--max-memory=4294967296 \
  -Wl,--export=__heap_base -Wl,--export=__stack_pointer -Wl,-z,stack-size=65536 -Wl,--stack-first \
  -o "$dir/lstm_kernel.wasm" "$dir/lstm_kernel.c"
ls -l "$dir/lstm_kernel.wasm"
