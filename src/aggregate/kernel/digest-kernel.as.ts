// AssemblyScript source of the digest kernel (compiled to digest-kernel.wasm by
// `npm run build:kernel`; `digest-kernel.test.ts` checks the committed binary matches this file).
//
// The kernel is the digest's fast path: it splits a buffer of decompressed bytes into lines and,
// for every line it can prove is an ordinary valid flow of the current layout, does everything
// the JS path would (validate, window filter, project onto the v2 key with port normalisation,
// sum packets and bytes per key, track the global start/end). Any other line (header, NODATA,
// SKIPDATA, anything invalid or unusual) is *deferred*: `run` stops and returns 1, and the host
// hands the line to the JS parser, which decides and counts it. The kernel never decides a skip,
// so its results equal the JS path's by construction; the differential tests check it.

const MAX_FIELDS: i32 = 256;
const NL: u8 = 10;
const CR: u8 = 13;
const SPACE: u8 = 32;
const TAB: u8 = 9;
const DASH: u8 = 45;
const MS_THRESHOLD: f64 = 1e11;
/** Lines longer than this are deferred (each batched key has this much room). */
const MAX_FAST_LINE: i32 = 4000;
const KEY_ROOM: i32 = 4096;
/**
 * Keys are added to the table in batches: the slots and records of a whole batch are touched
 * first, with independent loads the CPU overlaps, so a large table costs one round of cache
 * misses per batch instead of one per line.
 */
const BATCH: i32 = 16;
/** Key columns, in key order (see digester.ts). */
const KEY_COLS: i32 = 9;
const SPORT: i32 = 4;
const DPORT: i32 = 5;
const STATUS: i32 = 8;

// ---- layout configuration (set by the host per layout) ----
let width: i32 = 0;
// Fixed-size regions are static (`memory.data`): their addresses are constants, which lets
// every load and store fold the base into its offset.
const keyCols = memory.data(KEY_COLS * 4, 16); // i32[KEY_COLS]
let numCount: i32 = 0;
const numCols = memory.data(MAX_FIELDS * 4, 16); // i32[MAX_FIELDS]
const numMax = memory.data(MAX_FIELDS * 8, 16); // f64[MAX_FIELDS]
let addrCount: i32 = 0;
const addrCols = memory.data(8 * 4, 16); // i32[8]
let statusCol: i32 = -1;
let actionCol: i32 = -1;
let startCol: i32 = -1;
let endCol: i32 = -1;
let packetsCol: i32 = -1;
let bytesCol: i32 = -1;
let hasWindow: bool = false;
let winStart: f64 = 0;
let winStop: f64 = 0;

// ---- per-line scratch ----
const starts = memory.data((MAX_FIELDS + 1) * 4, 16); // i32[MAX_FIELDS + 1]
const ends = memory.data((MAX_FIELDS + 1) * 4, 16); // i32[MAX_FIELDS + 1]
// f64[MAX_FIELDS]: numeric value of each numeric column, -1 for `-`
const vals = memory.data(MAX_FIELDS * 8, 16);
const keys = memory.data(BATCH * KEY_ROOM, 16); // the batch's keys, KEY_ROOM bytes each
const batchLen = memory.data(BATCH * 4, 16); // i32[BATCH]
const batchHash = memory.data(BATCH * 4, 16); // u32[BATCH]
const batchA = memory.data(BATCH * 8, 16); // f64[BATCH]
const batchB = memory.data(BATCH * 8, 16); // f64[BATCH]
let batched: i32 = 0;
/** Sink for the touching loads, so the optimiser keeps them. */
let touched: u64 = 0;

// ---- input ----
/**
 * The host copies at most 1 MiB per call after a carried partial line of at most 1 MiB (it
 * drops longer ones), so the input never needs more than this.
 */
const INPUT_CAP: i32 = (2 << 20) + 65536;
const input = memory.data(INPUT_CAP + 16, 16);
let inputLen: i32 = 0;
let pos: i32 = 0;
let deferStart: i32 = 0;
let deferEnd: i32 = 0;

