// The native table softmax (softmax.cc) and what it needs: the layout of its constants as the JavaScript packs them.
#pragma once
#include <cstdint>

namespace nnfab {

struct SoftmaxArgs {
  int n;
  bool stable;
  bool plain;
  int expShift;
  int expN;
  int nSteps;
  double normHi, normM, normInv;
  double aLo, aHi, aM, aInv;
  double invScale, invSh, invN, resScale;
  double rLo, rHi, rM, rInv;
  const double* expV;
  const uint8_t* expEv;
  const double* invTab;
  const int32_t* steps;
  // counters, added to: norm (out of range, wrapped); sum (out of range, wrapped, saturated, zeroed, non-finite);
  // result (out of range, wrapped)
  double* normCounts;
  double* sumCounts;
  double* resCounts;
};

// false (rows partly written) when a table index falls outside its table, which a correct caller never causes. level:
// cpuLevel()'s scale (addon.h).
bool softmaxRows(const SoftmaxArgs& a, const double* x, double* out, int64_t rows, int level);

}  // namespace nnfab
