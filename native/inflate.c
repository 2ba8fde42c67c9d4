// Streaming gunzip on ISA-L's igzip. The JS side (src/native/gunzip.ts) drives it:
//
//   h = gunzipCreate()            a handle (an external; freed by gunzipClose or by the GC)
//   gunzipWrite(h, input)         copies the compressed bytes into the handle's input buffer
//   n = gunzipRead(h, out, off)   inflates into out[off..]; n = 0: all input is consumed
//   gunzipReadAsync(h, out, off)  the same on libuv's thread pool: a promise of n; until it
//                                 settles the handle takes no other call (but close)
//   gunzipEnd(h)                  after the last write and a read that returned 0: throws when
//                                 the stream stopped inside a member (truncated)
//   gunzipClose(h)                frees the native memory now
//
// Every read writes at most out.length - off bytes, so a gzip bomb comes out in bounded pieces
// and the caller's cap on the decompressed size stops it. On a truncated or corrupt stream
// every byte decoded before the fault is returned (a read that meets a fault after producing
// output returns that output, and the next read throws). Only a cut input keeps back up to 2
// bytes: ISA-L decodes up to 3 literals per table lookup and holds back a lookup cut short.
//
// The member header is parsed here (ISA-L 2.30 fails on an FNAME header split across calls);
// ISA-L inflates the deflate data and checks the CRC-32 and length (ISAL_GZIP_NO_HDR_VER).
//
// Multi-member streams follow Node's zlib: after a member, a 0x00 byte ends the stream and
// everything after it is ignored (zero padding); any other byte must start a new gzip member,
// else the read throws (Node: "incorrect header check").
//
// Errors thrown carry a `code`: FLOWLENS_GZIP_TRUNCATED, FLOWLENS_GZIP_CORRUPT (bad header,
// deflate data, CRC or length), FLOWLENS_GZIP_STATE (misuse: read after an error, end with
// unread input, a closed handle), FLOWLENS_GZIP_UNAVAILABLE (built without ISA-L).
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "inflate.h"

#define CHECK(call)                                                                              \
  do {                                                                                           \
    if ((call) != napi_ok) {                                                                     \
      return NULL;                                                                               \
    }                                                                                            \
  } while (0)

static napi_value throw_code(napi_env env, const char *code, const char *msg) {
  napi_throw_error(env, code, msg);
  return NULL;
}

#ifdef FLOWLENS_ISAL
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>

/** Tells our externals from any other external handed to the functions. */
static const napi_type_tag GUNZIP_TAG = {0x6a1f1e55f10e5c0dULL, 0x9b3c2f1d7a8e4b21ULL};

/**
 * Where the parse of a member's header (RFC 1952) stands. The header is parsed here and ISA-L
 * inflates the deflate data and checks the trailer (ISAL_GZIP_NO_HDR_VER): ISA-L 2.30's own
 * header parser (ISAL_GZIP) fails on a header with FNAME split across calls.
 */
enum hdr_state { H_ID1, H_ID2, H_CM, H_FLG, H_FIXED, H_XLEN, H_EXTRA, H_NAME, H_COMMENT, H_HCRC, H_DONE };

enum { FTEXT = 1, FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16, FRESERVED = 0xe0 };

typedef struct {
  struct inflate_state st;
  /** Compressed bytes written and not consumed yet: in[in_pos..in_len). */
  uint8_t *in;
  size_t in_pos, in_len, in_cap;
  /** Members finished so far. */
  uint64_t members;
  /** True between the first byte of a member and the end of its trailer. */
  bool in_member;
  /** The header of the current member. */
  enum hdr_state hdr;
  uint8_t flg;
  /** Bytes left in the current header field (H_FIXED, H_XLEN, H_EXTRA, H_HCRC). */
  uint32_t hdr_left;
  /** XLEN or the header CRC being read, a byte at a time (little-endian). */
  uint32_t word;
  /** CRC-32 of the header bytes so far (FHCRC holds its low 16 bits). */
  uint32_t hdr_crc;
  /** Zero padding seen after a member: the rest of the input is ignored. */
  bool ignore_rest;
  /** The last inflate call filled the output: ISA-L may hold decoded bytes not handed out. */
  bool out_full;
  /** The error met after some output of a read was produced: the next read throws it. */
  const char *error;
  /** An error was thrown: the handle stays unusable. */
  bool failed;
  /** A gunzipReadAsync is running on the thread pool: the state is not ours to touch. */
  bool busy;
  bool closed;
} gunzip_t;

