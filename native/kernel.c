// The native digest kernel: the C twin of src/aggregate/kernel/digest-kernel.as.ts (the
// WebAssembly kernel). Same contract: it aggregates the lines it can prove are ordinary valid
// flows of the current layout and *defers* every other line to the JS parser, which decides and
// counts it. It never decides a skip, so its results equal the JS path's; the differential tests
// in digest-kernel.test.ts run all three paths on the same input.
//
// What C adds over the WebAssembly build: input is scanned where it lies (no copy into a
// separate memory), glibc's vectorised memchr finds newlines, SSE2 splits tokens on x86-64
// (a scalar loop elsewhere), the default layout has a straight path of its own (v2_line), and
// table lookups are prefetched a batch ahead.

#include "kernel.h"
#include "inflate.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define MAX_FIELDS 256
#define NL 10
#define CR 13
#define SPACE 32
#define TAB 9
#define DASH 45
#define MS_THRESHOLD 1e11
/** Lines longer than this are deferred (each batched key has this much room). */
#define MAX_FAST_LINE 4000
#define KEY_ROOM 4096
/** Keys added per batch: slots and records of a batch are prefetched before any is used. */
#define BATCH 16
#define KEY_COLS 9
#define SPORT 4
#define DPORT 5
#define STATUS 8
/** Bytes readable past any token: word loads and 16-byte vectors may run over the end. */
#define PAD 192
/** What is checked of a column's token (a column may have several). */
#define COL_NUMBER 1
#define COL_ADDRESS 2
#define COL_ACTION 4
#define COL_STATUS 8
/** Record header in the arena: packets f64 | bytes f64 | key length i32 | hash u32. */
#define REC_HEAD 24

/**
 * Lines waiting to be added to the table: their keys (packed, each zero-padded to a multiple
 * of 8 bytes), hashes and counters.
 */
typedef struct Batch {
  uint8_t *keys; // BATCH * KEY_ROOM bytes: room for the longest lines
  size_t used;
  int n;
  int off[BATCH];
  int len[BATCH];
  uint32_t hash[BATCH];
  double a[BATCH];
  double b[BATCH];
} Batch;

typedef struct Kernel {
  // layout
  int width;
  int key_cols[KEY_COLS];
  int status_col, action_col, start_col, end_col, packets_col, bytes_col;
  bool has_window;
  double win_start, win_stop;
  // per-line scratch
  int starts[MAX_FIELDS + 1];
  int ends[MAX_FIELDS + 1];
  double vals[MAX_FIELDS];
  uint8_t col_flags[MAX_FIELDS]; // COL_* of each column
  double col_max[MAX_FIELDS];    // the limit of each numeric column
  uint8_t col_free[MAX_FIELDS];  // digits a numeric column takes without reaching its limit
  bool v2;                       // the layout is the default one: v2_line() reads it
  // the batch
  // Two batches: one being filled, one whose records are being fetched (see step()).
  Batch batches[2];
  int filling;
  // input: a carried partial line, then the bytes pushed since
  uint8_t *input;
  size_t input_cap;
  size_t input_len;
  size_t pos;
  size_t defer_start, defer_end;
  // counters
  double records, kept, out_of_window;
  double min_start, max_end;
  // the table: open addressing, slot = hash << 32 | record offset (0 = empty)
  uint64_t *slots;
  uint32_t slot_cap;
  uint32_t groups;
  bool non_ascii;
  uint8_t *arena;
  size_t arena_used, arena_cap;
  bool failed; // out of memory: the host is told and gives up on the kernel
} Kernel;

// ---------------------------------------------------------------------------------------------
// Memory for the table: its lookups land anywhere in megabytes of slots and records, so on
// Linux it asks for transparent huge pages (one TLB entry per 2 MiB instead of per 4 KiB).

#define HUGE_ALIGN (2u << 20)

/** `n` zeroed bytes, on huge pages where the system offers them; NULL when out of memory. */
static void *table_alloc(size_t n) {
  void *p = NULL;
  if (n < HUGE_ALIGN) return calloc(1, n);
  if (posix_memalign(&p, HUGE_ALIGN, n) != 0) return NULL;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  madvise(p, n, MADV_HUGEPAGE);
#endif
  memset(p, 0, n);
  return p;
}

/** `p` (`used` bytes of it kept) moved to `n` zeroed-beyond bytes; NULL when out of memory. */
static void *table_grow(void *p, size_t used, size_t n) {
  void *next = table_alloc(n);
  if (!next) return NULL;
  memcpy(next, p, used);
  free(p);
  return next;
}

// ---------------------------------------------------------------------------------------------
// Table

static inline uint64_t mix(uint64_t h, uint64_t w) {
  h ^= w;
  h *= 0x9e3779b97f4a7c15ull;
  return h ^ (h >> 29);
}

static inline uint64_t load64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

static inline void store64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

