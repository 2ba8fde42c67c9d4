// The flowlens native addon (N-API, built by binding.gyp through scripts/build-native.mjs and
// loaded by src/native/addon.ts). Each part adds its functions to the exports.
#include <stdbool.h>
#include <node_api.h>
#include "inflate.h"
#include "kernel.h"

static napi_value init_failed(napi_env env, const char *part) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) {
    napi_throw_error(env, NULL, part);
  }
  return NULL;
}

NAPI_MODULE_INIT() {
  if (flowlens_inflate_init(env, exports) != napi_ok) {
    return init_failed(env, "flowlens native addon: the gunzip part failed to initialise");
  }
  if (flowlens_kernel_init(env, exports) != napi_ok) {
    return init_failed(env, "flowlens native addon: the kernel part failed to initialise");
  }
  return exports;
}