static void gunzip_free(gunzip_t *g) {
  free(g->in);
  g->in = NULL;
  g->in_pos = g->in_len = g->in_cap = 0;
}

static void gunzip_finalize(napi_env env, void *data, void *hint) {
  (void)hint;
  gunzip_t *g = data;
  int64_t adjusted;
  napi_adjust_external_memory(env, -(int64_t)sizeof(gunzip_t), &adjusted);
  gunzip_free(g);
  free(g);
}

/** zlib's words where there are some, so both gunzips explain a fault alike. */
static const char *isal_message(int ret) {
  switch (ret) {
  case ISAL_INVALID_BLOCK:
    return "invalid deflate block";
  case ISAL_INVALID_SYMBOL:
    return "invalid deflate symbol";
  case ISAL_INVALID_LOOKBACK:
    return "invalid distance too far back";
  case ISAL_INCORRECT_CHECKSUM:
    return "incorrect data check (CRC-32 or length of a member)";
  default:
    return "corrupt deflate data";
  }
}

/** Adds one byte of a 2-byte little-endian header field; true once both are in. */
static bool word_byte(gunzip_t *g, uint8_t b) {
  g->word |= (uint32_t)b << (8 * (2 - g->hdr_left));
  return --g->hdr_left == 0;
}

/**
 * Parses the member header from the input: 1 when it is complete (the input then starts at
 * the deflate data), 0 when more input is needed (all of it was consumed), -1 on a bad header
 * (*msg says why).
 */
static int parse_header(gunzip_t *g, const char **msg) {
  while (g->hdr != H_DONE) {
    if (g->in_pos == g->in_len) {
      return 0;
    }
    const uint8_t *p = g->in + g->in_pos;
    size_t avail = g->in_len - g->in_pos;
    size_t take = 1;
    switch (g->hdr) {
    case H_ID1:
    case H_ID2:
      if (p[0] != (g->hdr == H_ID1 ? 0x1f : 0x8b)) {
        *msg = "incorrect header check";
        return -1;
      }
      g->hdr = g->hdr == H_ID1 ? H_ID2 : H_CM;
      break;
    case H_CM:
      if (p[0] != 8) {
        *msg = "unknown compression method";
        return -1;
      }
      g->hdr = H_FLG;
      break;
    case H_FLG:
      if (p[0] & FRESERVED) {
        *msg = "unknown header flags set";
        return -1;
      }
      g->flg = p[0];
      g->hdr = H_FIXED;
      g->hdr_left = 6; // MTIME, XFL, OS
      break;
    case H_FIXED:
    case H_EXTRA:
      take = avail < g->hdr_left ? avail : g->hdr_left;
      g->hdr_left -= (uint32_t)take;
      if (g->hdr_left == 0) {
        g->hdr = g->hdr == H_FIXED ? H_XLEN : H_NAME;
        g->hdr_left = 2;
        g->word = 0;
      }
      break;
    case H_XLEN:
      if (!(g->flg & FEXTRA)) {
        g->hdr = H_NAME;
        take = 0;
        break;
      }
      if (word_byte(g, p[0])) {
        g->hdr = g->word ? H_EXTRA : H_NAME;
        g->hdr_left = g->word;
      }
      break;
    case H_NAME:
    case H_COMMENT: {
      if (!(g->flg & (g->hdr == H_NAME ? FNAME : FCOMMENT))) {
        take = 0;
      } else {
        const uint8_t *z = memchr(p, 0, avail);
        take = z ? (size_t)(z - p) + 1 : avail;
        if (!z) {
          break;
        }
      }
      if (g->hdr == H_NAME) {
        g->hdr = H_COMMENT;
      } else {
        g->hdr = H_HCRC;
        g->hdr_left = 2;
        g->word = 0;
      }
      break;
    }
    case H_HCRC:
      if (!(g->flg & FHCRC)) {
        g->hdr = H_DONE;
        take = 0;
        break;
      }
      if (word_byte(g, p[0])) {
        if (g->word != (g->hdr_crc & 0xffff)) {
          *msg = "header crc mismatch";
          return -1;
        }
        g->hdr = H_DONE;
      }
      g->in_pos += 1;
      continue; // the CRC's own bytes are not covered by it
    case H_DONE:
      break;
    }
    if (take > 0) {
      g->hdr_crc = crc32_gzip_refl(g->hdr_crc, p, take);
      g->in_pos += take;
    }
  }
  return 1;
}