/** The 128-bit product of `a` and `b`, folded to 64 bits. */
static inline uint64_t fold_mul(uint64_t a, uint64_t b) {
  unsigned __int128 r = (unsigned __int128)a * b;
  return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/**
 * Hash of a key zero-padded to a multiple of 16 bytes: each 16 bytes, mixed with constants that
 * differ from position to position (so blocks swapped do not collide), multiplied on their own
 * and summed, so the products are computed in parallel (a chain of multiplies, one per word,
 * took most of a line's time in this step).
 */
static uint32_t hash_key(const uint8_t *key, int len) {
  uint64_t h = (uint64_t)len * 0x9e3779b97f4a7c15ull;
  uint64_t k0 = 0x243f6a8885a308d3ull, k1 = 0x13198a2e03707344ull;
  for (int i = 0; i < len; i += 16) {
    h += fold_mul(load64(key + i) ^ k0, load64(key + i + 8) ^ k1);
    k0 += 0x9e3779b97f4a7c15ull;
    k1 += 0xbf58476d1ce4e5b9ull;
  }
  h = fold_mul(h, 0x94d049bb133111ebull);
  return (uint32_t)(h ^ (h >> 32));
}

static inline bool same_key(const uint8_t *rec, const uint8_t *key, int len) {
  int32_t rlen;
  memcpy(&rlen, rec + 16, 4);
  if (rlen != len) return false;
  // Both keys are zero-padded to a multiple of 8 bytes.
  for (int i = 0; i < len; i += 8) {
    if (load64(rec + REC_HEAD + i) != load64(key + i)) return false;
  }
  return true;
}

static bool rehash(Kernel *k) {
  uint32_t cap = k->slot_cap << 1;
  uint64_t *next = table_alloc((size_t)cap * 8);
  if (!next) return false;
  uint32_t mask = cap - 1;
  for (uint32_t i = 0; i < k->slot_cap; i++) {
    uint64_t v = k->slots[i];
    if (v == 0) continue;
    uint32_t slot = (uint32_t)(v >> 32) & mask;
    while (next[slot] != 0) slot = (slot + 1) & mask;
    next[slot] = v;
  }
  free(k->slots);
  k->slots = next;
  k->slot_cap = cap;
  return true;
}

static void insert(Kernel *k, uint32_t slot, const uint8_t *key, uint32_t h, int len, double a,
                   double b) {
  size_t size = (size_t)(REC_HEAD + len + 7) & ~(size_t)7;
  if (k->arena_used + size + PAD > k->arena_cap) {
    size_t cap = k->arena_cap;
    while (cap < k->arena_used + size + PAD) cap <<= 1;
    uint8_t *next = table_grow(k->arena, k->arena_used, cap);
    if (!next) {
      k->failed = true;
      return;
    }
    k->arena = next;
    k->arena_cap = cap;
  }
  size_t off = k->arena_used;
  uint8_t *rec = k->arena + off;
  int32_t len32 = len;
  memcpy(rec, &a, 8);
  memcpy(rec + 8, &b, 8);
  memcpy(rec + 16, &len32, 4);
  memcpy(rec + 20, &h, 4);
  memcpy(rec + REC_HEAD, key, size - REC_HEAD);
  for (int i = 0; i < len; i += 8) {
    if (load64(key + i) & 0x8080808080808080ull) k->non_ascii = true;
  }
  k->arena_used += size;
  k->groups++;
  k->slots[slot] = ((uint64_t)h << 32) | (uint64_t)off;
  if (k->groups * 2 > k->slot_cap && !rehash(k)) k->failed = true;
}

static inline void add(Kernel *k, const uint8_t *key, int len, uint32_t h, double a, double b) {
  uint32_t mask = k->slot_cap - 1;
  uint32_t slot = h & mask;
  for (;;) {
    uint64_t v = k->slots[slot];
    if (v == 0) break;
    if ((uint32_t)(v >> 32) == h) {
      uint8_t *rec = k->arena + (uint32_t)v;
      if (same_key(rec, key, len)) {
        double x;
        memcpy(&x, rec, 8);
        x += a;
        memcpy(rec, &x, 8);
        memcpy(&x, rec + 8, 8);
        x += b;
        memcpy(rec + 8, &x, 8);
        return;
      }
    }
    slot = (slot + 1) & mask;
  }
  insert(k, slot, key, h, len, a, b);
}

static void add_batch(Kernel *k, Batch *q) {
  for (int i = 0; i < q->n; i++) add(k, q->keys + q->off[i], q->len[i], q->hash[i], q->a[i], q->b[i]);
  q->n = 0;
  q->used = 0;
}

/**
 * A batch is full. Its slots were prefetched as its lines were queued; now its records are
 * prefetched, and the batch before it, whose records were prefetched one batch ago, is added.
 * So the table's cache misses overlap with the parsing of a whole batch of lines.
 */
static void step(Kernel *k) {
  Batch *q = &k->batches[k->filling];
  uint32_t mask = k->slot_cap - 1;
  for (int i = 0; i < q->n; i++) {
    uint64_t v = k->slots[q->hash[i] & mask];
    if (v != 0) {
      const uint8_t *rec = k->arena + (uint32_t)v;
      __builtin_prefetch(rec);
      __builtin_prefetch(rec + 64);
    }
  }
  k->filling ^= 1;
  add_batch(k, &k->batches[k->filling]);
}

/** Adds every queued line (before a deferred line or the end of the input). */
static void flush(Kernel *k) {
  add_batch(k, &k->batches[k->filling ^ 1]);
  add_batch(k, &k->batches[k->filling]);
}

// ---------------------------------------------------------------------------------------------
// Lines

static inline uint32_t byte_at(const Kernel *k, int i) { return k->input[i]; }

/** True for the bytes that end a token: a space, a control byte or DEL. */
static inline bool is_stop(uint8_t c) { return c <= 0x20 || c == 0x7f; }

#if defined(__SSE2__)
/** is_stop() of each byte of `v`, as 0xff or 0. */
static inline __m128i stop_bytes(__m128i v) {
  const __m128i lim = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f);
  return _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, lim), v), _mm_cmpeq_epi8(v, del));
}
#endif

/**
 * The end of the token at `p`: the first byte that is a space, a control byte or DEL. Input is
 * followed by zero bytes, so the scan always stops inside the buffer and its padding.
 */
static inline const uint8_t *token_end(const uint8_t *p) {
#if defined(__SSE2__)
  for (;;) {
    uint32_t m = (uint32_t)_mm_movemask_epi8(stop_bytes(_mm_loadu_si128((const __m128i *)p)));
    if (m) return p + __builtin_ctz(m);
    p += 16;
  }
#else
  while (!is_stop(*p)) p++;
  return p;
#endif
}

static inline bool is_ok(const uint8_t *p, size_t len) {
  return len == 2 && (p[0] & 0xdf) == 79 && (p[1] & 0xdf) == 75;
}

static inline bool is_action(const uint8_t *p, size_t len) {
  if (len == 1) return p[0] == DASH;
  if (len != 6) return false;
  // Upper-cased, the six letters compared with both words at once (no data-dependent branch).
  uint64_t w = (load64(p) & 0xdfdfdfdfdfdfull);
  return (w == 0x545045434341ull) | (w == 0x5443454a4552ull);
}

/**
 * The first `len` (1 to 8) bytes at `p` as a decimal number, or -1 when one is not a digit
 * (SWAR: shifted to the top of a word, vacated bytes read as '0', digits combined pairwise).
 */
static inline int64_t digits(const uint8_t *p, int len) {
  uint64_t shift = (uint64_t)(8 - len) << 3;
  uint64_t w = (load64(p) << shift) | (0x3030303030303030ull & ((1ull << shift) - 1));
  uint64_t hi = w & 0xf0f0f0f0f0f0f0f0ull;
  uint64_t hi6 = (w + 0x0606060606060606ull) & 0xf0f0f0f0f0f0f0f0ull;
  if ((hi | (hi6 >> 4)) != 0x3333333333333333ull) return -1;
  uint64_t d = w - 0x3030303030303030ull;
  d = (d * 10 + (d >> 8)) & 0x00ff00ff00ff00ffull;
  d = (d * 100 + (d >> 16)) & 0x0000ffff0000ffffull;
  d = (d * 10000 + (d >> 32)) & 0xffffffffull;
  return (int64_t)d;
}

/** True when the first `len` (1 to 8) bytes at `p` are digits: digits() without the value. */
static inline bool digits_ok(const uint8_t *p, int len) {
  uint64_t shift = (uint64_t)(8 - len) << 3;
  uint64_t w = (load64(p) << shift) | (0x3030303030303030ull & ((1ull << shift) - 1));
  uint64_t hi6 = (w + 0x0606060606060606ull) & 0xf0f0f0f0f0f0f0f0ull;
  return ((w & 0xf0f0f0f0f0f0f0f0ull) | (hi6 >> 4)) == 0x3333333333333333ull;
}

/** 16 to 20 digits, accumulated in a double exactly as the JS parser does. */
static double big_number(const uint8_t *p, size_t len) {
  if (len > 20) return -2;
  double v = 0;
  for (size_t i = 0; i < len; i++) {
    uint32_t d = p[i] - 48u;
    if (d > 9) return -2;
    v = v * 10 + (double)d;
  }
  return v;
}

/** Value of a numeric token: -1 for `-`, -2 when it is not a plain decimal (host decides). */
static inline double number(const uint8_t *p, size_t len) {
  if (len <= 8) {
    int64_t v = digits(p, (int)len);
    if (v >= 0) return (double)v;
    return len == 1 && *p == DASH ? -1 : -2;
  }
  if (len > 15) return big_number(p, len);
  // Up to 15 digits are exact in an integer and in a double alike.
  int64_t hi = digits(p, (int)len - 8);
  int64_t lo = digits(p + len - 8, 8);
  return hi < 0 || lo < 0 ? -2 : (double)(hi * 100000000 + lo);
}

static bool is_ipv4(const Kernel *k, int s, int e) {
  int parts = 0;
  int i = s;
  while (i < e) {
    int p = i;
    uint32_t v = 0;
    while (i < e) {
      uint32_t d = byte_at(k, i) - 48;
      if (d > 9) break;
      v = v * 10 + d;
      i++;
      if (i - p > 3) return false;
    }
    int len = i - p;
    if (len == 0 || v > 255 || (len > 1 && byte_at(k, p) == 48)) return false;
    parts++;
    if (i == e) break;
    if (byte_at(k, i) != 46 || parts == 4) return false;
    i++;
    if (i == e) return false;
  }
  return parts == 4;
}

static inline bool is_hex(uint32_t c) { return c - 48 <= 9 || (c | 0x20) - 97 <= 5; }