// ---- counters, read and reset by the host ----
let records: i32 = 0;
let kept: i32 = 0;
let outOfWindow: i32 = 0;
let minStart: f64 = Infinity;
let maxEnd: f64 = -Infinity;

// ---- the table: open addressing; each slot holds (hash << 32 | record offset), 0 = empty ----
// A record in the arena: packets f64 | bytes f64 | key length i32 | hash u32 | key, padded to 8.
// Keeping the sums, the length and the key together means one or two cache lines per lookup.
let slots: usize = 0; // u64[slotCap]
let slotCap: i32 = 0;
let gCount: i32 = 0;
/** Set when a key has a byte over 0x7f: byte order may then differ from JS string order. */
let nonAscii: bool = false;
let arena: usize = 0;
let arenaUsed: i32 = 0;
let arenaCap: i32 = 0;
const REC_HEAD: i32 = 24;

function alloc(bytes: i32): usize {
  // Padded so 8- and 16-byte loads near the end of any region stay in bounds.
  return heap.alloc(<usize>(bytes + 16));
}

export function init(): void {
  slotCap = 1 << 12;
  slots = alloc(slotCap * 8);
  memory.fill(slots, 0, <usize>slotCap * 8);
  arenaCap = 1 << 18;
  arena = alloc(arenaCap);
  arenaUsed = 8; // offset 0 means an empty slot
}

// ---- configuration API ----

export function configPtrs(which: i32): usize {
  if (which == 0) return keyCols;
  if (which == 1) return numCols;
  if (which == 2) return numMax;
  return addrCols;
}

export function configure(
  w: i32,
  nNum: i32,
  nAddr: i32,
  status: i32,
  action: i32,
  start: i32,
  end: i32,
  packets: i32,
  bytes: i32,
): void {
  width = w;
  numCount = nNum;
  addrCount = nAddr;
  statusCol = status;
  actionCol = action;
  startCol = start;
  endCol = end;
  packetsCol = packets;
  bytesCol = bytes;
}

export function setWindow(on: bool, start: f64, stop: f64): void {
  hasWindow = on;
  winStart = start;
  winStop = stop;
}

// ---- input API ----

/** Makes room for `n` more input bytes after the carried tail; returns where to write them. */
export function inputReserve(n: i32): usize {
  const tail = inputLen - pos;
  if (pos > 0 && tail > 0) {
    memory.copy(input, input + <usize>pos, <usize>tail);
  }
  inputLen = tail;
  pos = 0;
  if (tail + n > INPUT_CAP) abort();
  return input + <usize>tail;
}

export function inputCommit(n: i32): void {
  inputLen += n;
}

/** Bytes carried over (a line without its newline yet). */
export function pending(): i32 {
  return inputLen - pos;
}

export function pendingPtr(): usize {
  return input + <usize>pos;
}

/** Drops the carried bytes (the host took them, or skipped an overlong line). */
export function dropPending(): void {
  pos = inputLen;
}

export function deferredStart(): usize {
  return input + <usize>deferStart;
}

export function deferredEnd(): usize {
  return input + <usize>deferEnd;
}

// ---- counters API ----

export function takeRecords(): i32 {
  const r = records;
  records = 0;
  return r;
}

export function takeKept(): i32 {
  const r = kept;
  kept = 0;
  return r;
}

export function takeOutOfWindow(): i32 {
  const r = outOfWindow;
  outOfWindow = 0;
  return r;
}

export function startMin(): f64 {
  return minStart;
}

export function endMax(): f64 {
  return maxEnd;
}

// ---- table API (read by the host at the end): records in insertion order, or sorted ----

/**
 * Sorts the record offsets by key bytes and returns where they are (i32[groups()]), or 0 when
 * some key is not ASCII (then only JS's string order is the digest's order, and the host sorts).
 * For ASCII keys byte order is the order JS's `<` gives.
 */