/** Fetches the handle argument; throws and returns NULL when it is not a live gunzip handle. */
static gunzip_t *get_handle(napi_env env, napi_value v) {
  bool ok = false;
  if (napi_check_object_type_tag(env, v, &GUNZIP_TAG, &ok) != napi_ok || !ok) {
    throw_code(env, "FLOWLENS_GZIP_STATE", "gunzip: not a gunzip handle");
    return NULL;
  }
  void *data = NULL;
  if (napi_get_value_external(env, v, &data) != napi_ok) {
    return NULL;
  }
  gunzip_t *g = data;
  if (g->closed) {
    throw_code(env, "FLOWLENS_GZIP_STATE", "gunzip: the handle is closed");
    return NULL;
  }
  return g;
}

/** The bytes of a Uint8Array (Buffer) argument. */
static bool get_bytes(napi_env env, napi_value v, uint8_t **data, size_t *len) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) == napi_ok && is) {
    napi_typedarray_type type;
    size_t n;
    void *p;
    napi_value ab;
    size_t offset;
    if (napi_get_typedarray_info(env, v, &type, &n, &p, &ab, &offset) != napi_ok) {
      return false;
    }
    if (type == napi_uint8_array) {
      *data = p;
      *len = n;
      return true;
    }
  }
  throw_code(env, NULL, "gunzip: expected a Buffer or Uint8Array");
  return false;
}

static napi_value gunzip_create(napi_env env, napi_callback_info info) {
  (void)info;
  gunzip_t *g = calloc(1, sizeof(gunzip_t));
  if (!g) {
    return throw_code(env, NULL, "gunzip: out of memory");
  }
  isal_inflate_init(&g->st);
  napi_value h;
  if (napi_create_external(env, g, gunzip_finalize, NULL, &h) != napi_ok) {
    free(g);
    return NULL;
  }
  int64_t adjusted;
  CHECK(napi_type_tag_object(env, h, &GUNZIP_TAG));
  CHECK(napi_adjust_external_memory(env, (int64_t)sizeof(gunzip_t), &adjusted));
  return h;
}

static napi_value gunzip_write(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2) {
    return throw_code(env, NULL, "gunzip: write(handle, input)");
  }
  gunzip_t *g = get_handle(env, argv[0]);
  if (!g) {
    return NULL;
  }
  uint8_t *data;
  size_t len;
  if (!get_bytes(env, argv[1], &data, &len)) {
    return NULL;
  }
  if (g->busy) {
    return throw_code(env, "FLOWLENS_GZIP_STATE", "gunzip: write while a read is running");
  }
  if (len == 0 || g->ignore_rest) {
    return NULL;
  }
  size_t rest = g->in_len - g->in_pos;
  if (rest > 0 && g->in_pos > 0) {
    memmove(g->in, g->in + g->in_pos, rest);
  }
  g->in_pos = 0;
  g->in_len = rest;
  if (rest + len > g->in_cap) {
    size_t cap = g->in_cap ? g->in_cap : 64 * 1024;
    while (cap < rest + len) {
      cap *= 2;
    }
    uint8_t *p = realloc(g->in, cap);
    if (!p) {
      return throw_code(env, NULL, "gunzip: out of memory");
    }
    g->in = p;
    g->in_cap = cap;
  }
  memcpy(g->in + rest, data, len);
  g->in_len = rest + len;
  return NULL;
}

