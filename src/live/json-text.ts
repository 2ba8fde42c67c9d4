/**
 * Pieces for building JSON text by hand on the live hot path, where `JSON.stringify` of a whole
 * event costs several times more than joining pre-rendered parts (Node 20's generic stringifier).
 * Every helper returns exactly what `JSON.stringify` returns for the same value.
 */

/** Printable ASCII other than `"` and `\`: such a string needs no escaping. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const PLAIN_MAX = 128;

/** A string as JSON text. */
export function jsonString(s: string): string {
  return s.length <= PLAIN_MAX && PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

/** A number (or null) as JSON text: non-finite numbers are `null`, as in `JSON.stringify`. */
export function jsonNumber(n: number | null): string {
  return n === null || !Number.isFinite(n) ? 'null' : String(n);
}

/** A string, number or null as JSON text. */
export function jsonScalar(v: string | number | null): string {
  return typeof v === 'string' ? jsonString(v) : jsonNumber(v);
}

/**
 * JSON text of immutable objects, rendered once per object (weakly held, so it lives as long as
 * the object does). For the enricher's cached per-address answers, shared by every flow.
 */
export function createJsonCache(): (o: object) => string {
  const cache = new WeakMap<object, string>();
  return (o) => {
    let text = cache.get(o);
    if (text === undefined) {
      text = JSON.stringify(o);
      cache.set(o, text);
    }
    return text;
  };
}