export function sortedGroups(): usize {
  if (nonAscii) return 0;
  const n = gCount;
  const order = alloc(n * 4);
  for (let g = 0, off = firstGroup(); g < n; g++, off = nextGroup(off)) {
    store<i32>(order + (<usize>g << 2), off);
  }
  quicksort(order, 0, n - 1);
  return order;
}

/**
 * Key order of two records, whole big-endian words at a time. Keys are zero-padded and hold no
 * zero byte, so a shorter key that is a prefix of a longer one sorts first, and two keys differ
 * within the shorter one's padded length unless they are the same record.
 */
function keyLess(a: i32, b: i32): bool {
  const ka = arena + <usize>a + REC_HEAD;
  const kb = arena + <usize>b + REC_HEAD;
  const n = <usize>max(load<i32>(ka - 8), load<i32>(kb - 8));
  for (let i: usize = 0; i < n; i += 8) {
    const x = load<u64>(ka + i);
    const y = load<u64>(kb + i);
    if (x != y) return bswap<u64>(x) < bswap<u64>(y);
  }
  return false;
}

@inline
function at(order: usize, i: i32): i32 {
  return load<i32>(order + (<usize>i << 2));
}

@inline
function put(order: usize, i: i32, v: i32): void {
  store<i32>(order + (<usize>i << 2), v);
}

/** Quicksort (median of three, recursing into the smaller side), insertion sort below 16. */
function quicksort(order: usize, lo: i32, hi: i32): void {
  while (hi - lo > 16) {
    const mid = lo + ((hi - lo) >> 1);
    if (keyLess(at(order, mid), at(order, lo))) swap(order, mid, lo);
    if (keyLess(at(order, hi), at(order, lo))) swap(order, hi, lo);
    if (keyLess(at(order, hi), at(order, mid))) swap(order, hi, mid);
    const pivot = at(order, mid);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (keyLess(at(order, i), pivot)) i++;
      while (keyLess(pivot, at(order, j))) j--;
      if (i <= j) {
        swap(order, i, j);
        i++;
        j--;
      }
    }
    if (j - lo < hi - i) {
      quicksort(order, lo, j);
      lo = i;
    } else {
      quicksort(order, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const v = at(order, i);
    let j = i - 1;
    while (j >= lo && keyLess(v, at(order, j))) {
      put(order, j + 1, at(order, j));
      j--;
    }
    put(order, j + 1, v);
  }
}

@inline
function swap(order: usize, i: i32, j: i32): void {
  const t = at(order, i);
  put(order, i, at(order, j));
  put(order, j, t);
}

export function groups(): i32 {
  return gCount;
}

/** Offset of the first record (pass it to the accessors below). */
export function firstGroup(): i32 {
  return 8;
}

export function nextGroup(off: i32): i32 {
  return off + ((REC_HEAD + load<i32>(arena + <usize>off + 16) + 7) & ~7);
}

export function groupKey(off: i32): usize {
  return arena + <usize>off + REC_HEAD;
}

export function groupKeyLen(off: i32): i32 {
  return load<i32>(arena + <usize>off + 16);
}

export function groupA(off: i32): f64 {
  return load<f64>(arena + <usize>off);
}

export function groupB(off: i32): f64 {
  return load<f64>(arena + <usize>off + 8);
}

// ---- the loop ----

/** Index of the next newline at or after `from`, or -1. */
@inline
function findNewline(from: i32, to: i32): i32 {
  const nl = i8x16.splat(NL);
  let i = from;
  while (i + 16 <= to) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(input + <usize>i), nl));
    if (m != 0) return i + ctz<i32>(m);
    i += 16;
  }
  while (i < to) {
    if (load<u8>(input + <usize>i) == NL) return i;
    i++;
  }
  return -1;
}

/**
 * Processes complete lines from the current position. Returns 1 when it stopped at a line the
 * host must handle ([deferredStart, deferredEnd), newline excluded), 0 when only an incomplete
 * line (or nothing) is left.
 */
