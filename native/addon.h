// The N-API functions of nnfab's native addon (addon.cc registers them).
#pragma once
#include <node_api.h>

namespace nnfab {

// Throws a JavaScript Error with code E_NATIVE; returns nullptr for the caller to return.
napi_value Throw(napi_env env, const char* msg);

// runDense(memory: ArrayBuffer, calls: Int32Array) — dense.cc.
napi_value RunDense(napi_env env, napi_callback_info info);

}  // namespace nnfab
