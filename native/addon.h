// The N-API functions of nnfab's native addon (addon.cc registers them).
#pragma once
#include <node_api.h>

namespace nnfab {

// Instruction-set levels of the native loops: 3 AVX-512 (F, BW, VL, DQ), 2 AVX2 and FMA, 1 SSE4.2 and POPCNT, 0 the
// baseline (and every machine that is not x86-64).
int cpuLevel();

// The level a call runs at: the machine's, lowered to the caller's cap (a number argument; tests use it to run every
// variant on one machine).
bool levelArg(napi_env env, napi_value cap, int* level);

// Throws a JavaScript Error with code E_NATIVE; returns nullptr for the caller to return.
napi_value Throw(napi_env env, const char* msg);

// runDense(memory: ArrayBuffer, calls: Int32Array, level: number) — dense.cc.
napi_value RunDense(napi_env env, napi_callback_info info);

}  // namespace nnfab