export function run(): i32 {
  let p = pos;
  const end = inputLen;
  while (p < end) {
    const nl = findNewline(p, end);
    if (nl < 0) break;
    if (!fastLine(p, nl)) {
      flush();
      deferStart = p;
      deferEnd = nl;
      pos = nl + 1;
      return 1;
    }
    p = nl + 1;
  }
  flush();
  pos = p;
  return 0;
}

@inline
function startOf(k: i32): i32 {
  return load<i32>(starts + (<usize>k << 2));
}

@inline
function endOf(k: i32): i32 {
  return load<i32>(ends + (<usize>k << 2));
}

@inline
function byteAt(i: i32): u32 {
  return <u32>load<u8>(input + <usize>i);
}

/**
 * Splits [s, e) on spaces/tabs, 16 bytes at a time: bit masks of separator bytes give token
 * starts (a non-separator after a separator) and ends (the reverse). Returns the token count,
 * or -1 when the line has control bytes or more than `width` tokens (the host decides).
 */
function tokenize(s: i32, e: i32): i32 {
  const space = i8x16.splat(SPACE);
  const tab = i8x16.splat(TAB);
  const del = i8x16.splat(127);
  const ctl = i8x16.splat(32);
  let nS = 0;
  let nE = 0;
  let prevSep: u32 = 1; // the byte before the line counts as a separator
  for (let i = s; i < e; i += 16) {
    const v = v128.load(input + <usize>i);
    const isTab = i8x16.eq(v, tab);
    const sepV = v128.or(i8x16.eq(v, space), isTab);
    const junkV = v128.andnot(v128.or(i8x16.lt_u(v, ctl), i8x16.eq(v, del)), isTab);
    const rest = e - i;
    const valid: u32 = rest >= 16 ? 0xffff : (<u32>1 << <u32>rest) - 1;
    if ((<u32>i8x16.bitmask(junkV) & valid) != 0) return -1;
    const sep = (<u32>i8x16.bitmask(sepV) & valid) | ~valid & 0xffff;
    const before = ((sep << 1) | prevSep) & 0xffff;
    let st = ~sep & before & 0xffff;
    let en = sep & ~before & 0xffff;
    prevSep = sep >> 15;
    while (st != 0) {
      if (nS == width) return -1;
      store<i32>(starts + (<usize>nS << 2), i + ctz<i32>(<i32>st));
      nS++;
      st &= st - 1;
    }
    while (en != 0) {
      store<i32>(ends + (<usize>nE << 2), i + ctz<i32>(<i32>en));
      nE++;
      en &= en - 1;
    }
  }
  if (nE < nS) {
    store<i32>(ends + (<usize>nE << 2), e);
  }
  return nS;
}

/** A line whose tokens could all be field names is possibly a header: the host decides. */
function maybeHeader(n: i32): bool {
  const first = byteAt(startOf(0));
  if (!((first >= 97 && first <= 122) || first == 36)) return false;
  for (let k = 0; k < n; k++) {
    const c = byteAt(startOf(k));
    if ((c >= 48 && c <= 57) || c == DASH) return false;
  }
  return true;
}

/** Case-insensitive match of token k with an upper-case ASCII word of 2, 6 letters. */
@inline
function isOk(k: i32): bool {
  const s = startOf(k);
  return endOf(k) - s == 2 && (byteAt(s) & 0xdf) == 79 && (byteAt(s + 1) & 0xdf) == 75;
}

function isAction(k: i32): bool {
  const s = startOf(k);
  const len = endOf(k) - s;
  if (len == 1) return byteAt(s) == DASH;
  if (len != 6) return false;
  const a = byteAt(s) & 0xdf;
  const b = byteAt(s + 1) & 0xdf;
  const c = byteAt(s + 2) & 0xdf;
  const d = byteAt(s + 3) & 0xdf;
  const e = byteAt(s + 4) & 0xdf;
  const f = byteAt(s + 5) & 0xdf;
  // ACCEPT / REJECT
  if (a == 65 && b == 67 && c == 67 && d == 69 && e == 80 && f == 84) return true;
  return a == 82 && b == 69 && c == 74 && d == 69 && e == 67 && f == 84;
}

