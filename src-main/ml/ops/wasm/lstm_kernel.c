// Hand-written WebAssembly SIMD kernels for the C-RNN-GAN engine: packed GEMM and the BasicLSTMCell pointwise
// forward/backward. Built by scripts/build-wasm-kernel.sh into lstm_kernel.wasm (committed beside this file).
// Pointers are byte offsets into the module's own memory, which the JS side manages (ops/wasm/kernel.ts).
#include <wasm_simd128.h>

// No libc: the compiler may still emit calls to these two.
void *memcpy(void *d, const void *s, unsigned long n) {
  unsigned char *a = d;
  const unsigned char *b = s;
  while (n--) *a++ = *b++;
  return d;
}
void *memset(void *d, int v, unsigned long n) {
  unsigned char *a = d;
  while (n--) *a++ = (unsigned char)v;
  return d;
}

#define EXPORT(name) __attribute__((export_name(#name)))
typedef v128_t f4;
#define SPLAT wasm_f32x4_splat
#define LD(p) wasm_v128_load(p)
#define ST(p, v) wasm_v128_store(p, v)
#define ADD wasm_f32x4_add
#define SUB wasm_f32x4_sub
#define MUL wasm_f32x4_mul
// The GEMM's multiply-add. Built twice (scripts/build-wasm-kernel.sh): plain SIMD128 (a rounded multiply, then a
// rounded add) and, with -DRELAXED, relaxed-SIMD f32x4.relaxed_madd (one fused rounding where the CPU has FMA). The
// two builds differ only here, so their GEMM results differ by rounding and everything else is the same code.
#ifdef RELAXED
#define MADD(a, b, c) wasm_f32x4_relaxed_madd(a, b, c)
#else
#define MADD(a, b, c) ADD(c, MUL(a, b))
#endif

/* ---- GEMM ---------------------------------------------------------------------------------------------------
 * B is packed into panels of 8 columns: panel p holds B[k][8p .. 8p+7] for k = 0..K-1 contiguously (zero padded
 * past N). A 4×8 register tile then streams one 32-byte row of the panel per k, which is what makes the kernel
 * fast: the panel stays in L1 while every row block of A passes over it. */

EXPORT(pack_b)
void pack_b(int K, int N, const float *B, int brs, int bcs, float *Bp) {
  // Element (k, n) of the logical B is B[k*brs + n*bcs]: lets the caller pack a transpose without copying it.
  int panels = (N + 7) / 8;
  for (int p = 0; p < panels; p++) {
    float *dst = Bp + (long)p * K * 8;
    int n0 = p * 8;
    int nn = N - n0 < 8 ? N - n0 : 8;
    if (nn == 8 && bcs == 1) { // whole rows of 8: two vector copies
      for (int k = 0; k < K; k++) {
        const float *src = B + (long)k * brs + n0;
        ST(dst + k * 8, wasm_v128_load(src));
        ST(dst + k * 8 + 4, wasm_v128_load(src + 4));
      }
      continue;
    }
    for (int k = 0; k < K; k++) {
      const float *src = B + (long)k * brs + (long)n0 * bcs;
      int j = 0;
      for (; j < nn; j++) dst[k * 8 + j] = src[j * bcs];
      for (; j < 8; j++) dst[k * 8 + j] = 0.f;
    }
  }
}

/**
 * Packs K rows of a row-major B (row stride ldb) into panels of stride ps floats (pack_b with unit column stride
 * when ps = K*8): calling it on successive row ranges with Bp advanced by 8 floats per row builds one operand
 * out of rows that are not evenly spaced in memory (D's real and fake rows of every step, without its G rows).
 */
EXPORT(pack_rows)
void pack_rows(int K, int N, const float *B, int ldb, float *Bp, int ps) {
  int panels = (N + 7) / 8;
  for (int p = 0; p < panels; p++) {
    float *dst = Bp + (long)p * ps;
    int n0 = p * 8;
    int nn = N - n0 < 8 ? N - n0 : 8;
    if (nn == 8) {
      for (int k = 0; k < K; k++) {
        const float *src = B + (long)k * ldb + n0;
        ST(dst + k * 8, wasm_v128_load(src));
        ST(dst + k * 8 + 4, wasm_v128_load(src + 4));
      }
      continue;
    }
    for (int k = 0; k < K; k++) {
      const float *src = B + (long)k * ldb + n0;
      int j = 0;
      for (; j < nn; j++) dst[k * 8 + j] = src[j];
      for (; j < 8; j++) dst[k * 8 + j] = 0.f;
    }
  }
}