static bool is_ipv6(const Kernel *k, int s, int e) {
  if (e - s < 2 || e - s > 45) return false;
  int i = s;
  int groups = 0;
  bool compressed = false;
  if (byte_at(k, i) == 58) {
    if (byte_at(k, i + 1) != 58) return false;
    compressed = true;
    i += 2;
  }
  while (i < e) {
    int j = i;
    while (j < e && is_hex(byte_at(k, j))) j++;
    if (j < e && byte_at(k, j) == 46) {
      if (!is_ipv4(k, i, e)) return false;
      groups += 2;
      break;
    }
    if (j == i || j - i > 4) return false;
    groups++;
    i = j;
    if (i == e) break;
    if (byte_at(k, i) != 58) return false;
    i++;
    if (i == e) return false;
    if (byte_at(k, i) == 58) {
      if (compressed) return false;
      compressed = true;
      i++;
    }
  }
  return compressed ? groups <= 7 : groups == 8;
}

/**
 * A dotted quad of 7 to 15 bytes, checked on bit masks of one 16-byte load (bit i = byte i):
 * only digits and exactly three dots, no empty group, no group of four digits, no leading zero,
 * no three-digit group above 255 (ASCII digits compare like their values). No branch depends on
 * the address, whose group lengths vary from line to line.
 */
static inline bool is_ipv4_quad(const uint8_t *p, size_t len) {
  uint32_t valid = (1u << len) - 1;
  uint32_t digit = 0, dots = 0, zero = 0, two = 0, five = 0, above2 = 0, above5 = 0;
#if defined(__SSE2__)
  __m128i v = _mm_loadu_si128((const __m128i *)p);
  __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
  digit = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d));
  dots = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')));
  zero = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('0')));
  two = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('2')));
  five = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('5')));
  above2 = (uint32_t)_mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_set1_epi8('2')));
  above5 = (uint32_t)_mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_set1_epi8('5')));
#else
  for (size_t j = 0; j < 16; j++) {
    uint8_t c = p[j];
    digit |= (uint32_t)(c - 48u <= 9) << j;
    dots |= (uint32_t)(c == '.') << j;
    zero |= (uint32_t)(c == '0') << j;
    two |= (uint32_t)(c == '2') << j;
    five |= (uint32_t)(c == '5') << j;
    above2 |= (uint32_t)(c > '2' && c < 128) << j;
    above5 |= (uint32_t)(c > '5' && c < 128) << j;
  }
#endif
  digit &= valid;
  dots &= valid;
  uint32_t three_dots = dots & (dots - 1);
  three_dots &= three_dots - 1;
  bool shape = ((digit | dots) == valid) & (three_dots != 0) & ((three_dots & (three_dots - 1)) == 0);
  // Empty groups: a dot first, last, or next to another dot.
  bool empty = ((dots & 1) | (dots >> (len - 1)) | (dots & (dots >> 1))) != 0;
  uint32_t starts = digit & ~(digit << 1);
  uint32_t next1 = digit >> 1, next2 = digit >> 2;
  bool four = (digit & next1 & next2 & (digit >> 3)) != 0;
  bool leading_zero = (starts & zero & next1) != 0;
  uint32_t three = starts & next1 & next2;
  bool over = (three & (above2 | (two & (above5 >> 1)) | (two & (five >> 1) & (above5 >> 2)))) != 0;
  return shape & !empty & !four & !leading_zero & !over;
}

static inline bool is_address(const Kernel *k, const uint8_t *p, size_t len) {
  if (len >= 7 && len <= 15 && is_ipv4_quad(p, len)) return true;
  if (len == 1 && *p == DASH) return true;
  if (!memchr(p, 58, len)) return false;
  int s = (int)(p - k->input);
  return is_ipv6(k, s, s + (int)len);
}

static inline double value_of(const Kernel *k, int col) { return col < 0 ? -1 : k->vals[col]; }

static inline double time_of(const Kernel *k, int col) {
  double v = value_of(k, col);
  return v > MS_THRESHOLD ? floor(v / 1000) : v;
}

