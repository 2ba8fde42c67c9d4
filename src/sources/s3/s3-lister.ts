import { countSkip, type IngestStats } from '../../model/ingest-stats.ts';
import {
  LAYOUT_ROOT,
  ORG_SEGMENT,
  STYLES,
  fileStamp,
  narrower,
  overlaps,
  parseLayoutKey,
  utcSeconds,
  type KeyStyle,
  type StampRange,
} from './s3-key-layout.ts';
import type { ListPage, ListedObject, S3Port } from './s3-port.ts';

/** Everything one listing run needs. */
export interface ListPlan {
  readonly port: S3Port;
  readonly bucket: string;
  /** The user's prefix: nothing outside it is listed. */
  readonly scope: string;
  /** Where `AWSLogs/` is expected (see `layoutRootOf`). */
  readonly root: string;
  /** File-name stamps to keep; absent = every time. */
  readonly range?: StampRange;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  readonly stats: IngestStats;
  readonly signal?: AbortSignal;
}

/** Windows up to this long list day prefixes directly; longer ones walk the date folders. */
const DIRECT_DAYS_MAX = 31;
const DAY = 86_400;

type Entry = { readonly object: ListedObject } | { readonly prefix: string };
const entryKey = (e: Entry) => ('object' in e ? e.object.key : e.prefix);

async function* pages(p: ListPlan, prefix: string, delimiter?: string): AsyncGenerator<ListPage> {
  let token: string | undefined;
  do {
    p.signal?.throwIfAborted();
    const page = await p.port.list({
      bucket: p.bucket,
      prefix,
      ...(delimiter ? { delimiter } : {}),
      ...(token ? { token } : {}),
      ...(p.signal ? { signal: p.signal } : {}),
    });
    yield page;
    token = page.nextToken;
  } while (token);
}

/** One folder level (Delimiter `/`), keys and sub-folders merged in key order, within scope. */
async function* children(p: ListPlan, prefix: string): AsyncGenerator<Entry> {
  for await (const page of pages(p, prefix, '/')) {
    const entries: Entry[] = [
      ...page.objects.filter((o) => o.key.startsWith(p.scope)).map((object) => ({ object })),
      ...page.prefixes.filter((x) => overlaps(x, p.scope)).map((x) => ({ prefix: x })),
    ];
    entries.sort((a, b) => (entryKey(a) < entryKey(b) ? -1 : 1));
    yield* entries;
  }
}

function inRange(p: ListPlan, stamp: number | null): boolean {
  return !p.range || stamp === null || (stamp >= p.range.from && stamp <= p.range.to);
}

/** Decides whether a listed key is read; every refusal is counted. */
function accept(p: ListPlan, o: ListedObject, layout: boolean): boolean {
  if (o.size === 0) {
    countSkip(p.stats, 'empty_object');
    return false;
  }
  if (!layout) {
    const ok = inRange(p, fileStamp(o.key.slice(o.key.lastIndexOf('/') + 1)));
    return ok || (countSkip(p.stats, 'key_out_of_window'), false);
  }
  const k = parseLayoutKey(o.key.slice(p.root.length));
  if (!k) {
    countSkip(p.stats, 'key_outside_layout');
    return false;
  }
  if (p.regions.length > 0 && !p.regions.includes(k.region)) {
    return false;
  }
  return inRange(p, k.stamp) || (countSkip(p.stats, 'key_out_of_window'), false);
}

/** Every key under a prefix (no delimiter), paginated. */
async function* keys(p: ListPlan, prefix: string, layout = true): AsyncGenerator<ListedObject> {
  if (!overlaps(prefix, p.scope)) {
    return;
  }
  for await (const page of pages(p, narrower(prefix, p.scope))) {
    yield* page.objects.filter((o) => accept(p, o, layout));
  }
}

/** `[start, end)` of a date folder from its parts (year[, month[, day[, hour]]]). */
function partition(parts: readonly number[]): readonly [number, number] | null {
  const [y = 0, mo = 1, d = 1, h = 0] = parts;
  const start = utcSeconds(y, mo, d, h);
  const bump = [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ][parts.length - 1]!;
  const end = Date.UTC(y + bump[0]!, mo - 1 + bump[1]!, d + bump[2]!, h + bump[3]!) / 1000;
  return Number.isNaN(start) ? null : [start, end];
}

async function* visitPartition(
  p: ListPlan,
  style: KeyStyle,
  prefix: string,
  parts: readonly number[],
): AsyncGenerator<ListedObject> {
  const span = partition(parts);
  const r = p.range!;
  if (!span || span[0] > r.to || span[1] <= r.from || !overlaps(prefix, p.scope)) {
    return;
  }
  const whole = span[0] >= r.from && span[1] - 60 <= r.to;
  yield* whole || parts.length === 4 ? keys(p, prefix) : walk(p, style, prefix, parts);
}

