// Streaming gunzip on ISA-L's igzip (inflate.c): the fast path of src/sources/decode/compression.ts.
#ifndef FLOWLENS_INFLATE_H
#define FLOWLENS_INFLATE_H
#include <node_api.h>

/**
 * Adds the gunzip functions to the addon's exports: gunzipAvailable (false when the addon was
 * built without ISA-L; the functions then throw), gunzipCreate, gunzipWrite, gunzipRead,
 * gunzipEnd, gunzipClose. See src/native/addon.ts for their contract.
 */
napi_status flowlens_inflate_init(napi_env env, napi_value exports);

#endif
