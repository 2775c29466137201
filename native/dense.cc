// nnfab's native Dense kernel: the same arithmetic and the same overflow counts as the WebAssembly kernel of
// src/emulator/dense-kernel.ts (whose comment states the contract), compiled by the machine's C++ compiler when the
// package is installed, in two variants chosen at run time: AVX-512 and AVX2 (below AVX2 the WebAssembly kernel is
// faster, and is used). The emulator falls back to WebAssembly where the addon is not built; both are tested against
// the exact BigInt kernel.
//
// Per row: gather the non-zero inputs (a zero input adds nothing and never overflows) and the bound
// Σ|x_i|·max_j|w_ij|. When |bias| + Σ(|x|·m·2^-s + 1) ≤ hi no product and no partial sum can leave accum_t's range
// and plain int32 sums are exact ("clean" row). When no product can wrap (|x_i| under its threshold), the same sums
// are run watching the partial sums (sumBlock), and only if one left the range is the row recomputed by the checked
// loop, which compares, counts and wraps every product and every partial sum in input order.
//
// One call runs a list of kernel calls (a chain of Dense layers over blocks of rows) on the bytes of one buffer (the
// WebAssembly kernel memory): every address is a byte offset into it.
#include "addon.h"

#include <cstdint>
#include <cstring>
#include <vector>

#include <immintrin.h>

