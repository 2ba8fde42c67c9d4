import type {
  AggregateEvent,
  CountryCount,
  FlowEvent,
  LiveEndpoint,
  LocationCount,
} from '../protocol/live-events.ts';

export interface LiveAggregatorOptions {
  readonly intervalMs: number;
  /** Most `locations` in one aggregate (busiest first). */
  readonly maxLocations: number;
}

type MutableCountry = { -readonly [K in keyof CountryCount]: CountryCount[K] };
type MutableLocation = { -readonly [K in keyof LocationCount]: LocationCount[K] };

/** The end a map shows for a flow: the public source, else the public destination. */
export function remoteEnd(ev: FlowEvent): LiveEndpoint | undefined {
  if (ev.src.scope === 'public') {
    return ev.src;
  }
  return ev.dst.scope === 'public' ? ev.dst : undefined;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Per-interval totals for the map (pure: the caller owns the clock). `add` every flow, then
 * `flush(at)` returns the interval's `aggregate` event and starts the next one. Memory is bounded
 * by the number of distinct countries and 0.1° grid cells seen in one interval.
 */
export class LiveAggregator {
  private flows = 0;
  private packets = 0;
  private bytes = 0;
  private unlocated = 0;
  private byCountry = new Map<string, MutableCountry>();
  private byAction: Record<string, number> = {};
  private locations = new Map<string, MutableLocation>();

  constructor(private readonly options: LiveAggregatorOptions) {}

  add(ev: FlowEvent): void {
    const packets = ev.packets ?? 0;
    const bytes = ev.bytes ?? 0;
    this.flows++;
    this.packets += packets;
    this.bytes += bytes;
    this.byAction[ev.action] = (this.byAction[ev.action] ?? 0) + 1;
    const geo = remoteEnd(ev)?.geo;
    if (!geo || geo.countryCode === '') {
      this.unlocated++;
      return;
    }
    let c = this.byCountry.get(geo.countryCode);
    if (!c) {
      c = { country: geo.country, flows: 0, packets: 0, bytes: 0, accept: 0, reject: 0 };
      this.byCountry.set(geo.countryCode, c);
    }
    c.flows++;
    c.packets += packets;
    c.bytes += bytes;
    c.accept += ev.action === 'ACCEPT' ? 1 : 0;
    c.reject += ev.action === 'REJECT' ? 1 : 0;
    const lat = round1(geo.lat);
    const lon = round1(geo.lon);
    const key = `${lat},${lon}`;
    const loc = this.locations.get(key);
    if (loc) {
      loc.flows++;
    } else {
      this.locations.set(key, { lat, lon, countryCode: geo.countryCode, city: geo.city, flows: 1 });
    }
  }

  /** The aggregate of everything added since the last flush; `at` is the interval start (ms). */
  flush(at: number): AggregateEvent {
    const locations = [...this.locations.values()]
      .sort((a, b) => b.flows - a.flows)
      .slice(0, this.options.maxLocations);
    const ev: AggregateEvent = {
      type: 'aggregate',
      at,
      intervalMs: this.options.intervalMs,
      flows: this.flows,
      packets: this.packets,
      bytes: this.bytes,
      byCountry: Object.fromEntries(this.byCountry),
      byAction: this.byAction,
      locations,
      unlocated: this.unlocated,
    };
    this.flows = this.packets = this.bytes = this.unlocated = 0;
    this.byCountry = new Map();
    this.byAction = {};
    this.locations = new Map();
    return ev;
  }
}