// Lane j of v without going through memory (keeps the GEMM free of shadow-stack use, so worker threads that
// share this memory but not a stack can run it concurrently).
static inline float lane(f4 v, int j) {
  switch (j) {
  case 0: return wasm_f32x4_extract_lane(v, 0);
  case 1: return wasm_f32x4_extract_lane(v, 1);
  case 2: return wasm_f32x4_extract_lane(v, 2);
  default: return wasm_f32x4_extract_lane(v, 3);
  }
}

// One MR×8 tile: C[i, n0..n0+nn) (+)= Σ_k A(i, k)·Bp[k]. A(i, k) = A[i*ars + k*acs].
#define TILE(MR)                                                                                                 \
  static void tile##MR(int K, const float *A, int ars, int acs, const float *bp, float *C, int ldc, int nn,     \
                       int acc) {                                                                               \
    f4 c0[MR], c1[MR];                                                                                          \
    for (int r = 0; r < MR; r++) c0[r] = c1[r] = SPLAT(0.f);                                                    \
    const float *a[MR];                                                                                         \
    for (int r = 0; r < MR; r++) a[r] = A + (long)r * ars;                                                      \
    for (int k = 0; k < K; k++) {                                                                               \
      f4 b0 = LD(bp), b1 = LD(bp + 4);                                                                          \
      bp += 8;                                                                                                  \
      for (int r = 0; r < MR; r++) {                                                                            \
        f4 av = SPLAT(a[r][(long)k * acs]);                                                                     \
        c0[r] = MADD(av, b0, c0[r]);                                                                            \
        c1[r] = MADD(av, b1, c1[r]);                                                                            \
      }                                                                                                         \
    }                                                                                                           \
    for (int r = 0; r < MR; r++) {                                                                              \
      float *c = C + (long)r * ldc;                                                                             \
      if (nn == 8) {                                                                                            \
        if (acc) {                                                                                              \
          c0[r] = ADD(c0[r], LD(c));                                                                            \
          c1[r] = ADD(c1[r], LD(c + 4));                                                                        \
        }                                                                                                       \
        ST(c, c0[r]);                                                                                           \
        ST(c + 4, c1[r]);                                                                                       \
      } else {                                                                                                  \
        for (int j = 0; j < nn; j++) {                                                                          \
          float v = j < 4 ? lane(c0[r], j) : lane(c1[r], j - 4);                                                \
          c[j] = acc ? c[j] + v : v;                                                                            \
        }                                                                                                       \
      }                                                                                                         \
    }                                                                                                           \
  }
TILE(6)
TILE(5)
TILE(4)
TILE(3)
TILE(2)
TILE(1)

// Rows per register tile (a build option): MR×8 accumulators + 2 B vectors + 1 A splat must fit V8's 15 xmm
// registers, or the tile spills.
#ifndef MR
#define MR 4
#endif
// gemm_range: an A of more than TALL rows is processed in blocks of MC rows (see there).
#ifndef MC
#define MC 64
#endif
#ifndef TALL
#define TALL 512
#endif
#define CAT(a, b) a##b
#define TILE_OF(n) CAT(tile, n)

// The last M mod MR rows.
static void tile_tail(int r, int K, const float *A, int ars, int acs, const float *bp, float *C, int ldc, int nn,
                      int acc) {
  switch (r) {
  case 5: tile5(K, A, ars, acs, bp, C, ldc, nn, acc); break;
  case 4: tile4(K, A, ars, acs, bp, C, ldc, nn, acc); break;
  case 3: tile3(K, A, ars, acs, bp, C, ldc, nn, acc); break;
  case 2: tile2(K, A, ars, acs, bp, C, ldc, nn, acc); break;
  case 1: tile1(K, A, ars, acs, bp, C, ldc, nn, acc); break;
  default: break;
  }
}

/**
 * C[M, 8·p0 .. 8·p1) (+)= A[M,K]·B[K,N] over panels [p0, p1) of B packed by pack_b (panel stride `ps` floats,
 * ≥ K*8 for sub-ranges of K). Disjoint panel ranges write disjoint columns: the unit of work split across threads.
 */
