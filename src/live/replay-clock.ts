export interface ReplayClockOptions {
  /** Playback rate: 1 = real time, 10 = ten times faster, 0 = as fast as possible. */
  readonly speed: number;
  /** Longest wait between two records, in ms, so gaps in the log do not stall a demo. */
  readonly maxWaitMs: number;
}

/**
 * When each record of a replay is due (pure: the caller owns the clock and the sleeping).
 * Records are scheduled by their `start` time relative to the first one, divided by `speed`;
 * time never runs backwards (out-of-order records are due at once), and gaps are capped.
 */
export class ReplayClock {
  private lastStart: number | undefined;
  /** Wall-clock ms at which the previous record was due. */
  private due = 0;

  constructor(private readonly o: ReplayClockOptions) {}

  /** Wall-clock ms (same clock as `now`) at which a record starting at `start` (s) is due. */
  dueAt(start: number | null | undefined, now: number): number {
    if (this.lastStart === undefined) {
      this.lastStart = start ?? 0;
      this.due = now;
      return now;
    }
    if (this.o.speed <= 0 || start == null || start <= this.lastStart) {
      return this.due;
    }
    const wait = Math.min(((start - this.lastStart) * 1000) / this.o.speed, this.o.maxWaitMs);
    this.lastStart = start;
    this.due += wait;
    return this.due;
  }
}
