/** Longest line kept; a longer one is skipped (counted) up to its newline. */
export const MAX_LINE_BYTES = 1 << 20;

export type LineHandler = (buf: Buffer, start: number, end: number) => void;

/**
 * Splits a stream of byte chunks into lines without copying chunks: only a line that straddles
 * two chunks is assembled. Lines longer than {@link MAX_LINE_BYTES} are reported through
 * `onTooLong` and dropped.
 */
export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private overlong = false;

  constructor(
    private readonly onLine: LineHandler,
    private readonly onTooLong: () => void,
  ) {}

  push(chunk: Buffer): void {
    let pos = 0;
    if (this.carryBytes > 0 || this.overlong) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.hold(chunk, 0);
        return;
      }
      this.finishCarry(chunk, nl);
      pos = nl + 1;
    }
    const len = chunk.length;
    while (pos < len) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) {
        this.hold(chunk, pos);
        return;
      }
      this.onLine(chunk, pos, nl);
      pos = nl + 1;
    }
  }

  /** Flushes a last line that had no trailing newline. */
  end(): void {
    if (this.overlong) {
      this.onTooLong();
    } else if (this.carryBytes > 0) {
      const line = Buffer.concat(this.carry, this.carryBytes);
      this.onLine(line, 0, line.length);
    }
    this.reset();
  }

  private hold(chunk: Buffer, from: number): void {
    if (this.overlong) {
      return;
    }
    this.carryBytes += chunk.length - from;
    if (this.carryBytes > MAX_LINE_BYTES) {
      this.overlong = true;
      this.carry = [];
      return;
    }
    this.carry.push(Buffer.from(chunk.subarray(from)));
  }

  private finishCarry(chunk: Buffer, nl: number): void {
    if (this.overlong || this.carryBytes + nl > MAX_LINE_BYTES) {
      this.onTooLong();
    } else {
      this.carry.push(chunk.subarray(0, nl));
      const line = Buffer.concat(this.carry, this.carryBytes + nl);
      this.onLine(line, 0, line.length);
    }
    this.reset();
  }

  private reset(): void {
    this.carry = [];
    this.carryBytes = 0;
    this.overlong = false;
  }
}
