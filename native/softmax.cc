// nnfab's native table softmax: the same steps, in the same float64 operations, as fastSoftmax in
// src/emulator/softmax-fast.ts (whose comments state hls4ml's meaning), for rows of n raw values. The JavaScript
// prepares the converted tables, the constants and hls4ml's sum tree; this file only runs the rows.
#include "softmax.h"

#include "addon.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace nnfab {

namespace {

// Wrap v (an integer) into [lo, lo + m) (two's complement for signed types, modulo for unsigned ones).
inline double wrapInto(double v, double lo, double m, double inv) { return v - m * std::floor((v - lo) * inv); }

// Add the events of a table entry's conversion, recorded as a mask (bit k: counter k).
inline void addMask(double* c, uint8_t m) {
  for (int k = 0; k < 5; k++) {
    if (m & (1 << k)) c[k] += 1;
  }
}

// Inlined into each target's function below.
inline __attribute__((always_inline)) bool softmaxBody(const SoftmaxArgs& a, const double* x, double* out, int64_t rows) {
  const int n = a.n;
  std::vector<double> slots(2 * static_cast<size_t>(n));
  double* const s = slots.data();
  const bool stable = a.stable;
  for (int64_t r = 0; r < rows; r++) {
    const double* xr = x + r * n;
    double* o = out + r * n;
    double xmax = xr[0];
    if (stable) {
      for (int i = 1; i < n; i++) xmax = xr[i] > xmax ? xr[i] : xmax;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = stable ? xmax - xr[i] : xr[i];
      if (stable && d > a.normHi) {
        a.normCounts[0] += 1;
        a.normCounts[1] += 1;
        d = wrapInto(d, 0, a.normM, a.normInv);
      }
      int32_t idx = static_cast<int32_t>(d) >> a.expShift;
      if (idx < 0) idx += a.expN;
      if (idx < 0 || idx >= a.expN) return false;
      const double e = a.expV[idx];
      s[i] = e;
      sum += e;
      if (a.expEv[idx] != 0) addMask(a.sumCounts, a.expEv[idx]);
    }
    if (!a.plain && n > 1) {
      // hls4ml's reduce tree over the slots, every partial sum wrapped into accum_t and counted
      for (int k = 0; k < a.nSteps; k += 3) {
        double v = s[a.steps[k + 1]] + s[a.steps[k + 2]];
        if (v < a.aLo || v > a.aHi) {
          a.sumCounts[0] += 1;
          a.sumCounts[1] += 1;
          v = wrapInto(v, a.aLo, a.aM, a.aInv);
        }
        s[a.steps[k]] = v;
      }
      sum = s[a.steps[a.nSteps - 3]];
    } else if (!a.plain) {
      sum = s[0];
    }
    double ii = std::floor(sum * a.invScale * a.invSh);
    if (ii < 0) ii += a.invN;
    if (!(ii >= 0 && ii < a.invN)) return false;
    const double f = a.invTab[static_cast<int64_t>(ii)] * a.resScale;
    for (int i = 0; i < n; i++) {
      double v = std::floor(s[i] * f);
      if (v < a.rLo || v > a.rHi) {
        a.resCounts[0] += 1;
        a.resCounts[1] += 1;
        v = wrapInto(v, a.rLo, a.rM, a.rInv);
      }
      o[i] = v + 0.0;  // −0 (a zero times a negative entry) is 0
    }
  }
  return true;
}

// Compiled for the addon's targets, where floor is one instruction (the x86-64 baseline calls the C library for it).
__attribute__((target(AVX512_TARGET))) bool rowsAvx512(const SoftmaxArgs& a, const double* x, double* out, int64_t rows) {
  return softmaxBody(a, x, out, rows);
}
__attribute__((target(AVX2_TARGET))) bool rowsAvx2(const SoftmaxArgs& a, const double* x, double* out, int64_t rows) {
  return softmaxBody(a, x, out, rows);
}

}  // namespace

bool softmaxRows(const SoftmaxArgs& a, const double* x, double* out, int64_t rows, int level) {
  return level >= 3 ? rowsAvx512(a, x, out, rows) : rowsAvx2(a, x, out, rows);
}

}  // namespace nnfab
