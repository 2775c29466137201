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

// Throws a JavaScript Error with code E_NATIVE; returns nullptr for the caller to return.
napi_value Throw(napi_env env, const char* msg);

// runDense(memory: ArrayBuffer, calls: Int32Array, level: number) — dense.cc.
napi_value RunDense(napi_env env, napi_callback_info info);

}  // namespace nnfab
