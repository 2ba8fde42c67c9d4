import type { LiveEvent } from '../protocol/live-events.ts';

/**
 * One subscriber's bounded buffer: never more than `capacity` events. Flow events arriving at a
 * full queue are dropped and counted; an aggregate arriving at a full queue evicts the oldest
 * queued flow (also counted), so map totals are never lost. Pending drops are reported by a
 * `drop` event as soon as there is room for it. Pure: no timers, no I/O.
 */
export class SubscriberQueue {
  private readonly ring: (LiveEvent | undefined)[];
  private head = 0;
  private size = 0;
  /** Drops not yet reported to the subscriber, and all drops since creation. */
  private pendingDrops = 0;
  totalDropped = 0;
  /** False: flow events are not wanted (the client sent `subscribe` with `flows: false`). */
  wantsFlows = true;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) {
      throw new RangeError('a subscriber queue needs a capacity of at least 2');
    }
    this.ring = new Array<LiveEvent | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Adds an event; returns false when it (or an older flow) had to be dropped. */
  push(event: LiveEvent): boolean {
    if (event.type === 'flow' && !this.wantsFlows) {
      return true;
    }
    this.noteDrops();
    if (this.size < this.capacity) {
      this.append(event);
      return true;
    }
    if (event.type === 'flow' || !this.evictOldestFlow()) {
      this.drop();
      return false;
    }
    this.append(event);
    return false;
  }

  /** Removes and returns up to `max` events, oldest first. */
  take(max = this.capacity): LiveEvent[] {
    const out: LiveEvent[] = [];
    while (this.size > 0 && out.length < max) {
      out.push(this.ring[this.head]!);
      this.ring[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.size--;
    }
    this.noteDrops();
    return out;
  }

  private append(event: LiveEvent): void {
    this.ring[(this.head + this.size) % this.capacity] = event;
    this.size++;
  }

  private drop(): void {
    this.pendingDrops++;
    this.totalDropped++;
  }

  /** Queues a `drop` notice for unreported drops when there is room (keeping one slot free). */
  private noteDrops(): void {
    if (this.pendingDrops > 0 && this.size < this.capacity - 1) {
      this.append({
        type: 'drop',
        dropped: this.pendingDrops,
        totalDropped: this.totalDropped,
        reason: 'slow-consumer',
      });
      this.pendingDrops = 0;
    }
  }

  /** Removes the oldest queued flow event, shifting the newer ones; false if there is none. */
  private evictOldestFlow(): boolean {
    for (let i = 0; i < this.size; i++) {
      const at = (this.head + i) % this.capacity;
      if (this.ring[at]!.type === 'flow') {
        for (let j = i; j > 0; j--) {
          const to = (this.head + j) % this.capacity;
          this.ring[to] = this.ring[(this.head + j - 1) % this.capacity];
        }
        this.ring[this.head] = undefined;
        this.head = (this.head + 1) % this.capacity;
        this.size--;
        this.drop();
        return true;
      }
    }
    return false;
  }
}
