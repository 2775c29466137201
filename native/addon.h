// The N-API functions of nnfab's native addon (addon.cc registers them).
#pragma once
#include <node_api.h>

#if !defined(__x86_64__)
#error "nnfab's native addon is for x86-64 (AVX2 or AVX-512); elsewhere the emulator uses its WebAssembly kernel"
#endif

// Target attributes of the two variants of every loop.
#define AVX512_TARGET "avx512f,avx512bw,avx512vl,avx512dq,avx2,fma,popcnt"
#define AVX2_TARGET "avx2,fma,popcnt"

namespace nnfab {

// Instruction-set levels: 3 AVX-512 (F, BW, VL, DQ), 2 AVX2 (with FMA and POPCNT), 0 neither (the loops cannot run).
int cpuLevel();

// The level a call runs at: the machine's, lowered to the caller's cap (a number argument; tests use it to run both
// variants on one machine); false (a JavaScript error thrown) when the argument is not a number or the level is
// below 2.
bool levelArg(napi_env env, napi_value cap, int* level);

// The n arguments of a call whose last one is the level cap (levelArg); false when there are not exactly n or the
// level is refused.
bool callArgs(napi_env env, napi_callback_info info, size_t n, napi_value* argv, int* level);

// The data and element count of a typed array of the given type, or false.
template <typename T>
bool typedArray(napi_env env, napi_value v, napi_typedarray_type want, T** data, size_t* length) {
  napi_typedarray_type type;
  void* p = nullptr;
  napi_value ab;
  size_t offset = 0;
  if (napi_get_typedarray_info(env, v, &type, length, &p, &ab, &offset) != napi_ok || type != want) return false;
  *data = static_cast<T*>(p);
  return true;
}

// Throws a JavaScript Error with code E_NATIVE; returns nullptr for the caller to return.
napi_value Throw(napi_env env, const char* msg);

// runDense(memory: ArrayBuffer, calls: Int32Array, level: number) — dense.cc.
napi_value RunDense(napi_env env, napi_callback_info info);

}  // namespace nnfab
