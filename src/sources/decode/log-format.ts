import {
  DEFAULT_FORMAT,
  canonicalFieldName,
  fieldSpec,
  type FieldSpec,
} from '../../model/fields.ts';
import { FlowError } from '../../model/errors.ts';

/**
 * A compiled column layout: which field sits in which column. Built once per header or
 * configured format, then used for every line, so no per-line lookups by name happen.
 */
export interface Layout {
  /** Canonical field names, in column order. */
  readonly names: readonly string[];
  /** The table entry for each column; `undefined` for fields the table does not know. */
  readonly specs: readonly (FieldSpec | undefined)[];
  readonly width: number;
  /** Column of each known field by record key (`srcaddr`, `logStatus`, ...); absent = -1. */
  col(key: string): number;
}

const NAME_RE = /^[a-z][a-z0-9-]*$/;

/** Compiles field names (any spelling: `${a-b}`, `a-b`, `a_b`) into a layout. */
export function compileLayout(tokens: readonly string[]): Layout {
  const names = tokens.map(canonicalFieldName);
  if (names.length === 0) {
    throw new FlowError('FLOW_FORMAT_INVALID', 'a log format needs at least one field');
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (!NAME_RE.test(n)) {
      throw new FlowError('FLOW_FORMAT_INVALID', `'${n}' is not a valid flow-log field name`);
    }
    if (seen.has(n)) {
      throw new FlowError('FLOW_FORMAT_INVALID', `field '${n}' appears twice in the log format`);
    }
    seen.add(n);
  }
  const specs = names.map((n) => fieldSpec(n));
  const cols = new Map<string, number>();
  specs.forEach((s, i) => s && cols.set(s.key, i));
  return Object.freeze({
    names: Object.freeze(names),
    specs: Object.freeze(specs),
    width: names.length,
    col: (key: string) => cols.get(key) ?? -1,
  });
}

/**
 * Parses a `--log-format` value: `'${version} ${srcaddr} ...'`, plain `version srcaddr ...`,
 * or underscore spellings; commas are accepted as separators too.
 */
export function parseLogFormat(format: string): Layout {
  const tokens = format
    .trim()
    .split(/[\s,]+/)
    .filter((t) => t !== '');
  return compileLayout(tokens);
}

export const DEFAULT_LAYOUT: Layout = compileLayout(DEFAULT_FORMAT);

/**
 * True when a line's tokens are a header (field names), not data. Every token must look like a
 * field name, the first must be a known one, and most must be known: data values such as
 * `eni-0abc` look like names but are never all known field names.
 */
export function looksLikeHeader(tokens: readonly string[]): boolean {
  if (tokens.length === 0) {
    return false;
  }
  let known = 0;
  for (const t of tokens) {
    const n = canonicalFieldName(t);
    if (!NAME_RE.test(n)) {
      return false;
    }
    if (fieldSpec(n)) {
      known++;
    }
  }
  return fieldSpec(canonicalFieldName(tokens[0] ?? '')) !== undefined && known * 2 >= tokens.length;
}