EXPORT(gemm_range)
void gemm_range(int M, int N, int K, const float *A, int ars, int acs, const float *Bp, int ps, float *C, int ldc,
                int acc, int p0, int p1) {
  // K blocks of 256 keep a panel slice (8 KB) in L1 while the rows of A pass over it. A tall A (D's products over
  // T·2B rows) is cut into blocks of MC rows (MC·K floats, in L2) that each pass over every panel of the range:
  // otherwise it would stream from L3 once per panel. Each C element sums its K blocks in order either way, so
  // results do not depend on the blocking.
  const int KB = 256;
  int mc = M <= TALL ? M : MC;
  for (int m0 = 0; m0 < M; m0 += mc) {
    int mm = M - m0 < mc ? M - m0 : mc;
    for (int p = p0; p < p1; p++) {
      int nn = N - p * 8 < 8 ? N - p * 8 : 8;
      float *c0 = C + p * 8 + (long)m0 * ldc;
      for (int k0 = 0; k0 < K; k0 += KB) {
        int kk = K - k0 < KB ? K - k0 : KB;
        int a2 = acc || k0 > 0;
        const float *a0 = A + (long)k0 * acs + (long)m0 * ars;
        const float *bp = Bp + (long)p * ps + (long)k0 * 8;
        int i = 0;
        for (; i + MR <= mm; i += MR)
          TILE_OF(MR)(kk, a0 + (long)i * ars, ars, acs, bp, c0 + (long)i * ldc, ldc, nn, a2);
        if (i < mm) tile_tail(mm - i, kk, a0 + (long)i * ars, ars, acs, bp, c0 + (long)i * ldc, ldc, nn, a2);
      }
    }
  }
}

/**
 * gemm_range over panels claimed `chunk` at a time from the shared counter *next (atomic fetch-add) until all
 * are taken: every thread working on one product calls this with the same arguments. A thread that starts late
 * (its core busy elsewhere) just finds less left to do, instead of the others waiting for a fixed share. Which
 * thread computes a panel does not change its values, so results are identical for any thread count.
 */
EXPORT(gemm_shared)
void gemm_shared(int M, int N, int K, const float *A, int ars, int acs, const float *Bp, int ps, float *C, int ldc,
                 int acc, int *next, int chunk) {
  int panels = (N + 7) / 8;
  for (;;) {
    int p0 = __atomic_fetch_add(next, chunk, __ATOMIC_SEQ_CST);
    if (p0 >= panels) return;
    gemm_range(M, N, K, A, ars, acs, Bp, ps, C, ldc, acc, p0, p0 + chunk < panels ? p0 + chunk : panels);
  }
}

/** C[M,N] (+)= A[M,K]·B[K,N], all panels (single-threaded entry). */
EXPORT(gemm_packed)
void gemm_packed(int M, int N, int K, const float *A, int ars, int acs, const float *Bp, int ps, float *C, int ldc,
                 int acc) {
  gemm_range(M, N, K, A, ars, acs, Bp, ps, C, ldc, acc, 0, (N + 7) / 8);
}

/* ---- Pointwise --------------------------------------------------------------------------------------------- */

// exp with Cephes' range reduction and polynomial (~1 ulp on [-87, 88]); inputs are clamped to that range.
static inline f4 vexp(f4 x) {
  x = wasm_f32x4_pmax(wasm_f32x4_pmin(x, SPLAT(88.f)), SPLAT(-87.f));
  f4 n = wasm_f32x4_nearest(MUL(x, SPLAT(1.44269504088896341f)));
  f4 r = SUB(SUB(x, MUL(n, SPLAT(0.693359375f))), MUL(n, SPLAT(-2.12194440e-4f)));
  f4 p = SPLAT(1.9875691500E-4f);
  p = ADD(MUL(p, r), SPLAT(1.3981999507E-3f));
  p = ADD(MUL(p, r), SPLAT(8.3334519073E-3f));
  p = ADD(MUL(p, r), SPLAT(4.1665795894E-2f));
  p = ADD(MUL(p, r), SPLAT(1.6666665459E-1f));
  p = ADD(MUL(p, r), SPLAT(5.0000001201E-1f));
  p = ADD(ADD(MUL(MUL(p, r), r), r), SPLAT(1.f));
  f4 e = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return MUL(p, e);
}
static inline f4 vsig(f4 x) { return wasm_f32x4_div(SPLAT(1.f), ADD(SPLAT(1.f), vexp(wasm_f32x4_neg(x)))); }
// tanh(x) = 1 - 2/(1 + e^{2x}): no cancellation problem for large |x|, absolute error ~1e-7 near 0.
static inline f4 vtanh(f4 x) {
  return SUB(SPLAT(1.f), wasm_f32x4_div(SPLAT(2.f), ADD(SPLAT(1.f), vexp(ADD(x, x)))));
}