/** Checks one typed token (see COL_*); false when the host must look at the line. */
static inline bool check_token(Kernel *k, int col, uint8_t flags, const uint8_t *p, size_t len) {
  if (flags & COL_NUMBER) {
    double v = number(p, len);
    if (v == -2 || !(v <= k->col_max[col])) return false;
    k->vals[col] = v;
  }
  if ((flags & COL_ADDRESS) && !is_address(k, p, len)) return false;
  if ((flags & COL_ACTION) && !is_action(p, len)) return false;
  if ((flags & COL_STATUS) && !is_ok(p, len)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Keys

static uint8_t *write_int(uint8_t *p, double v) {
  if (v < 0) {
    *p = DASH;
    return p + 1;
  }
  uint32_t x = (uint32_t)v;
  int n = 1;
  for (uint32_t t = x; t >= 10; t /= 10) n++;
  for (int i = n - 1; i >= 0; i--) {
    p[i] = (uint8_t)(48 + x % 10);
    x /= 10;
  }
  return p + n;
}

static inline uint8_t *copy_token(const Kernel *k, uint8_t *p, int col) {
  if (col < 0) {
    *p = DASH;
    return p + 1;
  }
  const uint8_t *src = k->input + k->starts[col];
  int len = k->ends[col] - k->starts[col];
  // Whole words: bytes past the token are overwritten by what follows (the key has room).
  // Two words unconditionally: most tokens fit, and the loop's exit is then predictable.
  store64(p, load64(src));
  store64(p + 8, load64(src + 8));
  for (int j = 16; j < len; j += 8) store64(p + j, load64(src + j));
  return p + len;
}

/** A port in the key: `0` when zeroed, else its token when already canonical, else its digits. */
static inline uint8_t *write_port(const Kernel *k, uint8_t *p, int col, double v, bool zero) {
  if (zero) {
    *p = '0';
    return p + 1;
  }
  if (col >= 0 && (k->ends[col] - k->starts[col] == 1 || k->input[k->starts[col]] != '0')) {
    return copy_token(k, p, col);
  }
  return write_int(p, v);
}

/** Writes the v2 key of the current line at `key`; returns its length. */
static int write_key(const Kernel *k, uint8_t *key) {
  double sp = value_of(k, k->key_cols[SPORT]);
  double dp = value_of(k, k->key_cols[DPORT]);
  bool both = sp >= 0 && dp >= 0;
  uint8_t *p = key;
  for (int f = 0; f < KEY_COLS; f++) {
    if (f > 0) *p++ = SPACE;
    int col = k->key_cols[f];
    if (f == SPORT) {
      p = write_port(k, p, col, sp, both && sp >= dp);
    } else if (f == DPORT) {
      p = write_port(k, p, col, dp, both && sp < dp);
    } else if (f == STATUS && col < 0) {
      p[0] = 79;
      p[1] = 75;
      p += 2;
    } else {
      p = copy_token(k, p, col);
    }
  }
  // Zero the bytes after the key so whole-word hashing and comparison see a clean tail.
  store64(p, 0);
  store64(p + 8, 0);
  return (int)(p - key);
}

/** Where the next queued key is written (KEY_ROOM bytes of room). */
static inline uint8_t *next_key(Kernel *k) {
  Batch *q = &k->batches[k->filling];
  return q->keys + q->used;
}

/** Queues the key of `len` bytes written at next_key() with its packets and bytes (-1: none). */
static inline void enqueue(Kernel *k, int len, double a, double b) {
  Batch *q = &k->batches[k->filling];
  int i = q->n;
  uint32_t h = hash_key(q->keys + q->used, len);
  __builtin_prefetch(&k->slots[h & (k->slot_cap - 1)]);
  q->off[i] = (int)q->used;
  q->used += (size_t)(len + 7) & ~(size_t)7;
  q->len[i] = len;
  q->hash[i] = h;
  q->a[i] = a < 0 ? 0 : a;
  q->b[i] = b < 0 ? 0 : b;
  if (++q->n == BATCH) step(k);
}

static void queue(Kernel *k) {
  int len = write_key(k, next_key(k));
  enqueue(k, len, value_of(k, k->packets_col), value_of(k, k->bytes_col));
}

/** No token starts with a digit or `-`: the line could be a header (rare: checked last). */
static bool names_only(const Kernel *k, int n) {
  for (int t = 0; t < n; t++) {
    uint32_t c = byte_at(k, k->starts[t]);
    if ((c >= 48 && c <= 57) || c == DASH) return false;
  }
  return true;
}

/**
 * Reads the line at `s` in one pass if it is an ordinary flow of the layout: tokens separated by
 * single spaces, exactly `width` of them, every typed token valid, ended by LF or CRLF. Sets
 * `*nl` to its newline and returns true when the line was digested (or is empty); false defers
 * it to the host (which also covers a last line whose newline has not arrived).
 */
static bool fast_line(Kernel *k, size_t s, size_t *nl) {
  const uint8_t *in = k->input;
  const uint8_t *p = in + s;
  if (*p == NL) {
    *nl = s; // blank: the JS path ignores it too
    return true;
  }
  int width = k->width;
  if (width <= 0) return false;
  // A line whose tokens could all be field names is possibly a header: the host decides.
  bool maybe_header = (*p >= 97 && *p <= 122) || *p == 36;
  const uint8_t *te;
  int n = 0;
  for (;;) {
    te = token_end(p);
    size_t len = (size_t)(te - p);
    if (len == 0) return false;
    k->starts[n] = (int)(p - in);
    k->ends[n] = (int)(te - in);
    uint8_t flags = k->col_flags[n];
    if (flags && !check_token(k, n, flags, p, len)) return false;
    if (++n == width || *te != SPACE) break;
    p = te + 1;
  }
  // Exactly `width` tokens, the newline (or CRLF) right after the last.
  if (n != width) return false;
  if (*te == CR) te++;
  if (*te != NL || (size_t)(te - in) - s > MAX_FAST_LINE) return false;
  if (maybe_header && names_only(k, width)) return false;
  double t = time_of(k, k->start_col);
  if (k->has_window) {
    if (t < 0) return false; // no start time: the host counts it
    if (t < k->win_start || t >= k->win_stop) {
      k->records++;
      k->out_of_window++;
      *nl = (size_t)(te - in);
      return true;
    }
  }
  k->records++;
  k->kept++;
  queue(k);
  if (t >= 0 && t < k->min_start) k->min_start = t;
  double tend = time_of(k, k->end_col);
  if (tend >= 0 && tend > k->max_end) k->max_end = tend;
  *nl = (size_t)(te - in);
  return true;
}

// ---------------------------------------------------------------------------------------------
// The default layout (v2: version account-id interface-id srcaddr dstaddr srcport dstport
// protocol packets bytes start end action log-status), most flow logs' format, read by straight
// code: no column table, the key copied as three spans. Lines it does not expect (a `-`, a
// leading zero in a port, a token longer than 16 bytes where digits are due...) go to
// fast_line(), which decides as for any layout; nothing is changed before it does.

enum { V_VERSION, V_ACCOUNT, V_IFACE, V_SRC, V_DST, V_SPORT, V_DPORT, V_PROTO, V_PACKETS,
       V_BYTES, V_START, V_END, V_ACTION, V_STATUS, V_WIDTH };

/** What each v2 column is checked for. */
static const uint8_t V2_FLAGS[V_WIDTH] = {
    COL_NUMBER, 0, 0, COL_ADDRESS, COL_ADDRESS, COL_NUMBER, COL_NUMBER, COL_NUMBER,
    COL_NUMBER, COL_NUMBER, COL_NUMBER, COL_NUMBER, COL_ACTION, COL_STATUS};
static const int V2_KEY[KEY_COLS] = {V_ACCOUNT, V_IFACE, V_SRC,    V_DST,   V_SPORT,
                                     V_DPORT,   V_PROTO, V_ACTION, V_STATUS};

/** True when the configured layout is v2's, so v2_line() may read it. */
static bool is_v2(const Kernel *k) {
  if (k->width != V_WIDTH || k->packets_col != V_PACKETS || k->bytes_col != V_BYTES ||
      k->start_col != V_START || k->end_col != V_END || k->action_col != V_ACTION ||
      k->status_col != V_STATUS)
    return false;
  for (int f = 0; f < KEY_COLS; f++) {
    if (k->key_cols[f] != V2_KEY[f]) return false;
  }
  return memcmp(k->col_flags, V2_FLAGS, V_WIDTH) == 0;
}

typedef unsigned __int128 u128;

/** Bytes of a v2 line looked at at once: longer lines go to fast_line(). */
#define V2_WINDOW 128

/**
 * Bit masks of the V2_WINDOW bytes at `p` (bit i = byte i): the bytes that end a token (a space,
 * a control byte or DEL) and the newlines. Every load is at a fixed offset from `p`, so the
 * line's bytes are read in parallel rather than token after token (where each load waits for
 * the end of the token before).
 */
typedef struct V2Masks {
  u128 stop, newline;
} V2Masks;

static inline V2Masks v2_masks(const uint8_t *p) {
  uint64_t s[2] = {0, 0}, n[2] = {0, 0};
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8(NL);
  for (int j = 0; j < V2_WINDOW / 16; j++) {
    __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * j));
    int sh = 16 * (j & 3);
    s[j >> 2] |= (uint64_t)(uint32_t)_mm_movemask_epi8(stop_bytes(v)) << sh;
    n[j >> 2] |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf)) << sh;
  }
#else
  for (int j = 0; j < V2_WINDOW; j++) {
    uint8_t c = p[j];
    s[j >> 6] |= (uint64_t)is_stop(c) << (j & 63);
    n[j >> 6] |= (uint64_t)(c == NL) << (j & 63);
  }
#endif
  V2Masks m = {((u128)s[1] << 64) | s[0], ((u128)n[1] << 64) | n[0]};
  return m;
}

static inline int ctz128(u128 m) {
  uint64_t lo = (uint64_t)m;
  return lo ? __builtin_ctzll(lo) : 64 + __builtin_ctzll((uint64_t)(m >> 64));
}

/** A v2 line's tokens: where each starts and its length. */
typedef struct V2Line {
  const uint8_t *t[V_WIDTH];
  int len[V_WIDTH];
} V2Line;

/** A plain number in column `col` (digits only, within the column's limit): its value, or -1. */
static inline double v2_number(const Kernel *k, const V2Line *l, int col) {
  int len = l->len[col];
  double v = number(l->t[col], (size_t)len);
  return v >= 0 && (len <= k->col_free[col] || v <= k->col_max[col]) ? v : -1;
}

/** True when column `col` holds a plain number within its limit (its value unused). */
static inline bool v2_plain(const Kernel *k, const V2Line *l, int col) {
  int len = l->len[col];
  if (len <= k->col_free[col] && len <= 8) return digits_ok(l->t[col], len);
  return v2_number(k, l, col) >= 0;
}

/** Copies `len` bytes in 16-byte moves (the key has room past its end). */
static inline uint8_t *copy_span(uint8_t *dst, const uint8_t *src, int len) {
  for (int i = 0; i < len; i += 16) {
#if defined(__SSE2__)
    _mm_storeu_si128((__m128i *)(dst + i), _mm_loadu_si128((const __m128i *)(src + i)));
#else
    memcpy(dst + i, src + i, 16);
#endif
  }
  return dst + len;
}

/**
 * Reads the v2 line at `s` when it is of the common shape; false when fast_line() must decide
 * (nothing has been counted or queued then).
 */
