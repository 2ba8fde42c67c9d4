import { FlowError } from '../model/errors.ts';

/** One DOT statement as written by grapherd or flowlens: one statement per line. */
export type DotStatement =
  | {
      readonly kind: 'edge';
      readonly source: string;
      readonly target: string;
      readonly attrs: Record<string, string>;
    }
  | { readonly kind: 'node'; readonly id: string; readonly attrs: Record<string, string> }
  | { readonly kind: 'open'; readonly directed: boolean }
  | { readonly kind: 'close' }
  | { readonly kind: 'blank' };

const QUOTE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', '"': '"', '\\': '\\' };

class Cursor {
  pos = 0;
  constructor(
    readonly text: string,
    readonly lineNo: number,
  ) {}

  fail(what: string): never {
    throw new FlowError(
      'FLOW_GRAPH_INVALID',
      `DOT line ${this.lineNo}: ${what} at column ${this.pos + 1}`,
    );
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /[\s,;]/.test(this.text[this.pos] ?? '')) {
      this.pos += 1;
    }
  }

  peek(s: string): boolean {
    this.skipSpace();
    return this.text.startsWith(s, this.pos);
  }

  done(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  /** A quoted string (escapes `\"`, `\\`, `\n` decoded; others kept) or a bare ID. */
  id(): string {
    this.skipSpace();
    if (this.text[this.pos] === '"') {
      return this.quoted();
    }
    const m = /^[A-Za-z0-9_.\-\u0080-\uffff]+/.exec(this.text.slice(this.pos));
    if (!m) {
      this.fail('expected an ID');
    }
    this.pos += m[0].length;
    return m[0];
  }

  private quoted(): string {
    let out = '';
    for (let i = this.pos + 1; i < this.text.length; i += 1) {
      const c = this.text[i] ?? '';
      if (c === '"') {
        this.pos = i + 1;
        return out;
      }
      if (c === '\\' && i + 1 < this.text.length) {
        const next = this.text[i + 1] ?? '';
        out += QUOTE_ESCAPES[next] ?? `\\${next}`;
        i += 1;
      } else {
        out += c;
      }
    }
    return this.fail('unterminated string');
  }

  attrs(): Record<string, string> {
    const attrs: Record<string, string> = {};
    if (!this.peek('[')) {
      return attrs;
    }
    this.pos += 1;
    while (!this.peek(']')) {
      if (this.done()) {
        this.fail("missing ']'");
      }
      const key = this.id();
      if (!this.peek('=')) {
        this.fail(`expected '=' after ${key}`);
      }
      this.pos += 1;
      attrs[key] = this.id();
    }
    this.pos += 1;
    return attrs;
  }
}

function header(line: string): DotStatement | null {
  const m = /^(strict\s+)?(digraph|graph)\b[^{]*\{$/i.exec(line);
  return m ? { kind: 'open', directed: m[2]?.toLowerCase() === 'digraph' } : null;
}

/** Parses one line of a grapherd/flowlens DOT file; anything else is FLOW_GRAPH_INVALID. */
export function parseDotLine(raw: string, lineNo: number): DotStatement {
  const line = raw.trim();
  if (line === '' || line.startsWith('//') || line.startsWith('#')) {
    return { kind: 'blank' };
  }
  if (line === '}') {
    return { kind: 'close' };
  }
  const open = header(line);
  if (open) {
    return open;
  }
  const c = new Cursor(line, lineNo);
  const first = c.id();
  if (c.peek('->') || c.peek('--')) {
    c.pos += 2;
    const target = c.id();
    const attrs = c.attrs();
    return c.done() ? { kind: 'edge', source: first, target, attrs } : c.fail('unexpected text');
  }
  const attrs = c.attrs();
  return c.done() ? { kind: 'node', id: first, attrs } : c.fail('unexpected text');
}