/**
 * The first `len` (1 to 8) bytes at `p` as a decimal number, or -1 when one is not a digit.
 * SWAR: the token is shifted to the top of a 64-bit word, the vacated bytes read as leading
 * '0's, and three multiplications combine the digits pairwise (it may read up to 7 bytes past
 * the token; every region is padded).
 */
@inline
function digits(p: usize, len: i32): i64 {
  const shift = <u64>((8 - len) << 3);
  const w = (load<u64>(p) << shift) | (0x3030303030303030 & ((<u64>1 << shift) - 1));
  const hi = w & 0xf0f0f0f0f0f0f0f0;
  const hi6 = (w + 0x0606060606060606) & 0xf0f0f0f0f0f0f0f0;
  if ((hi | (hi6 >> 4)) != 0x3333333333333333) return -1;
  let d = w - 0x3030303030303030;
  d = (d * 10 + (d >> 8)) & 0x00ff00ff00ff00ff;
  d = (d * 100 + (d >> 16)) & 0x0000ffff0000ffff;
  d = (d * 10000 + (d >> 32)) & 0xffffffff;
  return <i64>d;
}

/** Value of a numeric token: -1 for `-`, -2 when it is not a plain decimal (host decides). */
function numberAt(k: i32): f64 {
  const s = startOf(k);
  const len = endOf(k) - s;
  const p = input + <usize>s;
  if (len <= 8) {
    const v = digits(p, len);
    if (v >= 0) return <f64>v;
    return len == 1 && load<u8>(p) == DASH ? -1 : -2;
  }
  if (len > 15) return bigNumberAt(s, s + len);
  // Up to 15 digits are exact in an integer and in a double alike.
  const hi = digits(p, len - 8);
  const lo = digits(p + <usize>(len - 8), 8);
  return hi < 0 || lo < 0 ? -2 : <f64>(hi * 100000000 + lo);
}

/** 16 to 20 digits, accumulated in a double exactly as the JS parser does. */
function bigNumberAt(s: i32, e: i32): f64 {
  if (e - s > 20) return -2;
  let v: f64 = 0;
  for (let i = s; i < e; i++) {
    const d = byteAt(i) - 48;
    if (d > 9) return -2;
    v = v * 10 + <f64>d;
  }
  return v;
}

function isIpv4(s: i32, e: i32): bool {
  let parts = 0;
  let i = s;
  while (i < e) {
    const p = i;
    let v: u32 = 0;
    while (i < e) {
      const d = byteAt(i) - 48;
      if (d > 9) break;
      v = v * 10 + d;
      i++;
      if (i - p > 3) return false;
    }
    const len = i - p;
    if (len == 0 || v > 255 || (len > 1 && byteAt(p) == 48)) return false;
    parts++;
    if (i == e) break;
    if (byteAt(i) != 46 || parts == 4) return false;
    i++;
    if (i == e) return false;
  }
  return parts == 4;
}

@inline
function isHex(c: u32): bool {
  return c - 48 <= 9 || (c | 0x20) - 97 <= 5;
}

function isIpv6(s: i32, e: i32): bool {
  if (e - s < 2 || e - s > 45) return false;
  let i = s;
  let groups = 0;
  let compressed = false;
  if (byteAt(i) == 58) {
    if (byteAt(i + 1) != 58) return false;
    compressed = true;
    i += 2;
  }
  while (i < e) {
    let j = i;
    while (j < e && isHex(byteAt(j))) j++;
    if (j < e && byteAt(j) == 46) {
      if (!isIpv4(i, e)) return false;
      groups += 2;
      break;
    }
    if (j == i || j - i > 4) return false;
    groups++;
    i = j;
    if (i == e) break;
    if (byteAt(i) != 58) return false;
    i++;
    if (i == e) return false;
    if (byteAt(i) == 58) {
      if (compressed) return false;
      compressed = true;
      i++;
    }
  }
  return compressed ? groups <= 7 : groups == 8;
}