static bool v2_line(Kernel *k, size_t s, size_t *nl) {
  const uint8_t *p = k->input + s;
  V2Masks m = v2_masks(p);
  if (m.newline == 0) return false; // a line longer than the window
  int nlpos = ctz128(m.newline);
  int end = nlpos > 0 && p[nlpos - 1] == CR ? nlpos - 1 : nlpos;
  if (end == 0) return false;
  // Exactly 13 separators before the end, none first, last or next to another. Every bit from
  // `end` up is set, so taking the lowest bit never finds none.
  u128 below = ((u128)1 << end) - 1;
  u128 seps = (m.stop & below) | ~below;
  if (seps & ((seps >> 1) | 1) & below) return false;
  V2Line l;
  bool spaces = true;
  int at = 0;
  // Taken lowest first from two words (a 128-bit subtract and test cost several instructions).
  uint64_t lo = (uint64_t)seps, hi = (uint64_t)(seps >> 64);
  for (int c = 0; c < V_WIDTH - 1; c++) {
    int e;
    if (lo) {
      e = __builtin_ctzll(lo);
      lo &= lo - 1;
    } else {
      e = 64 + __builtin_ctzll(hi);
      hi &= hi - 1;
    }
    spaces &= p[e] == SPACE;
    l.t[c] = p + at;
    l.len[c] = e - at;
    at = e + 1;
  }
  // Fewer separators: a token ran into `end`; more: one is left below it.
  if ((lo ? __builtin_ctzll(lo) : 64 + __builtin_ctzll(hi)) != end) return false;
  l.t[V_STATUS] = p + at;
  l.len[V_STATUS] = end - at;
  const uint8_t *te = p + nlpos;
  if (!spaces) return false;
  double sport = v2_number(k, &l, V_SPORT);
  double dport = v2_number(k, &l, V_DPORT);
  double packets = v2_number(k, &l, V_PACKETS);
  double bytes = v2_number(k, &l, V_BYTES);
  double start = v2_number(k, &l, V_START);
  double tend = v2_number(k, &l, V_END);
  // Ports are written as they stand: a leading zero needs the canonical form.
  bool plain = v2_plain(k, &l, V_VERSION) & v2_plain(k, &l, V_PROTO) & (sport >= 0) &
               (dport >= 0) & (packets >= 0) & (bytes >= 0) & (start >= 0) & (tend >= 0) &
               ((l.len[V_SPORT] == 1) | (l.t[V_SPORT][0] != '0')) &
               ((l.len[V_DPORT] == 1) | (l.t[V_DPORT][0] != '0'));
  if (!plain || !is_action(l.t[V_ACTION], (size_t)l.len[V_ACTION]) ||
      !is_ok(l.t[V_STATUS], (size_t)l.len[V_STATUS]) ||
      !is_address(k, l.t[V_SRC], (size_t)l.len[V_SRC]) ||
      !is_address(k, l.t[V_DST], (size_t)l.len[V_DST]))
    return false;
  double t = start > MS_THRESHOLD ? floor(start / 1000) : start;
  *nl = (size_t)(te - k->input);
  k->records++;
  if (k->has_window && (t < k->win_start || t >= k->win_stop)) {
    k->out_of_window++;
    return true;
  }
  k->kept++;
  // The key: account-id to dstaddr as they stand, the ports (the larger one zeroed; on a tie,
  // srcport), protocol, then action and log-status as they stand.
  uint8_t *key = next_key(k);
  uint8_t *q = copy_span(key, l.t[V_ACCOUNT], (int)(l.t[V_SPORT] - l.t[V_ACCOUNT]));
  if (sport >= dport) {
    *q++ = '0';
    const uint8_t *after = l.t[V_SPORT] + l.len[V_SPORT]; // " dstport protocol"
    q = copy_span(q, after, (int)(l.t[V_PACKETS] - 1 - after));
  } else {
    q = copy_span(q, l.t[V_SPORT], l.len[V_SPORT] + 1);
    *q++ = '0';
    q = copy_span(q, l.t[V_PROTO] - 1, l.len[V_PROTO] + 1);
  }
  *q++ = SPACE;
  q = copy_span(q, l.t[V_ACTION], (int)(l.t[V_STATUS] + l.len[V_STATUS] - l.t[V_ACTION]));
  store64(q, 0);
  store64(q + 8, 0);
  enqueue(k, (int)(q - key), packets, bytes);
  if (t < k->min_start) k->min_start = t;
  if (tend > MS_THRESHOLD) tend = floor(tend / 1000);
  if (tend > k->max_end) k->max_end = tend;
  return true;
}

