import type { AggregateEvent, FlowEvent, LiveEndpoint } from '../../src/protocol/live-events.ts';
import type { MapArc, MapPoint, MapScene } from './world-map.ts';

const FEED_SIZE = 200;
const ARC_LIFE_MS = 8000;

export interface FeedItem {
  readonly seq: number;
  readonly text: string;
  readonly rejected: boolean;
}

/** The live map's state: exact country counts from aggregates, recent flows for points, arcs and feed. */
export interface MapModel {
  readonly countryCounts: Map<string, number>;
  readonly points: Map<string, MapPoint & { at: number }>;
  readonly arcs: { from: [number, number]; to: [number, number]; rejected: boolean; at: number }[];
  readonly feed: FeedItem[];
  totals: { flows: number; accept: number; reject: number; events: number };
}

export function createMapModel(): MapModel {
  return {
    countryCounts: new Map(),
    points: new Map(),
    arcs: [],
    feed: [],
    totals: { flows: 0, accept: 0, reject: 0, events: 0 },
  };
}

const endpoint = (e: LiveEndpoint) => (e.port === null ? e.ip : `${e.ip}:${e.port}`);

function place(e: LiveEndpoint): string {
  return e.geo ? ` (${e.geo.countryCode || '?'})` : '';
}

/** One flow event: a feed line, a point at each located end, an arc when both ends are located. */
export function applyFlow(m: MapModel, e: FlowEvent, now: number): void {
  const rejected = e.action === 'REJECT';
  m.totals.events++;
  m.feed.unshift({
    seq: e.seq,
    rejected,
    text: `${new Date(e.receivedAt).toISOString().slice(11, 19)} ${e.action.padEnd(6)} ${endpoint(e.src)}${place(e.src)} → ${endpoint(e.dst)}${place(e.dst)}`,
  });
  m.feed.length = Math.min(m.feed.length, FEED_SIZE);
  for (const end of [e.src, e.dst]) {
    if (end.geo) {
      const key = `${end.geo.lat.toFixed(1)},${end.geo.lon.toFixed(1)},${rejected}`;
      const p = m.points.get(key);
      m.points.set(key, {
        lat: end.geo.lat,
        lon: end.geo.lon,
        count: (p?.count ?? 0) + 1,
        rejected,
        at: now,
      });
    }
  }
  if (e.src.geo && e.dst.geo) {
    m.arcs.push({
      from: [e.src.geo.lon, e.src.geo.lat],
      to: [e.dst.geo.lon, e.dst.geo.lat],
      rejected,
      at: now,
    });
  }
}

/** One aggregate: adds to the country shading and the accepted/rejected totals. */
export function applyAggregate(m: MapModel, e: AggregateEvent): void {
  for (const [code, c] of Object.entries(e.byCountry)) {
    m.countryCounts.set(code, (m.countryCounts.get(code) ?? 0) + c.flows);
  }
  m.totals.flows += e.flows;
  m.totals.accept += e.byAction.ACCEPT ?? 0;
  m.totals.reject += e.byAction.REJECT ?? 0;
}

/** What to draw now: arcs fade out over a few seconds. */
export function sceneOf(m: MapModel, now: number): MapScene {
  const live = m.arcs.filter((a) => now - a.at < ARC_LIFE_MS);
  m.arcs.splice(0, m.arcs.length, ...live.slice(-500));
  const arcs: MapArc[] = m.arcs.map((a) => ({ ...a, age: 1 - (now - a.at) / ARC_LIFE_MS }));
  return { countryCounts: m.countryCounts, points: [...m.points.values()], arcs };
}
