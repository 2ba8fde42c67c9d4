// The native digest kernel (kernel.c): a C port of src/aggregate/kernel/digest-kernel.as.ts.
#ifndef FLOWLENS_KERNEL_H
#define FLOWLENS_KERNEL_H
#include <node_api.h>

/** Adds the kernel's functions to the addon's exports. */
napi_status flowlens_kernel_init(napi_env env, napi_value exports);

#endif