/** 1 when stopped at a line for the host ([defer_start, defer_end)), else 0. */
static int run(Kernel *k) {
  size_t p = k->pos;
  size_t end = k->input_len;
  while (p < end) {
    size_t nl;
    if ((k->v2 && v2_line(k, p, &nl)) || fast_line(k, p, &nl)) {
      p = nl + 1;
      continue;
    }
    const uint8_t *found = memchr(k->input + p, NL, end - p);
    if (!found) break; // a partial line: wait for the rest
    flush(k);
    k->defer_start = p;
    k->defer_end = (size_t)(found - k->input);
    k->pos = k->defer_end + 1;
    return 1;
  }
  flush(k);
  k->pos = p;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Sorting (byte order of the zero-padded keys: for ASCII keys, the order JS's `<` gives)
//
// A key is compared 8 bytes at a time, as a big-endian word: keys are sorted by their first word,
// each run of keys tied on it by their second word, and so on. A word is read from the record
// only while the key is still tied, so the prefix every key shares (account id, " eni-") costs
// a load per key, and memcmp and a comparator call are never needed.

/** A key being sorted: its word at the current depth, its record and length. */
typedef struct SortKey {
  uint64_t w;
  uint32_t off;
  int32_t len;
} SortKey;

/** The 8 bytes at `p` as a big-endian number: words then compare as their bytes do. */
static inline uint64_t load_be64(const uint8_t *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return load64(p);
#else
  return __builtin_bswap64(load64(p));
#endif
}

/** Bytes [d, d + 8) of a key: `d` is a multiple of 8, and records are zero-padded to one. */
static inline uint64_t key_word(const uint8_t *arena, const SortKey *s, int d) {
  return d < s->len ? load_be64(arena + s->off + REC_HEAD + d) : 0;
}

/** Sorts a few keys by word (a radix sort's 8 KiB of counts would cost more than the keys). */
static void insertion_sort(SortKey *a, size_t n) {
  for (size_t i = 1; i < n; i++) {
    SortKey x = a[i];
    size_t j = i;
    for (; j > 0 && a[j - 1].w > x.w; j--) a[j] = a[j - 1];
    a[j] = x;
  }
}

/** LSD radix sort by word, a byte per pass; a byte every key has alike takes no pass. */
static void radix_sort(SortKey *a, SortKey *tmp, size_t n) {
  uint32_t count[8][256];
  memset(count, 0, sizeof count);
  for (size_t i = 0; i < n; i++) {
    for (int b = 0; b < 8; b++) count[b][(a[i].w >> (8 * b)) & 255]++;
  }
  SortKey *src = a, *dst = tmp;
  for (int b = 0; b < 8; b++) {
    uint32_t *c = count[b];
    if (c[(a[0].w >> (8 * b)) & 255] == n) continue;
    for (uint32_t v = 0, sum = 0; v < 256; v++) {
      uint32_t t = c[v];
      c[v] = sum;
      sum += t;
    }
    for (size_t i = 0; i < n; i++) dst[c[(src[i].w >> (8 * b)) & 255]++] = src[i];
    SortKey *t = src;
    src = dst;
    dst = t;
  }
  if (src != a) memcpy(a, src, n * sizeof *a);
}

/** Sorts keys by word (`tmp`: room for `n` more). */
static void sort_words(SortKey *a, SortKey *tmp, size_t n) {
  if (n <= 64) insertion_sort(a, n);
  else radix_sort(a, tmp, n);
}

/**
 * Sorts `n` keys sharing their first `d` bytes (`tmp`: room for `n` more). Keys equal up to
 * the end of them all differ only in length: the shorter (a prefix of the other) comes first.
 */
static void sort_keys(const uint8_t *arena, SortKey *a, SortKey *tmp, size_t n, int d) {
  if (n < 2) return;
  for (;; d += 8) {
    uint64_t first = key_word(arena, &a[0], d);
    bool same = true, more = false;
    for (size_t i = 0; i < n; i++) {
      a[i].w = key_word(arena, &a[i], d);
      same &= a[i].w == first;
      more |= a[i].len > d + 8;
    }
    if (!same) break;
    if (!more) {
      for (size_t i = 0; i < n; i++) a[i].w = (uint64_t)a[i].len;
      sort_words(a, tmp, n);
      return;
    }
  }
  sort_words(a, tmp, n);
  for (size_t i = 0, j; i < n; i = j) {
    for (j = i + 1; j < n && a[j].w == a[i].w; j++) {}
    sort_keys(arena, a + i, tmp + i, j - i, d + 8);
  }
}

// ---------------------------------------------------------------------------------------------
// N-API glue

#define CHECK(call)                                                                            \
  do {                                                                                         \
    if ((call) != napi_ok) return NULL;                                                        \
  } while (0)

static void finalize_kernel(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Kernel *k = data;
  free(k->batches[0].keys);
  free(k->batches[1].keys);
  free(k->input);
  free(k->slots);
  free(k->arena);
  free(k);
}

static const napi_type_tag KERNEL_TAG = {0x666c6f776c656e73ull, 0x6b65726e656c0001ull};

static Kernel *kernel_of(napi_env env, napi_callback_info info, size_t *argc, napi_value *argv) {
  size_t want = *argc;
  if (napi_get_cb_info(env, info, argc, argv, NULL, NULL) != napi_ok) return NULL;
  void *data = NULL;
  bool tagged = false;
  // The type tag tells a kernel from any other external (a gunzip handle, say).
  if (*argc < 1 || napi_check_object_type_tag(env, argv[0], &KERNEL_TAG, &tagged) != napi_ok ||
      !tagged || napi_get_value_external(env, argv[0], &data) != napi_ok) {
    napi_throw_type_error(env, NULL, "flowlens kernel: not a kernel handle");
    return NULL;
  }
  if (*argc < want) {
    napi_throw_type_error(env, NULL, "flowlens kernel: missing arguments");
    return NULL;
  }
  return data;
}

/** The handle argument and `n - 1` more: declares `k` (returning when it is not a kernel). */
#define KERNEL_ARGS(n)                                                                         \
  size_t argc = (n);                                                                           \
  napi_value argv[(n)];                                                                        \
  Kernel *k = kernel_of(env, info, &argc, argv);                                               \
  if (!k) return NULL

static napi_value num(napi_env env, double v) {
  napi_value out;
  napi_create_double(env, v, &out);
  return out;
}

/** create(): a new kernel handle. */
static napi_value k_create(napi_env env, napi_callback_info info) {
  (void)info;
  Kernel *k = calloc(1, sizeof(Kernel));
  if (!k) goto oom;
  k->batches[0].keys = calloc(BATCH, KEY_ROOM);
  k->batches[1].keys = calloc(BATCH, KEY_ROOM);
  k->input_cap = (2u << 20) + PAD;
  k->input = malloc(k->input_cap + PAD);
  k->slot_cap = 1u << 12;
  k->slots = calloc(k->slot_cap, 8);
  k->arena_cap = 1u << 18;
  k->arena = calloc(1, k->arena_cap);
  if (!k->batches[0].keys || !k->batches[1].keys || !k->input || !k->slots || !k->arena) {
    finalize_kernel(env, k, NULL);
    goto oom;
  }
  k->arena_used = 8; // offset 0 means an empty slot
  k->min_start = INFINITY;
  k->max_end = -INFINITY;
  k->status_col = k->action_col = k->start_col = k->end_col = -1;
  k->packets_col = k->bytes_col = -1;
  napi_value out;
  CHECK(napi_create_external(env, k, finalize_kernel, NULL, &out));
  CHECK(napi_type_tag_object(env, out, &KERNEL_TAG));
  return out;
oom:
  napi_throw_error(env, "FLOW_DIGEST_KERNEL", "the digest kernel ran out of memory");
  return NULL;
}

static bool int_array(napi_env env, napi_value v, int *out, size_t max, size_t *n) {
  napi_typedarray_type type;
  size_t len;
  void *data;
  if (napi_get_typedarray_info(env, v, &type, &len, &data, NULL, NULL) != napi_ok ||
      type != napi_int32_array || len > max)
    return false;
  memcpy(out, data, len * 4);
  *n = len;
  return true;
}

/**
 * configure(k, keyCols: Int32Array(9), numCols: Int32Array, numMax: Float64Array,
 *           addrCols: Int32Array, scalars: Int32Array[width, status, action, start, end,
 *           packets, bytes])
 */
static napi_value k_configure(napi_env env, napi_callback_info info) {
  KERNEL_ARGS(6);
  size_t n_key, n_num, n_addr, n_sc;
  int sc[7];
  int num_cols[MAX_FIELDS];
  int addr_cols[MAX_FIELDS];
  napi_typedarray_type type;
  size_t n_max;
  void *max;
  bool ok = int_array(env, argv[1], k->key_cols, KEY_COLS, &n_key) && n_key == KEY_COLS &&
            int_array(env, argv[2], num_cols, MAX_FIELDS, &n_num) &&
            napi_get_typedarray_info(env, argv[3], &type, &n_max, &max, NULL, NULL) == napi_ok &&
            type == napi_float64_array && n_max == n_num &&
            int_array(env, argv[4], addr_cols, MAX_FIELDS, &n_addr) &&
            int_array(env, argv[5], sc, 7, &n_sc) && n_sc == 7 && sc[0] >= 0 &&
            sc[0] <= MAX_FIELDS;
  for (size_t i = 0; ok && i < n_num; i++) ok = num_cols[i] >= 0 && num_cols[i] < sc[0];
  for (size_t i = 0; ok && i < n_addr; i++) ok = addr_cols[i] >= 0 && addr_cols[i] < sc[0];
  for (int i = 0; ok && i < KEY_COLS; i++) ok = k->key_cols[i] < sc[0];
  for (int i = 1; ok && i < 7; i++) ok = sc[i] < sc[0];
  if (!ok) {
    napi_throw_type_error(env, NULL, "flowlens kernel: bad layout configuration");
    return NULL;
  }
  k->width = sc[0];
  k->status_col = sc[1];
  k->action_col = sc[2];
  k->start_col = sc[3];
  k->end_col = sc[4];
  k->packets_col = sc[5];
  k->bytes_col = sc[6];
  // The column table: what each token is checked for.
  memset(k->col_flags, 0, sizeof k->col_flags);
  for (size_t i = 0; i < n_num; i++) {
    k->col_flags[num_cols[i]] |= COL_NUMBER;
    k->col_max[num_cols[i]] = ((const double *)max)[i];
  }
  for (size_t i = 0; i < n_addr; i++) k->col_flags[addr_cols[i]] |= COL_ADDRESS;
  if (k->action_col >= 0) k->col_flags[k->action_col] |= COL_ACTION;
  if (k->status_col >= 0) k->col_flags[k->status_col] |= COL_STATUS;
  for (int c = 0; c < k->width; c++) {
    int free = 0;
    for (double lim = 9; free < 20 && lim <= k->col_max[c]; lim = lim * 10 + 9) free++;
    k->col_free[c] = (uint8_t)free;
  }
  k->v2 = is_v2(k);
  return NULL;
}

/** setWindow(k, on, start, stop) */
static napi_value k_set_window(napi_env env, napi_callback_info info) {
  KERNEL_ARGS(4);
  napi_get_value_bool(env, argv[1], &k->has_window);
  napi_get_value_double(env, argv[2], &k->win_start);
  napi_get_value_double(env, argv[3], &k->win_stop);
  return NULL;
}

/**
 * Moves the carried partial line to the front of the input and makes room for `len` more bytes
 * after it; false (with an exception pending) when out of memory.
 */
static bool make_room(napi_env env, Kernel *k, size_t len) {
  size_t tail = k->input_len - k->pos;
  if (k->pos > 0 && tail > 0) memmove(k->input, k->input + k->pos, tail);
  k->input_len = tail;
  k->pos = 0;
  if (tail + len > k->input_cap) {
    size_t cap = k->input_cap;
    while (cap < tail + len) cap <<= 1;
    uint8_t *next = realloc(k->input, cap + PAD);
    if (!next) {
      napi_throw_error(env, "FLOW_DIGEST_KERNEL", "the digest kernel ran out of memory");
      return false;
    }
    k->input = next;
    k->input_cap = cap;
  }
  return true;
}

/** The input grew by `len` bytes: the zero padding follows them again. */
static void appended(Kernel *k, size_t len) {
  k->input_len += len;
  memset(k->input + k->input_len, 0, PAD);
}

/** push(k, bytes: Buffer): appends after the carried partial line. */
static napi_value k_push(napi_env env, napi_callback_info info) {
  KERNEL_ARGS(2);
  void *data;
  size_t len;
  if (napi_get_buffer_info(env, argv[1], &data, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "flowlens kernel: push needs a Buffer");
    return NULL;
  }
  if (!make_room(env, k, len)) return NULL;
  memcpy(k->input + k->input_len, data, len);
  appended(k, len);
  return NULL;
}

/**
 * inflate(k, gunzip, max): inflates at most `max` bytes from a native gunzip handle straight
 * after the carried partial line (no copy, no JS buffer); returns the count, 0 when the gunzip
 * needs more input. Faults throw as gunzipRead's do.
 */
static napi_value k_inflate(napi_env env, napi_callback_info info) {
  KERNEL_ARGS(3);
  double max = 0;
  if (napi_get_value_double(env, argv[2], &max) != napi_ok || !(max >= 1) || max > (1u << 30)) {
    napi_throw_range_error(env, NULL, "flowlens kernel: inflate needs 1 to 2^30 bytes of room");
    return NULL;
  }
  size_t room = (size_t)max;
  size_t produced = 0;
  if (!make_room(env, k, room)) return NULL;
  if (!flowlens_gunzip_read_into(env, argv[1], k->input + k->input_len, room, &produced)) {
    appended(k, 0);
    return NULL;
  }
  appended(k, produced);
  return num(env, (double)produced);
}

/** run(k): 1 when stopped at a line for the host (see deferred), else 0. */
static napi_value k_run(napi_env env, napi_callback_info info) {
  KERNEL_ARGS(1);
  int r = run(k);
  if (k->failed) {
    napi_throw_error(env, "FLOW_DIGEST_KERNEL", "the digest kernel ran out of memory");
    return NULL;
  }
  napi_value out;
  napi_create_int32(env, r, &out);
  return out;
}

static napi_value copy_out(napi_env env, const uint8_t *p, size_t n) {
  napi_value out;
  void *dst;
  if (napi_create_buffer_copy(env, n, p, &dst, &out) != napi_ok) return NULL;
  return out;
}

/** deferred(k): a copy of the line run() stopped at (newline excluded). */
static napi_value k_deferred(napi_env env, napi_callback_info info) {
  KERNEL_ARGS(1);
  return copy_out(env, k->input + k->defer_start, k->defer_end - k->defer_start);
}

/** pending(k): bytes carried over (a line without its newline yet). */
static napi_value k_pending(napi_env env, napi_callback_info info) {
  KERNEL_ARGS(1);
  return num(env, (double)(k->input_len - k->pos));
}

/** takePending(k, copy): the carried bytes (a Buffer copy when `copy`), dropped either way. */
static napi_value k_take_pending(napi_env env, napi_callback_info info) {
  KERNEL_ARGS(2);
  bool copy = false;
  napi_get_value_bool(env, argv[1], &copy);
  napi_value out = NULL;
  if (copy) out = copy_out(env, k->input + k->pos, k->input_len - k->pos);
  k->pos = k->input_len;
  return out;
}

/**
 * take(k, out: Float64Array(5)): records, kept and out-of-window counts since the last take
 * (then reset), and the start minimum / end maximum so far.
 */
static napi_value k_take(napi_env env, napi_callback_info info) {
  KERNEL_ARGS(2);
  napi_typedarray_type type;
  size_t len;
  void *data;
  if (napi_get_typedarray_info(env, argv[1], &type, &len, &data, NULL, NULL) != napi_ok ||
      type != napi_float64_array || len < 5) {
    napi_throw_type_error(env, NULL, "flowlens kernel: take needs a Float64Array(5)");
    return NULL;
  }
  double *out = data;
  out[0] = k->records;
  out[1] = k->kept;
  out[2] = k->out_of_window;
  out[3] = k->min_start;
  out[4] = k->max_end;
  k->records = k->kept = k->out_of_window = 0;
  return NULL;
}

/**
 * The distinct field values of the digest's keys (account ids, interfaces, addresses, ports...
 * repeat from group to group), each stored once: the host turns each into one JS string, so a
 * digest of many groups costs few strings.
 */
typedef struct Symbols {
  char *text; // the values, each followed by '\n', then 8 spare bytes (values are read by word)
  size_t len, cap;
  uint32_t *slots; // id + 1, 0 = empty
  uint32_t *offs;  // offset of each id's value in text
  uint32_t *lens;
  uint32_t count, ids_cap, slot_cap;
} Symbols;

static void symbols_free(Symbols *y) {
  free(y->text);
  free(y->slots);
  free(y->offs);
  free(y->lens);
}

static bool symbols_init(Symbols *y) {
  memset(y, 0, sizeof *y);
  y->cap = 1 << 16;
  y->ids_cap = 1 << 12;
  y->slot_cap = 1 << 13;
  y->text = malloc(y->cap + 8);
  y->offs = malloc(y->ids_cap * 4);
  y->lens = malloc(y->ids_cap * 4);
  y->slots = calloc(y->slot_cap, 4);
  return y->text && y->offs && y->lens && y->slots;
}

/** The first `n` (1 to 8) bytes of a word loaded from memory, the others zeroed. */
static inline uint64_t head_bytes(uint64_t w, size_t n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return w & (~0ull << (64 - 8 * n));
#else
  return w & (~0ull >> (64 - 8 * n));
#endif
}

/** Whether [a, a + n) and [b, b + n) are equal, compared by word (both readable 8 bytes on). */
static inline bool same_bytes(const uint8_t *a, const uint8_t *b, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    if (load64(a + i) != load64(b + i)) return false;
  }
  return i == n || head_bytes(load64(a + i) ^ load64(b + i), n - i) == 0;
}

/** Hash of [p, p + n), a word at a time (readable 8 bytes further). */
static uint32_t symbol_hash(const uint8_t *p, size_t n) {
  uint64_t h = n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) h = mix(h, load64(p + i));
  if (i < n) h = mix(h, head_bytes(load64(p + i), n - i));
  h = fold_mul(h, 0x94d049bb133111ebull);
  return (uint32_t)(h ^ (h >> 32));
}