/**
 * Inflates into next_out[0..room) and returns the count. A fault met before any output sets
 * *fault (the caller throws it); one met after some output is kept for the next read. Touches
 * no JS value: it also runs on libuv's thread pool (gunzipReadAsync).
 */
static size_t inflate_into(gunzip_t *g, uint8_t *next_out, size_t room, const char **fault) {
  if (room > UINT32_MAX) {
    room = UINT32_MAX; // ISA-L counts in 32 bits
  }
  size_t produced = 0;
  const char *error = NULL;
  while (produced < room) {
    if (g->ignore_rest) {
      g->in_pos = g->in_len;
      break;
    }
    if (!g->in_member) {
      if (g->in_pos == g->in_len) {
        break; // needs input
      }
      if (g->members > 0 && g->in[g->in_pos] == 0) {
        g->ignore_rest = true; // zero padding after a member, as Node's zlib
        g->in_pos = g->in_len;
        break;
      }
      g->in_member = true;
      g->hdr = H_ID1;
      g->hdr_crc = 0;
    }
    if (g->hdr != H_DONE) {
      int h = parse_header(g, &error);
      if (h < 0) {
        break;
      }
      if (h == 0) {
        break; // needs input
      }
      isal_inflate_reset(&g->st);
      g->st.crc_flag = ISAL_GZIP_NO_HDR_VER;
      g->out_full = false;
    }
    if (g->in_pos == g->in_len && !g->out_full) {
      break; // needs input (with output room, ISA-L handed out all it decoded)
    }
    static uint8_t none;
    size_t avail_in = g->in_len - g->in_pos;
    g->st.next_in = avail_in ? g->in + g->in_pos : &none;
    g->st.avail_in = avail_in > UINT32_MAX ? UINT32_MAX : (uint32_t)avail_in;
    uint32_t in_before = g->st.avail_in;
    g->st.next_out = next_out + produced;
    g->st.avail_out = (uint32_t)(room - produced);
    uint32_t out_before = g->st.avail_out;
    int ret = isal_inflate(&g->st);
    size_t used = in_before - g->st.avail_in;
    size_t made = out_before - g->st.avail_out;
    g->in_pos += used;
    produced += made;
    g->out_full = g->st.avail_out == 0;
    if (ret != ISAL_DECOMP_OK) {
      error = isal_message(ret);
      break;
    }
    if (g->st.block_state == ISAL_BLOCK_FINISH) {
      g->in_member = false;
      g->members++;
      continue;
    }
    if (used == 0 && made == 0) {
      break; // no progress: all input is held in ISA-L's own buffers
    }
  }
  if (error) {
    if (produced == 0) {
      *fault = error;
    } else {
      g->error = error; // hand out what was decoded first; the next read throws
    }
  }
  if (g->in_pos == g->in_len) {
    g->in_pos = g->in_len = 0;
  }
  return produced;
}

/**
 * True when `g` may be read now; else throws (a read running, a fault already thrown) or throws
 * the fault kept from the last read, and returns false.
 */
static bool readable(napi_env env, gunzip_t *g) {
  if (g->busy) {
    throw_code(env, "FLOWLENS_GZIP_STATE", "gunzip: a read is already running");
    return false;
  }
  if (g->failed) {
    throw_code(env, "FLOWLENS_GZIP_STATE", "gunzip: read after an error");
    return false;
  }
  if (g->error) {
    g->failed = true;
    throw_code(env, "FLOWLENS_GZIP_CORRUPT", g->error);
    return false;
  }
  return true;
}

/** Checks the arguments of a read; NULL (with an exception pending) when they are wrong. */
static gunzip_t *read_args(napi_env env, napi_callback_info info, napi_value *out_value,
                           uint8_t **out, size_t *room) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) {
    return NULL;
  }
  if (argc < 3) {
    throw_code(env, NULL, "gunzip: read(handle, output, offset)");
    return NULL;
  }
  gunzip_t *g = get_handle(env, argv[0]);
  if (!g || !readable(env, g)) {
    return NULL;
  }
  uint8_t *data;
  size_t len;
  if (!get_bytes(env, argv[1], &data, &len)) {
    return NULL;
  }
  int64_t off64;
  if (napi_get_value_int64(env, argv[2], &off64) != napi_ok) {
    throw_code(env, NULL, "gunzip: the offset must be a number");
    return NULL;
  }
  if (off64 < 0 || (uint64_t)off64 > len) {
    throw_code(env, NULL, "gunzip: offset out of range");
    return NULL;
  }
  *out_value = argv[1];
  *out = data + off64;
  *room = len - (size_t)off64;
  return g;
}