namespace {

// The fields of one call, in the order the caller packs them (int32 each; see NATIVE_FIELDS in native.ts).
enum Field {
  kX, kRows, kNIn, kXStride, kW, kNv, kBias, kOut, kShift, kWidth, kCounters, kMaxW, kThresholds, kRelu, kMaxBias,
  kFields
};

struct Call {
  uint8_t* mem;
  int32_t x, rows, nIn, xStride, w, nv, bias, out, shift, width, counters, maxW, thresholds, relu, maxBias;
};

// A row's non-zero inputs: where their weight rows start (int32 elements from the weights) and their values (room for
// nIn + 16: vector stores may write past the count).
struct Gathered {
  int32_t* row;
  int32_t* value;
};

#define ALWAYS_INLINE inline __attribute__((always_inline))

// Vectors of 16, 8 and 4 int32 lanes (the compiler splits them where the target's registers are narrower).
typedef int32_t V16 __attribute__((vector_size(64)));
typedef int32_t V8 __attribute__((vector_size(32)));
typedef int32_t V4 __attribute__((vector_size(16)));

// Unaligned vector loads and stores (rows are only 16-byte aligned).
template <typename V>
ALWAYS_INLINE V load(const int32_t* p) {
  V v;
  std::memcpy(&v, p, sizeof(V));
  return v;
}
template <typename V>
ALWAYS_INLINE void store(int32_t* p, V v) {
  std::memcpy(p, &v, sizeof(V));
}

// Accumulators of B vectors of type V in registers: bias + Σ floor(x·w·2^-s), unchecked. With kTrack, returns
// whether a partial sum left accum_t's range [−2^(W−1), 2^(W−1)) (the row must then be recomputed checked; nothing is
// stored). The tracked sums run offset by 2^(W−1), so that every one in range lies in [0, 2^W): one OR per step
// collects them, and a bit at W or above (a negative value sets bit 31) marks one that left. (A product cannot wrap
// here, and once a partial sum has left the range its bits stay in the OR whatever int32 does next.)
template <typename V, int B, bool kTrack>
ALWAYS_INLINE bool sumBlock(const Gathered& g, int nz, const int32_t* w, int stride, int j0, const int32_t* bias,
                            int shift, int width, int32_t floor, int32_t* out) {
  constexpr int L = sizeof(V) / 4;
  const int32_t offset = kTrack ? int32_t{1} << (width - 1) : 0;
  V acc[B];
  V seen[B];  // one per accumulator: no dependency chain between them
  for (int b = 0; b < B; b++) {
    acc[b] = load<V>(bias + j0 + b * L) + offset;
    seen[b] = V{};
  }
  for (int t = 0; t < nz; t++) {
    const int32_t x = g.value[t];
    const int32_t* wr = w + g.row[t] + j0;
    for (int b = 0; b < B; b++) {
      acc[b] += (x * load<V>(wr + b * L)) >> shift;
      if (kTrack) seen[b] |= acc[b];
    }
  }
  if (kTrack) {
    V all = seen[0];
    for (int b = 1; b < B; b++) all |= seen[b];
    const V high = all & static_cast<int32_t>(~((uint32_t{1} << width) - 1));
    for (int l = 0; l < L; l++) {
      if (high[l] != 0) return true;
    }
  }
  const V f = V{} + floor;
  for (int b = 0; b < B; b++) {
    const V a = acc[b] - offset;
    store<V>(out + j0 + b * L, a > f ? a : f);
  }
  return false;
}

// The row's nv·4 outputs in register blocks of up to four vectors of type W (the target's widest register: wider
// generic vectors are split element by element), then the rest in narrower vectors; with kTrack, false (and possibly
// some outputs written) when a partial sum left the range.
template <typename W, bool kTrack>
ALWAYS_INLINE bool sumRow(const Gathered& g, int nz, const int32_t* w, int nv, const int32_t* bias, int shift, int width,
                          int32_t floor, int32_t* out) {
  constexpr int L = sizeof(W) / 4;
  const int n = nv * 4;
  int j = 0;
  bool dirty = false;
  for (; j + 4 * L <= n; j += 4 * L) dirty |= sumBlock<W, 4, kTrack>(g, nz, w, n, j, bias, shift, width, floor, out);
  if (j + 3 * L <= n) {
    dirty |= sumBlock<W, 3, kTrack>(g, nz, w, n, j, bias, shift, width, floor, out);
    j += 3 * L;
  }
  if (j + 2 * L <= n) {
    dirty |= sumBlock<W, 2, kTrack>(g, nz, w, n, j, bias, shift, width, floor, out);
    j += 2 * L;
  }
  if (j + L <= n) {
    dirty |= sumBlock<W, 1, kTrack>(g, nz, w, n, j, bias, shift, width, floor, out);
    j += L;
  }
  if constexpr (L > 8) {
    if (j + 8 <= n) {
      dirty |= sumBlock<V8, 1, kTrack>(g, nz, w, n, j, bias, shift, width, floor, out);
      j += 8;
    }
  }
  if constexpr (L > 4) {
    if (j + 4 <= n) dirty |= sumBlock<V4, 1, kTrack>(g, nz, w, n, j, bias, shift, width, floor, out);
  }
  return !dirty;
}

// Two's complement wrap of every lane into the low 32 − k bits (a shift pair; unsigned left, arithmetic right).
ALWAYS_INLINE V4 wrap(V4 v, int k) {
  typedef uint32_t U4 __attribute__((vector_size(16)));
  return reinterpret_cast<V4>(reinterpret_cast<U4>(v) << k) >> k;
}

// A row that may overflow: every product and every partial sum compared with accum_t's range, counted and wrapped,
// in input order (vectorized across the outputs, 4 at a time; the counts kept per lane).
ALWAYS_INLINE void checkedRow(const Gathered& g, int nz, const int32_t* w, int nv, const int32_t* bias, int shift, int k,
                              int32_t lo, int32_t hi, int32_t floor, int32_t* out, int64_t* counts) {
  const int n = nv * 4;
  for (int j = 0; j < n; j += 4) {
    V4 cp{};
    V4 cs{};
    V4 acc = load<V4>(bias + j);
    for (int t = 0; t < nz; t++) {
      const int32_t x = g.value[t];
      V4 p = (x * load<V4>(w + g.row[t] + j)) >> shift;
      cp -= (p < lo) | (p > hi);
      p = wrap(p, k);
      acc += p;
      cs -= (acc < lo) | (acc > hi);
      acc = wrap(acc, k);
    }
    const V4 f = V4{} + floor;
    store<V4>(out + j, acc > f ? acc : f);
    // flushed per output vector: a lane counts at most nz ≤ 2^16 events here
    counts[0] += int64_t{cp[0]} + cp[1] + cp[2] + cp[3];
    counts[1] += int64_t{cs[0]} + cs[1] + cs[2] + cs[3];
  }
}

// A row's scan (scanAvx512, scanAvx2): its non-zero inputs gathered, their count, the bound Σ|x_i|·m_i and whether
// any |x_i| exceeds its threshold (a product may wrap).
struct RowScan {
  int nz;
  int64_t bound;
  bool mayWrap;
};

// The inputs from..nIn − 1 (fewer than a vector) added to a scan one at a time.
ALWAYS_INLINE void scanRest(const int32_t* x, int from, int nIn, int stride, const int32_t* maxW, const uint32_t* thr,
                            Gathered& g, RowScan& s) {
  for (int i = from; i < nIn; i++) {
    const int32_t v = x[i];
    const uint32_t a = v < 0 ? 0u - static_cast<uint32_t>(v) : static_cast<uint32_t>(v);
    s.bound += static_cast<int64_t>(a) * maxW[i];
    s.mayWrap |= a > thr[i];
    g.row[s.nz] = i * stride;
    g.value[s.nz] = v;
    s.nz += v != 0;
  }
}

// AVX-512: 16 inputs at a time, the non-zero lanes packed by vpcompressd.
__attribute__((target(AVX512_TARGET))) RowScan scanAvx512(const int32_t* x, int nIn, int stride, const int32_t* maxW,
                                                             const uint32_t* thr, Gathered& g) {
  int nz = 0;
  __m512i bound = _mm512_setzero_si512();
  __mmask16 over = 0;
  const __m512i step = _mm512_set1_epi32(stride);
  __m512i idx = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), step);
  const __m512i sixteen = _mm512_slli_epi32(step, 4);
  int i = 0;
  for (; i + 16 <= nIn; i += 16) {
    const __m512i v = _mm512_loadu_si512(x + i);
    const __m512i a = _mm512_abs_epi32(v);
    const __m512i m = _mm512_loadu_si512(maxW + i);
    // |x|·m as unsigned 32×32 → 64 products of the even and the odd lanes
    bound = _mm512_add_epi64(bound, _mm512_mul_epu32(a, m));
    bound = _mm512_add_epi64(bound, _mm512_mul_epu32(_mm512_srli_epi64(a, 32), _mm512_srli_epi64(m, 32)));
    over |= _mm512_cmpgt_epu32_mask(a, _mm512_loadu_si512(thr + i));
    const __mmask16 nzMask = _mm512_test_epi32_mask(v, v);
    _mm512_storeu_si512(g.value + nz, _mm512_maskz_compress_epi32(nzMask, v));
    _mm512_storeu_si512(g.row + nz, _mm512_maskz_compress_epi32(nzMask, idx));
    nz += __builtin_popcount(nzMask);
    idx = _mm512_add_epi32(idx, sixteen);
  }
  RowScan s{nz, _mm512_reduce_add_epi64(bound), over != 0};
  scanRest(x, i, nIn, stride, maxW, thr, g, s);
  return s;
}