/**
 * A dotted quad of 7 to 15 bytes, checked with one 16-byte load: only digits and exactly three
 * dots, then each group of one to three digits without a leading zero and at most 255. Same
 * answers as {@link isIpv4} (the differential tests compare both paths).
 */
function isIpv4Quad(s: i32, len: i32): bool {
  const v = v128.load(input + <usize>s);
  const valid: u32 = (<u32>1 << <u32>len) - 1;
  const dots = <u32>i8x16.bitmask(i8x16.eq(v, i8x16.splat(46))) & valid;
  const nums = <u32>i8x16.bitmask(i8x16.lt_u(i8x16.sub(v, i8x16.splat(48)), i8x16.splat(10)));
  if ((dots | (nums & valid)) != valid || popcnt<u32>(dots) != 3) return false;
  let m = dots | (<u32>1 << <u32>len);
  let from = 0;
  for (let g = 0; g < 4; g++) {
    const at = <i32>ctz<u32>(m);
    m &= m - 1;
    const n = at - from;
    const p = input + <usize>(s + from);
    if (n == 1) {
      // a single digit is always fine
    } else if (n == 2) {
      if (load<u8>(p) == 48) return false;
    } else if (n == 3) {
      const a = <u32>load<u8>(p) - 48;
      if (a == 0) return false;
      if (a * 100 + (<u32>load<u8>(p + 1) - 48) * 10 + (<u32>load<u8>(p + 2) - 48) > 255) {
        return false;
      }
    } else {
      return false;
    }
    from = at + 1;
  }
  return true;
}

function isAddress(k: i32): bool {
  const s = startOf(k);
  const e = endOf(k);
  const len = e - s;
  if (len == 1 && byteAt(s) == DASH) return true;
  if (len <= 16) {
    const colons = i8x16.bitmask(i8x16.eq(v128.load(input + <usize>s), i8x16.splat(58)));
    if ((<u32>colons & ((<u32>1 << <u32>len) - 1)) != 0) return isIpv6(s, e);
    return len >= 7 && len <= 15 && isIpv4Quad(s, len);
  }
  for (let i = s; i < e; i++) {
    if (byteAt(i) == 58) return isIpv6(s, e);
  }
  return false; // no colon and longer than any dotted quad
}

/** Numeric value of column `col` (already validated), -1 when absent or `-`. */
@inline
function valueOf(col: i32): f64 {
  return col < 0 ? -1 : load<f64>(vals + (<usize>col << 3));
}

@inline
function timeOf(col: i32): f64 {
  const v = valueOf(col);
  return v > MS_THRESHOLD ? Math.floor(v / 1000) : v;
}

/** Validates every typed column; false when the host must look at the line. */
function validate(): bool {
  for (let i = 0; i < numCount; i++) {
    const col = load<i32>(numCols + (<usize>i << 2));
    const v = numberAt(col);
    if (v == -2 || !(v <= load<f64>(numMax + (<usize>i << 3)))) return false;
    store<f64>(vals + (<usize>col << 3), v);
  }
  for (let i = 0; i < addrCount; i++) {
    if (!isAddress(load<i32>(addrCols + (<usize>i << 2)))) return false;
  }
  return actionCol < 0 || isAction(actionCol);
}

