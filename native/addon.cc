// nnfab's native addon: runDense (dense.cc), runSoftmax (softmax.cc) and runQuantize (quantize.cc), with their
// argument checks, and cpuLevel.
#include "addon.h"

#include <cmath>
#include <cstdint>

#include "quantize.h"
#include "softmax.h"

namespace nnfab {

napi_value Throw(napi_env env, const char* msg) {
  napi_throw_error(env, "E_NATIVE", msg);
  return nullptr;
}

int cpuLevel() {
  static const int level = [] {
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("popcnt");
    const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
    return avx512 ? 3 : avx2 ? 2 : 0;
  }();
  return level;
}

bool levelArg(napi_env env, napi_value cap, int* level) {
  int32_t c = 0;
  if (napi_get_value_int32(env, cap, &c) != napi_ok) return false;
  const int machine = cpuLevel();
  *level = c < machine ? c : machine;
  return *level >= 2;
}

bool callArgs(napi_env env, napi_callback_info info, size_t n, napi_value* argv, int* level) {
  size_t argc = n;
  return napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) == napi_ok && argc == n && levelArg(env, argv[n - 1], level);
}

// cpuLevel(): the machine's instruction-set level (addon.h).
napi_value CpuLevel(napi_env env, napi_callback_info) {
  napi_value v;
  napi_create_int32(env, cpuLevel(), &v);
  return v;
}

namespace {

// Fields of the params array of runSoftmax, in order.
enum SoftmaxParam {
  pStable, pPlain, pExpShift, pExpN, pNormHi, pNormM, pNormInv, pALo, pAHi, pAM, pAInv, pInvScale, pInvSh, pInvN,
  pResScale, pRLo, pRHi, pRM, pRInv, pCount
};

// runSoftmax(x, out, n, expV, expEv, invTab, steps, params, counts, level): rows of n raw values (Float64Array) → out.
napi_value RunSoftmax(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  int level = 0;
  if (!callArgs(env, info, 10, argv, &level)) return Throw(env, "runSoftmax(x, out, n, expV, expEv, invTab, steps, params, counts, level)");
  double *x, *out, *expV, *invTab, *params, *counts;
  uint8_t* expEv;
  int32_t* steps;
  size_t nx, nout, nExp, nEv, nInv, nSteps, nParams, nCounts;
  int32_t n = 0;
  if (!typedArray(env, argv[0], napi_float64_array, &x, &nx) || !typedArray(env, argv[1], napi_float64_array, &out, &nout) ||
      napi_get_value_int32(env, argv[2], &n) != napi_ok || !typedArray(env, argv[3], napi_float64_array, &expV, &nExp) ||
      !typedArray(env, argv[4], napi_uint8_array, &expEv, &nEv) || !typedArray(env, argv[5], napi_float64_array, &invTab, &nInv) ||
      !typedArray(env, argv[6], napi_int32_array, &steps, &nSteps) || !typedArray(env, argv[7], napi_float64_array, &params, &nParams) ||
      !typedArray(env, argv[8], napi_float64_array, &counts, &nCounts)) {
    return Throw(env, "runSoftmax: an argument has the wrong type");
  }
  const double* p = params;
  const bool shapesOk = n >= 1 && nx == nout && nx % n == 0 && nParams == pCount && nCounts == 9 && nEv == nExp &&
                        p[pExpN] == static_cast<double>(nExp) && p[pInvN] == static_cast<double>(nInv) && nExp > 0 && nInv > 0 &&
                        nSteps == (n > 1 ? 3 * static_cast<size_t>(n - 1) : 0) && p[pExpShift] >= 0 && p[pExpShift] <= 31;
  bool stepsOk = shapesOk;
  for (size_t k = 0; stepsOk && k < nSteps; k++) stepsOk = steps[k] >= 0 && steps[k] < 2 * n;
  if (!stepsOk) return Throw(env, "runSoftmax: tables, tree or constants do not fit the row length");
  SoftmaxArgs a{n, p[pStable] != 0, p[pPlain] != 0, static_cast<int>(p[pExpShift]), static_cast<int>(p[pExpN]), static_cast<int>(nSteps),
                p[pNormHi], p[pNormM], p[pNormInv], p[pALo], p[pAHi], p[pAM], p[pAInv], p[pInvScale], p[pInvSh], p[pInvN], p[pResScale],
                p[pRLo], p[pRHi], p[pRM], p[pRInv], expV, expEv, invTab, steps, counts, counts + 2, counts + 7};
  if (!softmaxRows(a, x, out, static_cast<int64_t>(nx / n), level)) return Throw(env, "runSoftmax: a table index left its table");
  return nullptr;
}

// runQuantize(x: Float64Array, memory: ArrayBuffer, dst, scale, lo, hi, half, level): x quantized into int32 raws at
// byte offset dst of memory; false when a value is out of range or not finite (nothing to trust then).
napi_value RunQuantize(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  int level = 0;
  if (!callArgs(env, info, 8, argv, &level)) return Throw(env, "runQuantize(x, memory, dst, scale, lo, hi, half, level)");
  double* x;
  size_t n = 0;
  void* mem = nullptr;
  size_t size = 0;
  int64_t dst = 0;
  double scale, lo, hi, half;
  if (!typedArray(env, argv[0], napi_float64_array, &x, &n) || napi_get_arraybuffer_info(env, argv[1], &mem, &size) != napi_ok ||
      napi_get_value_int64(env, argv[2], &dst) != napi_ok || napi_get_value_double(env, argv[3], &scale) != napi_ok ||
      napi_get_value_double(env, argv[4], &lo) != napi_ok || napi_get_value_double(env, argv[5], &hi) != napi_ok ||
      napi_get_value_double(env, argv[6], &half) != napi_ok) {
    return Throw(env, "runQuantize: an argument has the wrong type");
  }
  if (dst < 0 || dst % 4 != 0 || static_cast<uint64_t>(dst) + n * 4 > size || !(lo >= -2147483648.0 && hi <= 2147483647.0 && lo <= hi) ||
      !(scale >= 1)) {
    return Throw(env, "runQuantize: the destination or the range does not fit");
  }
  const bool ok = quantizeValues(x, static_cast<int64_t>(n), reinterpret_cast<int32_t*>(static_cast<uint8_t*>(mem) + dst), scale, lo, hi, half, level);
  napi_value result;
  napi_get_boolean(env, ok, &result);
  return result;
}

napi_value define(napi_env env, napi_value exports, const char* name, napi_callback cb) {
  napi_value fn;
  if (napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn) != napi_ok) return nullptr;
  if (napi_set_named_property(env, exports, name, fn) != napi_ok) return nullptr;
  return exports;
}

}  // namespace

}  // namespace nnfab

NAPI_MODULE_INIT() {
  if (nnfab::define(env, exports, "runDense", nnfab::RunDense) == nullptr) return nullptr;
  if (nnfab::define(env, exports, "runSoftmax", nnfab::RunSoftmax) == nullptr) return nullptr;
  if (nnfab::define(env, exports, "runQuantize", nnfab::RunQuantize) == nullptr) return nullptr;
  if (nnfab::define(env, exports, "cpuLevel", nnfab::CpuLevel) == nullptr) return nullptr;
  return exports;
}