// For AVX2, which has no compress: per 8-bit mask of non-zero lanes, the lane indices to pack them to the front.
struct PackTable {
  alignas(32) int32_t lanes[256][8];
  PackTable() {
    for (int m = 0; m < 256; m++) {
      int k = 0;
      for (int l = 0; l < 8; l++) {
        if (m & (1 << l)) lanes[m][k++] = l;
      }
      while (k < 8) lanes[m][k++] = 0;
    }
  }
};
const PackTable kPack;

// AVX2: 8 inputs at a time, the non-zero lanes packed by a permutation from kPack.
__attribute__((target(AVX2_TARGET))) RowScan scanAvx2(const int32_t* x, int nIn, int stride, const int32_t* maxW,
                                                      const uint32_t* thr, Gathered& g) {
  int nz = 0;
  __m256i bound = _mm256_setzero_si256();
  __m256i over = _mm256_setzero_si256();
  const __m256i step = _mm256_set1_epi32(stride);
  __m256i idx = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), step);
  const __m256i eight = _mm256_slli_epi32(step, 3);
  int i = 0;
  for (; i + 8 <= nIn; i += 8) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + i));
    const __m256i a = _mm256_abs_epi32(v);
    const __m256i m = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(maxW + i));
    bound = _mm256_add_epi64(bound, _mm256_mul_epu32(a, m));
    bound = _mm256_add_epi64(bound, _mm256_mul_epu32(_mm256_srli_epi64(a, 32), _mm256_srli_epi64(m, 32)));
    // a > thr (unsigned) ⇔ max(a, thr) ≠ thr
    const __m256i t = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(thr + i));
    over = _mm256_or_si256(over, _mm256_andnot_si256(_mm256_cmpeq_epi32(_mm256_max_epu32(a, t), t), _mm256_set1_epi32(-1)));
    const int nzMask = ~_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(v, _mm256_setzero_si256()))) & 0xff;
    const __m256i perm = _mm256_load_si256(reinterpret_cast<const __m256i*>(kPack.lanes[nzMask]));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(g.value + nz), _mm256_permutevar8x32_epi32(v, perm));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(g.row + nz), _mm256_permutevar8x32_epi32(idx, perm));
    nz += __builtin_popcount(nzMask);
    idx = _mm256_add_epi32(idx, eight);
  }
  alignas(32) int64_t lanes[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), bound);
  RowScan s{nz, lanes[0] + lanes[1] + lanes[2] + lanes[3], !_mm256_testz_si256(over, over)};
  scanRest(x, i, nIn, stride, maxW, thr, g, s);
  return s;
}