/** Handles [s, e) (newline excluded) if it is an ordinary flow; false to defer it. */
function fastLine(s: i32, e: i32): bool {
  if (e - s > MAX_FAST_LINE) return false;
  if (e > s && byteAt(e - 1) == CR) e--;
  const n = tokenize(s, e);
  if (n == 0) return true; // blank: the JS path ignores it too
  if (n != width || maybeHeader(n)) return false;
  if (statusCol >= 0 && !isOk(statusCol)) return false;
  if (!validate()) return false;
  const t = timeOf(startCol);
  if (hasWindow) {
    if (t < 0) return false; // no start time: the host counts it
    if (t < winStart || t >= winStop) {
      records++;
      outOfWindow++;
      return true;
    }
  }
  records++;
  kept++;
  queue();
  if (t >= 0 && t < minStart) minStart = t;
  const te = timeOf(endCol);
  if (te >= 0 && te > maxEnd) maxEnd = te;
  return true;
}

// ---- key assembly ----

function writeInt(p: usize, v: f64): usize {
  if (v < 0) {
    store<u8>(p, DASH);
    return p + 1;
  }
  let x = <u32>v;
  let digits: usize = 1;
  for (let t = x; t >= 10; t /= 10) digits++;
  for (let q = p + digits - 1; q >= p; q--) {
    store<u8>(q, <u8>(48 + (x % 10)));
    x /= 10;
    if (q == p) break;
  }
  return p + digits;
}

function copyToken(p: usize, col: i32): usize {
  if (col < 0) {
    store<u8>(p, DASH);
    return p + 1;
  }
  const src = input + <usize>startOf(col);
  const len = <usize>(endOf(col) - startOf(col));
  // Whole words: bytes past the token are overwritten by what follows (the key has room).
  for (let j: usize = 0; j < len; j += 8) store<u64>(p + j, load<u64>(src + j));
  return p + len;
}

/** Writes the v2 key of the current line at `key`; returns its length. */
function writeKey(key: usize): i32 {
  const sp = valueOf(load<i32>(keyCols + (<usize>SPORT << 2)));
  const dp = valueOf(load<i32>(keyCols + (<usize>DPORT << 2)));
  const both = sp >= 0 && dp >= 0;
  let p = key;
  for (let f = 0; f < KEY_COLS; f++) {
    if (f > 0) {
      store<u8>(p, SPACE);
      p++;
    }
    const col = load<i32>(keyCols + (<usize>f << 2));
    if (f == SPORT) {
      p = writeInt(p, both && sp >= dp ? 0 : sp);
    } else if (f == DPORT) {
      p = writeInt(p, both && sp < dp ? 0 : dp);
    } else if (f == STATUS && col < 0) {
      store<u8>(p, 79);
      store<u8>(p + 1, 75);
      p += 2;
    } else {
      p = copyToken(p, col);
    }
  }
  // Zero the bytes after the key so whole-word hashing and comparison see a clean tail.
  store<u64>(p, 0);
  return <i32>(p - key);
}

/** Puts the current line's key and counters in the batch; adds the batch when it is full. */
function queue(): void {
  const i = <usize>batched;
  const key = keys + i * <usize>KEY_ROOM;
  const len = writeKey(key);
  store<i32>(batchLen + (i << 2), len);
  store<u32>(batchHash + (i << 2), <u32>hashKey(key, len));
  const a = valueOf(packetsCol);
  const b = valueOf(bytesCol);
  store<f64>(batchA + (i << 3), a < 0 ? 0 : a);
  store<f64>(batchB + (i << 3), b < 0 ? 0 : b);
  if (++batched == BATCH) flush();
}

/** Adds the batched keys: first touch every slot, then every record, then add one by one. */
function flush(): void {
  const n = <usize>batched;
  if (n == 0) return;
  const mask = slotCap - 1;
  let sink: u64 = 0;
  for (let i: usize = 0; i < n; i++) {
    const h = load<u32>(batchHash + (i << 2));
    sink ^= load<u64>(slots + (<usize>(<i32>h & mask) << 3));
  }
  for (let i: usize = 0; i < n; i++) {
    const h = load<u32>(batchHash + (i << 2));
    const v = load<u64>(slots + (<usize>(<i32>h & mask) << 3));
    if (v != 0) {
      const off = <u32>v;
      sink ^= load<u64>(arena + <usize>off);
      if (off + 72 <= <u32>arenaUsed) sink ^= load<u64>(arena + <usize>off + 64);
    }
  }
  touched ^= sink;
  for (let i: usize = 0; i < n; i++) {
    add(
      keys + i * <usize>KEY_ROOM,
      load<i32>(batchLen + (i << 2)),
      load<u32>(batchHash + (i << 2)),
      load<f64>(batchA + (i << 3)),
      load<f64>(batchB + (i << 3)),
    );
  }
  batched = 0;
}