// Four lanes of the forward cell; cp may be 0 (zero previous state).
static inline void fwd4(float *gi, float *gj, float *gf, float *go, const float *cp, float *c, float *tc, float *h,
                        float fb) {
  f4 i = vsig(LD(gi)), j = vtanh(LD(gj)), f = vsig(ADD(LD(gf), SPLAT(fb))), og = vsig(LD(go));
  f4 cn = ADD(MUL(cp ? LD(cp) : SPLAT(0.f), f), MUL(i, j));
  f4 t = vtanh(cn);
  ST(gi, i);
  ST(gj, j);
  ST(gf, f);
  ST(go, og);
  ST(c, cn);
  ST(tc, t);
  ST(h, MUL(t, og));
}

/**
 * BasicLSTMCell forward on B rows. g: [B, 4H] pre-activations (i, j, f, o), overwritten by σ(i), tanh(j),
 * σ(f + fb), σ(o). cp: previous c [B, H] or 0 for zeros. Writes c, tanh(c), h = tanh(c)·σ(o), each [B, H].
 */
EXPORT(lstm_fwd)
void lstm_fwd(int B, int H, float *g, const float *cp, float *c, float *tc, float *h, float fb) {
  for (int b = 0; b < B; b++) {
    float *gi = g + (long)b * 4 * H, *gj = gi + H, *gf = gj + H, *go = gf + H;
    long o = (long)b * H;
    const float *cpb = cp ? cp + o : 0;
    int k = 0;
    for (; k + 4 <= H; k += 4) fwd4(gi + k, gj + k, gf + k, go + k, cp ? cpb + k : 0, c + o + k, tc + o + k, h + o + k, fb);
    if (k < H) {
      // Tail lanes through padded temporaries (H need not be a multiple of 4; the paper's 350 is not).
      float t[8][4] = {{0}};
      int n = H - k;
      for (int q = 0; q < n; q++) {
        t[0][q] = gi[k + q], t[1][q] = gj[k + q], t[2][q] = gf[k + q], t[3][q] = go[k + q];
        t[4][q] = cp ? cpb[k + q] : 0.f;
      }
      fwd4(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], fb);
      for (int q = 0; q < n; q++) {
        gi[k + q] = t[0][q], gj[k + q] = t[1][q], gf[k + q] = t[2][q], go[k + q] = t[3][q];
        c[o + k + q] = t[5][q], tc[o + k + q] = t[6][q], h[o + k + q] = t[7][q];
      }
    }
  }
}

// Four lanes of the backward cell.
static inline void bwd4(const float *ai, const float *aj, const float *af, const float *ao, const float *cp,
                        const float *tc, const float *dh, float *dc, float *di, float *dj, float *df, float *dO) {
  f4 one = SPLAT(1.f);
  f4 i = LD(ai), j = LD(aj), f = LD(af), og = LD(ao), t = LD(tc), d = LD(dh);
  f4 cprev = cp ? LD(cp) : SPLAT(0.f);
  ST(dO, MUL(MUL(d, t), MUL(og, SUB(one, og))));
  f4 dcv = ADD(LD(dc), MUL(MUL(d, og), SUB(one, MUL(t, t))));
  ST(di, MUL(MUL(dcv, j), MUL(i, SUB(one, i))));
  ST(dj, MUL(MUL(dcv, i), SUB(one, MUL(j, j))));
  ST(df, MUL(MUL(dcv, cprev), MUL(f, SUB(one, f))));
  ST(dc, MUL(dcv, f));
}

/**
 * BasicLSTMCell backward on B rows. a: activations from lstm_fwd [B, 4H]; cp: previous c or 0; tc: tanh(c);
 * dh: dL/dh [B, H]; dc: in dL/dc from the next step, out dL/dc_prev (= dc·σ(f)); dg: out dL/d(pre-activations).
 */