static bool symbols_grow(Symbols *y) {
  uint32_t cap = y->slot_cap << 1;
  uint32_t *next = calloc(cap, 4);
  uint32_t *offs = realloc(y->offs, (size_t)y->ids_cap * 2 * 4);
  if (offs) y->offs = offs;
  uint32_t *lens = realloc(y->lens, (size_t)y->ids_cap * 2 * 4);
  if (lens) y->lens = lens;
  if (!next || !offs || !lens) {
    free(next);
    return false;
  }
  y->ids_cap *= 2;
  for (uint32_t id = 0; id < y->count; id++) {
    uint32_t s = symbol_hash((const uint8_t *)y->text + y->offs[id], y->lens[id]) & (cap - 1);
    while (next[s]) s = (s + 1) & (cap - 1);
    next[s] = id + 1;
  }
  free(y->slots);
  y->slots = next;
  y->slot_cap = cap;
  return true;
}

/** The id of the value [p, p + n), added when new; -1 when out of memory. */
static int64_t symbol(Symbols *y, const uint8_t *p, size_t n) {
  uint32_t mask = y->slot_cap - 1;
  uint32_t s = symbol_hash(p, n) & mask;
  for (uint32_t v; (v = y->slots[s]) != 0; s = (s + 1) & mask) {
    if (y->lens[v - 1] == n && same_bytes((const uint8_t *)y->text + y->offs[v - 1], p, n)) {
      return v - 1;
    }
  }
  if (y->len + n + 1 > y->cap) {
    size_t cap = y->cap;
    while (cap < y->len + n + 1) cap <<= 1;
    char *text = realloc(y->text, cap + 8);
    if (!text) return -1;
    y->text = text;
    y->cap = cap;
  }
  uint32_t id = y->count++;
  y->offs[id] = (uint32_t)y->len;
  y->lens[id] = (uint32_t)n;
  memcpy(y->text + y->len, p, n);
  y->len += n;
  y->text[y->len++] = '\n';
  y->slots[s] = id + 1;
  if (y->count * 2 > y->slot_cap && !symbols_grow(y)) return -1;
  return id;
}