// kAvx512: gather with AVX-512 compress, else with AVX2 permutations; W: the widest vector type of the target.
template <bool kAvx512, typename W>
ALWAYS_INLINE void runCallT(const Call& c, Gathered& g) {
  uint8_t* mem = c.mem;
  const int32_t* w = reinterpret_cast<const int32_t*>(mem + c.w);
  const int32_t* bias = reinterpret_cast<const int32_t*>(mem + c.bias);
  const int32_t* maxW = reinterpret_cast<const int32_t*>(mem + c.maxW);
  const uint32_t* thr = reinterpret_cast<const uint32_t*>(mem + c.thresholds);
  int64_t* counts = reinterpret_cast<int64_t*>(mem + c.counters);
  const int32_t hi = static_cast<int32_t>((int64_t{1} << (c.width - 1)) - 1);
  const int32_t lo = -hi - 1;
  const int k = 32 - c.width;
  const int32_t floor = c.relu ? 0 : INT32_MIN;
  const int64_t limit = int64_t{hi} - c.maxBias;
  for (int r = 0; r < c.rows; r++) {
    const int32_t* xr = reinterpret_cast<const int32_t*>(mem + c.x + static_cast<int64_t>(r) * c.xStride);
    int32_t* out = reinterpret_cast<int32_t*>(mem + c.out + static_cast<int64_t>(r) * c.nv * 16);
    RowScan s;
    if constexpr (kAvx512) {
      s = scanAvx512(xr, c.nIn, c.nv * 4, maxW, thr, g);
    } else {
      s = scanAvx2(xr, c.nIn, c.nv * 4, maxW, thr, g);
    }
    if (s.bound <= (limit - s.nz) * (int64_t{1} << c.shift)) {
      sumRow<W, false>(g, s.nz, w, c.nv, bias, c.shift, c.width, floor, out);
    } else if (s.mayWrap || !sumRow<W, true>(g, s.nz, w, c.nv, bias, c.shift, c.width, floor, out)) {
      checkedRow(g, s.nz, w, c.nv, bias, c.shift, k, lo, hi, floor, out, counts);
    }
  }
}

__attribute__((target(AVX512_TARGET))) void runCallAvx512(const Call& c, Gathered& g) { runCallT<true, V16>(c, g); }
__attribute__((target(AVX2_TARGET))) void runCallAvx2(const Call& c, Gathered& g) { runCallT<false, V8>(c, g); }

bool within(int64_t offset, int64_t bytes, size_t size) {
  return offset >= 0 && bytes >= 0 && static_cast<uint64_t>(offset + bytes) <= size;
}

}  // namespace

namespace nnfab {

// runDense(memory: ArrayBuffer, calls: Int32Array, level: number): calls holds kFields int32 per call.
napi_value RunDense(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  int level = 0;
  if (!callArgs(env, info, 3, argv, &level)) return Throw(env, "runDense(memory, calls, level)");
  const auto run = level >= 3 ? runCallAvx512 : runCallAvx2;
  void* data = nullptr;
  size_t size = 0;
  if (napi_get_arraybuffer_info(env, argv[0], &data, &size) != napi_ok) {
    return Throw(env, "runDense: memory must be an ArrayBuffer");
  }
  size_t length = 0;
  int32_t* f = nullptr;
  if (!typedArray(env, argv[1], napi_int32_array, &f, &length) || length % kFields != 0) {
    return Throw(env, "runDense: calls must be an Int32Array of whole calls");
  }
  // every call checked before any runs: a bad call changes nothing
  int32_t maxIn = 0;
  for (size_t q = 0; q < length; q += kFields) {
    const int32_t* a = f + q;
    const int64_t rows = a[kRows];
    const int64_t nv = a[kNv];
    const int64_t nIn = a[kNIn];
    const int64_t n4 = (nIn + 3) & ~int64_t{3};
    if (rows < 0 || nIn < 0 || nv < 1 || a[kShift] < 0 || a[kShift] > 30 || a[kWidth] < 2 || a[kWidth] > 30 ||
        a[kMaxBias] < 0 || (rows > 0 && !within(a[kX], (rows - 1) * a[kXStride] + nIn * 4, size)) ||
        !within(a[kOut], rows * nv * 16, size) || !within(a[kW], nIn * nv * 16, size) ||
        !within(a[kBias], nv * 16, size) || !within(a[kMaxW], n4 * 4, size) || !within(a[kThresholds], n4 * 4, size) ||
        !within(a[kCounters], 16, size) || a[kXStride] < 0 || a[kCounters] % 8 != 0) {
      return Throw(env, "runDense: a call outside the kernel's range or the memory");
    }
    maxIn = a[kNIn] > maxIn ? a[kNIn] : maxIn;
  }
  std::vector<int32_t> row(maxIn + 16);
  std::vector<int32_t> value(maxIn + 16);
  Gathered g{row.data(), value.data()};
  for (size_t q = 0; q < length; q += kFields) {
    const int32_t* a = f + q;
    const Call c{static_cast<uint8_t*>(data), a[kX], a[kRows], a[kNIn], a[kXStride], a[kW], a[kNv], a[kBias], a[kOut],
                 a[kShift], a[kWidth], a[kCounters], a[kMaxW], a[kThresholds], a[kRelu], a[kMaxBias]};
    run(c, g);
  }
  return nullptr;
}

}  // namespace nnfab
