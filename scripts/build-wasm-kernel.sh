#!/bin/sh
# Builds src-main/ml/ops/wasm/lstm_kernel.wasm from lstm_kernel.c (needs Debian's clang + lld:
# apt-get install -y clang lld). The .wasm is committed, so users never need a C toolchain.
set -eu
dir="$(cd "$(dirname "$0")/../src-main/ml/ops/wasm" && pwd)"
clang --target=wasm32 -O3 -msimd128 -nostdlib -fno-math-errno \
  -Wl,--no-entry -Wl,--export=__heap_base \
  -Wl,--initial-memory=1048576 -Wl,--max-memory=4294967296 -Wl,--stack-first -Wl,-z,stack-size=65536 \
  -o "$dir/lstm_kernel.wasm" "$dir/lstm_kernel.c"
ls -l "$dir/lstm_kernel.wasm"