/** The first space in [p, end), or `end`; bytes past `end` are readable (see insert()). */
static inline const uint8_t *next_space(const uint8_t *p, const uint8_t *end) {
  for (; p < end; p += 8) {
    // Bytes of the word equal to a space become 0x80, the others 0 (no carry between bytes).
    uint64_t x = load64(p) ^ 0x2020202020202020ull;
    uint64_t low = 0x7f7f7f7f7f7f7f7full;
    uint64_t m = ~(((x & low) + low) | x | low);
    if (m == 0) continue;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    p += __builtin_clzll(m) >> 3;
#else
    p += __builtin_ctzll(m) >> 3;
#endif
    return p < end ? p : end;
  }
  return end;
}

/** Record offsets of the groups: in key order when every key is ASCII, else in insertion order. */
static uint32_t *group_order(Kernel *k, bool sorted) {
  uint32_t n = k->groups;
  uint32_t *order = malloc((size_t)(n ? n : 1) * 4);
  SortKey *keys = sorted ? malloc((size_t)(n ? n : 1) * 2 * sizeof(SortKey)) : NULL;
  if (!order || (sorted && !keys)) {
    free(order);
    return NULL;
  }
  size_t off = 8;
  for (uint32_t g = 0; g < n; g++) {
    int32_t len;
    memcpy(&len, k->arena + off + 16, 4);
    order[g] = (uint32_t)off;
    if (keys) keys[g] = (SortKey){0, (uint32_t)off, len};
    off += (size_t)(REC_HEAD + len + 7) & ~(size_t)7;
  }
  if (keys) {
    sort_keys(k->arena, keys, keys + n, n, 0);
    for (uint32_t g = 0; g < n; g++) order[g] = keys[g].off;
    free(keys);
  }
  return order;
}

/** How far ahead k_groups() prefetches records. */
#define GROUPS_AHEAD 8

/**
 * groups(k): { values: string, fields: Int32Array, sums: Float64Array, sorted: boolean }.
 * Group g's key is the values numbered fields[9g .. 9g + 8] (`values` holds each distinct
 * field value once, each followed by a newline); sums[2g], sums[2g + 1] are its packets and
 * bytes. Groups come in key order when `sorted` (all keys ASCII: byte order is JS's string
 * order), else in insertion order.
 */
static napi_value k_groups(napi_env env, napi_callback_info info) {
  KERNEL_ARGS(1);
  uint32_t n = k->groups;
  bool sorted = !k->non_ascii;
  Symbols y;
  bool ok = symbols_init(&y);
  uint32_t *order = ok ? group_order(k, sorted) : NULL;
  napi_value sums_ab, fields_ab, sums, fields, values, out, flag;
  double *sum = NULL;
  int32_t *field = NULL;
  ok = order && napi_create_arraybuffer(env, (size_t)n * 16, (void **)&sum, &sums_ab) == napi_ok &&
       napi_create_arraybuffer(env, (size_t)n * KEY_COLS * 4, (void **)&field, &fields_ab) ==
           napi_ok;
  // Each field of the group before: a field equal to it (most are, keys being sorted) has its id.
  const uint8_t *prev[KEY_COLS];
  size_t prev_len[KEY_COLS];
  for (uint32_t g = 0; ok && g < n; g++) {
    // In key order, records are read all over the arena: each is prefetched some groups ahead.
    if (g + GROUPS_AHEAD < n) {
      __builtin_prefetch(k->arena + order[g + GROUPS_AHEAD]);
      __builtin_prefetch(k->arena + order[g + GROUPS_AHEAD] + 64);
    }
    const uint8_t *rec = k->arena + order[g];
    int32_t len;
    memcpy(&len, rec + 16, 4);
    const uint8_t *key = rec + REC_HEAD;
    const uint8_t *end = key + len;
    int32_t *ids = field + (size_t)g * KEY_COLS;
    for (int f = 0; ok && f < KEY_COLS; f++) {
      const uint8_t *sp = f < KEY_COLS - 1 ? next_space(key, end) : end;
      size_t flen = (size_t)(sp - key);
      if (g > 0 && prev_len[f] == flen && same_bytes(prev[f], key, flen)) {
        ids[f] = ids[f - KEY_COLS];
      } else {
        int64_t id = symbol(&y, key, flen);
        ok = id >= 0;
        ids[f] = (int32_t)id;
      }
      prev[f] = key;
      prev_len[f] = flen;
      key = sp < end ? sp + 1 : end;
    }
    memcpy(&sum[2 * g], rec, 8);
    memcpy(&sum[2 * g + 1], rec + 8, 8);
  }
  free(order);
  if (!ok) {
    symbols_free(&y);
    napi_throw_error(env, "FLOW_DIGEST_KERNEL", "the digest kernel ran out of memory");
    return NULL;
  }
  napi_status st = sorted ? napi_create_string_latin1(env, y.text, y.len, &values)
                          : napi_create_string_utf8(env, y.text, y.len, &values);
  symbols_free(&y);
  CHECK(st);
  CHECK(napi_create_typedarray(env, napi_float64_array, (size_t)n * 2, sums_ab, 0, &sums));
  CHECK(napi_create_typedarray(env, napi_int32_array, (size_t)n * KEY_COLS, fields_ab, 0, &fields));
  CHECK(napi_create_object(env, &out));
  CHECK(napi_get_boolean(env, sorted, &flag));
  CHECK(napi_set_named_property(env, out, "values", values));
  CHECK(napi_set_named_property(env, out, "fields", fields));
  CHECK(napi_set_named_property(env, out, "sums", sums));
  CHECK(napi_set_named_property(env, out, "sorted", flag));
  return out;
}

napi_status flowlens_kernel_init(napi_env env, napi_value exports) {
  static const struct {
    const char *name;
    napi_callback fn;
  } fns[] = {
      {"kernelCreate", k_create},   {"kernelConfigure", k_configure},
      {"kernelSetWindow", k_set_window}, {"kernelPush", k_push}, {"kernelInflate", k_inflate},
      {"kernelRun", k_run},         {"kernelDeferred", k_deferred},
      {"kernelPending", k_pending}, {"kernelTakePending", k_take_pending},
      {"kernelTake", k_take},       {"kernelGroups", k_groups},
  };
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    napi_value f;
    napi_status st = napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, NULL, &f);
    if (st != napi_ok) return st;
    st = napi_set_named_property(env, exports, fns[i].name, f);
    if (st != napi_ok) return st;
  }
  return napi_ok;
}