EXPORT(lstm_bwd)
void lstm_bwd(int B, int H, const float *a, const float *cp, const float *tc, const float *dh, float *dc, float *dg) {
  for (int b = 0; b < B; b++) {
    const float *ai = a + (long)b * 4 * H, *aj = ai + H, *af = aj + H, *ao = af + H;
    float *di = dg + (long)b * 4 * H, *dj = di + H, *df = dj + H, *dO = df + H;
    long o = (long)b * H;
    const float *cpb = cp ? cp + o : 0;
    int k = 0;
    for (; k + 4 <= H; k += 4)
      bwd4(ai + k, aj + k, af + k, ao + k, cp ? cpb + k : 0, tc + o + k, dh + o + k, dc + o + k, di + k, dj + k,
           df + k, dO + k);
    if (k < H) {
      float t[12][4] = {{0}};
      int n = H - k;
      for (int q = 0; q < n; q++) {
        t[0][q] = ai[k + q], t[1][q] = aj[k + q], t[2][q] = af[k + q], t[3][q] = ao[k + q];
        t[4][q] = cp ? cpb[k + q] : 0.f, t[5][q] = tc[o + k + q], t[6][q] = dh[o + k + q], t[7][q] = dc[o + k + q];
      }
      bwd4(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11]);
      for (int q = 0; q < n; q++) {
        dc[o + k + q] = t[7][q];
        di[k + q] = t[8][q], dj[k + q] = t[9][q], df[k + q] = t[10][q], dO[k + q] = t[11][q];
      }
    }
  }
}

/** X[M, N] += bias[N] on every row. */
EXPORT(add_rows)
void add_rows(int M, int N, float *X, const float *bias) {
  for (int m = 0; m < M; m++)
    for (int n = 0; n < N; n++) X[(long)m * N + n] += bias[n];
}

/** out[N] (+)= Σ_m X[m, n] (bias gradients). */
EXPORT(col_sum)
void col_sum(int M, int N, const float *X, float *out, int acc) {
  if (!acc)
    for (int n = 0; n < N; n++) out[n] = 0.f;
  for (int m = 0; m < M; m++)
    for (int n = 0; n < N; n++) out[n] += X[(long)m * N + n];
}

/** y[i] = x[i]·m[i] (dropout; masks hold 0 or 1/keep). */
EXPORT(mul)
void mul(int n, const float *x, const float *m, float *y) {
  for (int i = 0; i < n; i++) y[i] = x[i] * m[i];
}

/** x[i] = max(x[i], 0). */
EXPORT(relu)
void relu(int n, float *x) {
  for (int i = 0; i < n; i++) x[i] = x[i] > 0.f ? x[i] : 0.f;
}

/** d[i] = a[i] > 0 ? d[i] : 0 (ReLU backward from its output a). */
EXPORT(relu_bwd)
void relu_bwd(int n, const float *a, float *d) {
  for (int i = 0; i < n; i++) d[i] = a[i] > 0.f ? d[i] : 0.f;
}

/** y[i] += x[i]. */
EXPORT(add)
void add(int n, const float *x, float *y) {
  for (int i = 0; i < n; i++) y[i] += x[i];
}

/** dst[m, 0..N) = src[m, 0..N) for M rows with row strides lds / ldd (builds concatenated [x; h] rows). */
EXPORT(copy_rows)
void copy_rows(int M, int N, const float *src, int lds, float *dst, int ldd) {
  for (int m = 0; m < M; m++)
    for (int n = 0; n < N; n++) dst[(long)m * ldd + n] = src[(long)m * lds + n];
}

/**
 * dst[n, m] = src[m, n] for an M×N src (row strides lds / ldd), in 8×8 blocks. Weight gradients Xᵀ·dG read the
 * transposed X with unit stride: the GEMM's A operand read down columns is ~25 % slower.
 */
EXPORT(transpose)
void transpose(int M, int N, const float *src, int lds, float *dst, int ldd) {
  for (int m0 = 0; m0 < M; m0 += 8)
    for (int n0 = 0; n0 < N; n0 += 8) {
      int m1 = m0 + 8 < M ? m0 + 8 : M, n1 = n0 + 8 < N ? n0 + 8 : N;
      for (int m = m0; m < m1; m++)
        for (int n = n0; n < n1; n++) dst[(long)n * ldd + m] = src[(long)m * lds + n];
    }
}
