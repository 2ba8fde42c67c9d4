// Placeholder: the kernel port lands here.
#include "kernel.h"

napi_status flowlens_kernel_init(napi_env env, napi_value exports) {
  (void)env;
  (void)exports;
  return napi_ok;
}