// ---- hashing and the table ----

@inline
function mix(h: u64, w: u64): u64 {
  h ^= w;
  h *= 0x9e3779b97f4a7c15;
  return h ^ (h >> 29);
}

function hashKey(key: usize, len: i32): u64 {
  let h: u64 = 0xcbf29ce484222325 ^ <u64>len;
  // Whole words: the key is zero-padded by writeKey.
  for (let i = 0; i < len; i += 8) h = mix(h, load<u64>(key + <usize>i));
  return h ^ (h >> 32);
}

function sameKey(rec: usize, key: usize, len: i32): bool {
  if (load<i32>(rec + 16) != len) return false;
  const a = rec + REC_HEAD;
  for (let i = 0; i < len; i += 8) {
    // Both keys are zero-padded to a multiple of 8 bytes.
    if (load<u64>(a + <usize>i) != load<u64>(key + <usize>i)) return false;
  }
  return true;
}

function add(key: usize, len: i32, h: u32, pa: f64, pb: f64): void {
  const mask = slotCap - 1;
  let slot = <i32>h & mask;
  for (;;) {
    const v = load<u64>(slots + (<usize>slot << 3));
    if (v == 0) break;
    if (<u32>(v >> 32) == h) {
      const rec = arena + <usize>(<u32>v);
      if (sameKey(rec, key, len)) {
        store<f64>(rec, load<f64>(rec) + pa);
        store<f64>(rec + 8, load<f64>(rec + 8) + pb);
        return;
      }
    }
    slot = (slot + 1) & mask;
  }
  insert(slot, key, h, len, pa, pb);
}

function insert(slot: i32, key: usize, h: u32, len: i32, a: f64, b: f64): void {
  const size = (REC_HEAD + len + 7) & ~7;
  if (arenaUsed + size > arenaCap) {
    let cap = arenaCap;
    while (cap < arenaUsed + size) cap <<= 1;
    const next = alloc(cap);
    memory.copy(next, arena, <usize>arenaUsed);
    heap.free(arena);
    arena = next;
    arenaCap = cap;
  }
  const off = arenaUsed;
  const rec = arena + <usize>off;
  store<f64>(rec, a);
  store<f64>(rec + 8, b);
  store<i32>(rec + 16, len);
  store<u32>(rec + 20, h);
  memory.copy(rec + REC_HEAD, key, <usize>size - REC_HEAD);
  for (let i = 0; i < len; i += 8) {
    if ((load<u64>(key + <usize>i) & 0x8080808080808080) != 0) nonAscii = true;
  }
  arenaUsed += size;
  gCount++;
  store<u64>(slots + (<usize>slot << 3), (<u64>h << 32) | <u64>off);
  if (gCount * 2 > slotCap) rehash();
}

function rehash(): void {
  const old = slots;
  const oldCap = slotCap;
  slotCap <<= 1;
  slots = alloc(slotCap * 8);
  memory.fill(slots, 0, <usize>slotCap * 8);
  const mask = slotCap - 1;
  for (let i = 0; i < oldCap; i++) {
    const v = load<u64>(old + (<usize>i << 3));
    if (v == 0) continue;
    let slot = <i32>(v >> 32) & mask;
    while (load<u64>(slots + (<usize>slot << 3)) != 0) slot = (slot + 1) & mask;
    store<u64>(slots + (<usize>slot << 3), v);
  }
  heap.free(old);
}