/** Walks date folders below `prefix`, descending only into those the stamp range meets. */
async function* walk(
  p: ListPlan,
  style: KeyStyle,
  prefix: string,
  parts: readonly number[],
): AsyncGenerator<ListedObject> {
  const pattern = STYLES[style].dateParts[parts.length]!;
  for await (const e of children(p, prefix)) {
    if ('object' in e) {
      if (parts.length === 3 && accept(p, e.object, true)) {
        yield e.object; // files straight in a day folder (daily partitions)
      } else if (parts.length !== 3) {
        countSkip(p.stats, 'key_outside_layout');
      }
      continue;
    }
    const m = pattern.exec(e.prefix.slice(prefix.length));
    if (!m) {
      countSkip(p.stats, 'prefix_outside_layout');
      continue;
    }
    yield* visitPartition(p, style, e.prefix, [...parts, Number(m[1])]);
  }
}

/** Day folders of a region for a short window, built without listing. */
async function* days(p: ListPlan, style: KeyStyle, region: string): AsyncGenerator<ListedObject> {
  const r = p.range!;
  const part = STYLES[style].datePart;
  for (let t = Math.floor(r.from / DAY) * DAY; t <= r.to; t += DAY) {
    const d = new Date(t * 1000);
    const ymd = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    const prefix = region + ymd.map((n, i) => part[i]!(n)).join('');
    yield* visitPartition(p, style, prefix, ymd);
  }
}

function dated(p: ListPlan, style: KeyStyle, region: string): AsyncGenerator<ListedObject> {
  const r = p.range!;
  return r.to - r.from <= DIRECT_DAYS_MAX * DAY
    ? days(p, style, region)
    : walk(p, style, region, []);
}

async function* regionPrefixes(p: ListPlan, style: KeyStyle, svc: string): AsyncGenerator<string> {
  const spec = STYLES[style];
  if (p.regions.length > 0) {
    yield* [...p.regions].map((r) => svc + spec.regionSegment(r)).sort();
    return;
  }
  for await (const e of children(p, svc)) {
    if ('object' in e) {
      countSkip(p.stats, 'key_outside_layout');
    } else if (spec.region.test(e.prefix.slice(svc.length))) {
      yield e.prefix;
    } else {
      countSkip(p.stats, 'prefix_outside_layout');
    }
  }
}

async function* service(
  p: ListPlan,
  style: KeyStyle,
  account: string,
): AsyncGenerator<ListedObject> {
  const svc = account + STYLES[style].service;
  if (!p.range && p.regions.length === 0) {
    yield* keys(p, svc);
    return;
  }
  for await (const region of regionPrefixes(p, style, svc)) {
    yield* p.range ? dated(p, style, region) : keys(p, region);
  }
}

function styleOf(segment: string): { style: KeyStyle; id: string } | null {
  for (const style of Object.keys(STYLES) as KeyStyle[]) {
    const m = STYLES[style].account.exec(segment);
    if (m) {
      return { style, id: m[1]! };
    }
  }
  return null;
}

/** The account level under `AWSLogs/` (and under one `o-xxxx/` organisation folder). */
async function* accounts(p: ListPlan, prefix: string, depth: number): AsyncGenerator<ListedObject> {
  for await (const e of children(p, prefix)) {
    if ('object' in e) {
      countSkip(p.stats, 'key_outside_layout');
      continue;
    }
    const seg = e.prefix.slice(prefix.length);
    const acct = styleOf(seg);
    if (acct) {
      if (p.accounts.length === 0 || p.accounts.includes(acct.id)) {
        yield* service(p, acct.style, e.prefix);
      }
    } else if (depth === 0 && ORG_SEGMENT.test(seg)) {
      yield* accounts(p, e.prefix, 1);
    } else {
      countSkip(p.stats, 'prefix_outside_layout');
    }
  }
}

async function hasEntries(p: ListPlan, prefix: string): Promise<boolean> {
  const page = await p.port.list({
    bucket: p.bucket,
    prefix,
    delimiter: '/',
    ...(p.signal ? { signal: p.signal } : {}),
  });
  return page.objects.length + page.prefixes.length > 0;
}

/**
 * Lists the flow-log objects a plan needs, in key order. Under a layout root only the account,
 * region and date folders the filters and window need are listed; a prefix with no `AWSLogs/`
 * folder is listed whole (keys named like flow-log files are still filtered by their stamp).
 */
export async function* listObjects(p: ListPlan): AsyncGenerator<ListedObject> {
  const base = p.root + LAYOUT_ROOT;
  const reachesLayout = /(^|\/)AWSLogs(\/|$)/.test(p.scope);
  if (!reachesLayout && !(await hasEntries(p, base))) {
    yield* keys(p, p.scope, false);
    return;
  }
  yield* accounts(p, base, 0);
}