/** inflate_into() on this thread; a fault before any output throws (and returns false). */
static bool read_here(napi_env env, gunzip_t *g, uint8_t *out, size_t room, size_t *produced) {
  const char *fault = NULL;
  *produced = inflate_into(g, out, room, &fault);
  if (fault) {
    g->failed = true;
    throw_code(env, "FLOWLENS_GZIP_CORRUPT", fault);
    return false;
  }
  return true;
}

static napi_value gunzip_read(napi_env env, napi_callback_info info) {
  napi_value out_value;
  uint8_t *out;
  size_t room;
  gunzip_t *g = read_args(env, info, &out_value, &out, &room);
  if (!g) {
    return NULL;
  }
  size_t produced;
  if (!read_here(env, g, out, room, &produced)) {
    return NULL;
  }
  napi_value result;
  CHECK(napi_create_double(env, (double)produced, &result));
  return result;
}

bool flowlens_gunzip_read_into(napi_env env, napi_value handle, uint8_t *out, size_t room,
                               size_t *produced) {
  gunzip_t *g = get_handle(env, handle);
  return g && readable(env, g) && read_here(env, g, out, room, produced);
}

/** One gunzipReadAsync: the handle and the output stay referenced until it completes. */
typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref handle_ref, out_ref;
  gunzip_t *g;
  uint8_t *out;
  size_t room, produced;
  const char *fault;
} read_job_t;

static void read_job_execute(napi_env env, void *data) {
  (void)env;
  read_job_t *job = data;
  job->produced = inflate_into(job->g, job->out, job->room, &job->fault);
}

static void read_job_complete(napi_env env, napi_status status, void *data) {
  read_job_t *job = data;
  gunzip_t *g = job->g;
  g->busy = false;
  napi_value result = NULL;
  bool ok = status == napi_ok && !job->fault;
  if (ok) {
    napi_create_double(env, (double)job->produced, &result);
  } else {
    napi_value code, msg;
    const char *c = job->fault ? "FLOWLENS_GZIP_CORRUPT" : "FLOWLENS_GZIP_STATE";
    const char *m = job->fault ? job->fault : "gunzip: the read was cancelled";
    g->failed = true;
    napi_create_string_utf8(env, c, NAPI_AUTO_LENGTH, &code);
    napi_create_string_utf8(env, m, NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, code, msg, &result);
  }
  if (g->closed) {
    gunzip_free(g); // closed while the read ran
  }
  if (ok) {
    napi_resolve_deferred(env, job->deferred, result);
  } else {
    napi_reject_deferred(env, job->deferred, result);
  }
  napi_delete_reference(env, job->handle_ref);
  napi_delete_reference(env, job->out_ref);
  napi_delete_async_work(env, job->work);
  free(job);
}

