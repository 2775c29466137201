// The native network-input quantization (quantize.cc).
#pragma once
#include <cstdint>

namespace nnfab {

// x·scale floored (+1 where the fraction is ≥ half: ½ for AP_RND, 2 for AP_TRN) into out, for values whose raw lands
// in [lo, hi]; false when any does not (out of range, NaN or ±Inf): the caller then quantizes all with the exact
// quantizer, which also counts those values. scale is a power of two ≥ 1, so every step is exact. level: cpuLevel()'s
// scale (addon.h).
bool quantizeValues(const double* x, int64_t n, int32_t* out, double scale, double lo, double hi, double half, int level);

}  // namespace nnfab
