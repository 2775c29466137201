// nnfab's native network-input quantization: the same steps as quantizeRaw's fast loop in
// src/emulator/quantize-kernel.ts (TRN/RND into ≤ 32-bit types with F ≥ 0), vectorized for the machine's vector unit.
#include "quantize.h"

#include "addon.h"

#include <cmath>

namespace nnfab {

namespace {

// Inlined into each target's function below, so that the compiler vectorizes it for that target.
inline __attribute__((always_inline)) bool values(const double* x, int64_t n, int32_t* out, double scale, double lo,
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

__attribute__((target(AVX512_TARGET))) bool valuesAvx512(const double* x, int64_t n, int32_t* out, double scale,
                                                         double lo, double hi, double half) {
  return values(x, n, out, scale, lo, hi, half);
}
__attribute__((target(AVX2_TARGET))) bool valuesAvx2(const double* x, int64_t n, int32_t* out, double scale, double lo,
                                                     double hi, double half) {
  return values(x, n, out, scale, lo, hi, half);
}

}  // namespace

bool quantizeValues(const double* x, int64_t n, int32_t* out, double scale, double lo, double hi, double half, int level) {
  return level >= 3 ? valuesAvx512(x, n, out, scale, lo, hi, half) : valuesAvx2(x, n, out, scale, lo, hi, half);
}

}  // namespace nnfab