static napi_value gunzip_read_async(napi_env env, napi_callback_info info) {
  napi_value out_value;
  uint8_t *out;
  size_t room;
  gunzip_t *g = read_args(env, info, &out_value, &out, &room);
  if (!g) {
    return NULL;
  }
  read_job_t *job = calloc(1, sizeof(read_job_t));
  if (!job) {
    return throw_code(env, NULL, "gunzip: out of memory");
  }
  job->g = g;
  job->out = out;
  job->room = room;
  size_t argc = 1;
  napi_value handle, promise, name;
  if (napi_get_cb_info(env, info, &argc, &handle, NULL, NULL) != napi_ok ||
      napi_create_reference(env, handle, 1, &job->handle_ref) != napi_ok) {
    free(job);
    return NULL;
  }
  if (napi_create_reference(env, out_value, 1, &job->out_ref) != napi_ok) {
    napi_delete_reference(env, job->handle_ref);
    free(job);
    return NULL;
  }
  bool created = false;
  if (napi_create_promise(env, &job->deferred, &promise) != napi_ok ||
      napi_create_string_utf8(env, "flowlens:gunzip", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      !(created = napi_create_async_work(env, NULL, name, read_job_execute, read_job_complete,
                                         job, &job->work) == napi_ok) ||
      napi_queue_async_work(env, job->work) != napi_ok) {
    // Not queued: the promise (if any) is dropped unsettled; the exception says why.
    if (created) {
      napi_delete_async_work(env, job->work);
    }
    napi_delete_reference(env, job->handle_ref);
    napi_delete_reference(env, job->out_ref);
    free(job);
    return throw_code(env, "FLOWLENS_GZIP_STATE", "gunzip: could not queue the read");
  }
  g->busy = true;
  return promise;
}

static napi_value gunzip_end(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  gunzip_t *g = argc < 1 ? NULL : get_handle(env, argv[0]);
  if (!g) {
    return argc < 1 ? throw_code(env, NULL, "gunzip: end(handle)") : NULL;
  }
  if (g->busy) {
    return throw_code(env, "FLOWLENS_GZIP_STATE", "gunzip: end while a read is running");
  }
  if (g->failed) {
    return throw_code(env, "FLOWLENS_GZIP_STATE", "gunzip: end after an error");
  }
  if (g->error) {
    g->failed = true;
    return throw_code(env, "FLOWLENS_GZIP_CORRUPT", g->error);
  }
  if (g->in_pos < g->in_len) {
    return throw_code(env, "FLOWLENS_GZIP_STATE", "gunzip: end with input not read yet");
  }
  if (g->in_member || g->members == 0) {
    return throw_code(env, "FLOWLENS_GZIP_TRUNCATED", "unexpected end of file");
  }
  return NULL;
}

static napi_value gunzip_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1) {
    return throw_code(env, NULL, "gunzip: close(handle)");
  }
  bool ok = false;
  if (napi_check_object_type_tag(env, argv[0], &GUNZIP_TAG, &ok) != napi_ok || !ok) {
    return throw_code(env, "FLOWLENS_GZIP_STATE", "gunzip: not a gunzip handle");
  }
  void *data = NULL;
  CHECK(napi_get_value_external(env, argv[0], &data));
  gunzip_t *g = data;
  g->closed = true; // the struct itself goes with the external's finalizer
  if (!g->busy) {
    gunzip_free(g); // else when the running read completes
  }
  return NULL;
}

#define AVAILABLE true
#else /* no ISA-L: the functions exist and throw */

static napi_value unavailable(napi_env env, napi_callback_info info) {
  (void)info;
  return throw_code(env, "FLOWLENS_GZIP_UNAVAILABLE",
                    "gunzip: the native addon was built without ISA-L (libisal-dev)");
}
#define gunzip_create unavailable
#define gunzip_write unavailable
#define gunzip_read unavailable
#define gunzip_read_async unavailable
#define gunzip_end unavailable
#define gunzip_close unavailable
#define AVAILABLE false

bool flowlens_gunzip_read_into(napi_env env, napi_value handle, uint8_t *out, size_t room,
                               size_t *produced) {
  (void)handle;
  (void)out;
  (void)room;
  *produced = 0;
  unavailable(env, NULL);
  return false;
}
#endif

napi_status flowlens_inflate_init(napi_env env, napi_value exports) {
  napi_value available;
  napi_status s = napi_get_boolean(env, AVAILABLE, &available);
  if (s != napi_ok) {
    return s;
  }
  napi_property_descriptor props[] = {
      {"gunzipAvailable", NULL, NULL, NULL, NULL, available, napi_enumerable, NULL},
      {"gunzipCreate", NULL, gunzip_create, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gunzipWrite", NULL, gunzip_write, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gunzipRead", NULL, gunzip_read, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gunzipReadAsync", NULL, gunzip_read_async, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gunzipEnd", NULL, gunzip_end, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gunzipClose", NULL, gunzip_close, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  return napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
}
