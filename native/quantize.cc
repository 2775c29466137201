// nnfab's native network-input quantization: the same steps as quantizeRaw's fast loop in
// src/emulator/quantize-kernel.ts (TRN/RND into ≤ 32-bit types with F ≥ 0), vectorized for the machine's vector unit.
#include "quantize.h"

#include <cmath>

namespace nnfab {

namespace {

template <int kTarget>
inline __attribute__((always_inline)) bool valuesT(const double* x, int64_t n, int32_t* out, double scale, double lo,
                                                  double hi, double half) {
  int bad = 0;
  for (int64_t i = 0; i < n; i++) {
    const double s = x[i] * scale;
    double f = std::floor(s);
    f += s - f >= half ? 1.0 : 0.0;
    const bool ok = f >= lo && f <= hi;  // false for NaN
    bad |= !ok;
    out[i] = static_cast<int32_t>(ok ? f : 0.0);
  }
  return bad == 0;
}

#if defined(__x86_64__)
__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,popcnt"))) bool valuesAvx512(const double* x, int64_t n, int32_t* out,
                                                                                double scale, double lo, double hi,
                                                                                double half) {
  return valuesT<2>(x, n, out, scale, lo, hi, half);
}
__attribute__((target("avx2,fma,popcnt"))) bool valuesAvx2(const double* x, int64_t n, int32_t* out, double scale, double lo,
                                                    double hi, double half) {
  return valuesT<1>(x, n, out, scale, lo, hi, half);
}
#endif
bool valuesBase(const double* x, int64_t n, int32_t* out, double scale, double lo, double hi, double half) {
  return valuesT<0>(x, n, out, scale, lo, hi, half);
}

}  // namespace

bool quantizeValues(const double* x, int64_t n, int32_t* out, double scale, double lo, double hi, double half, int level) {
#if defined(__x86_64__)
  if (level >= 3) return valuesAvx512(x, n, out, scale, lo, hi, half);
  if (level >= 2) return valuesAvx2(x, n, out, scale, lo, hi, half);
#endif
  return valuesBase(x, n, out, scale, lo, hi, half);
}

}  // namespace nnfab
