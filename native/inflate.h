// Streaming gunzip on ISA-L's igzip (inflate.c): the fast path of src/sources/decode/compression.ts.
#ifndef FLOWLENS_INFLATE_H
#define FLOWLENS_INFLATE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <node_api.h>

/**
 * Adds the gunzip functions to the addon's exports: gunzipAvailable (false when the addon was
 * built without ISA-L; the functions then throw), gunzipCreate, gunzipWrite, gunzipRead,
 * gunzipEnd, gunzipClose. See src/native/addon.ts for their contract.
 */
napi_status flowlens_inflate_init(napi_env env, napi_value exports);

/**
 * Inflates from the gunzip handle `handle` into out[0..room) (the digest kernel's input, so no
 * decoded chunk is made in JS), with gunzipRead's contract: `*produced` 0 means all input
 * written so far is consumed; a fault throws (after the bytes decoded before it were produced by
 * an earlier call). False when a JS exception is pending.
 */
bool flowlens_gunzip_read_into(napi_env env, napi_value handle, uint8_t *out, size_t room,
                               size_t *produced);

#endif
