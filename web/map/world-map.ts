import {
  geoContains,
  geoGraticule10,
  geoNaturalEarth1,
  geoPath,
  geoInterpolate,
  type GeoPermissibleObjects,
} from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Topology } from 'topojson-specification';
import countries110m from 'world-atlas/countries-110m.json' with { type: 'json' };

type Country = Feature<Geometry, { name: string }>;

/** World geometry bundled from world-atlas (Natural Earth, public domain): no tile server. */
const WORLD = feature(
  countries110m as unknown as Topology,
  (countries110m as unknown as Topology).objects.countries!,
) as unknown as FeatureCollection<Geometry, { name: string }>;

export interface MapPoint {
  readonly lat: number;
  readonly lon: number;
  readonly count: number;
  readonly rejected: boolean;
}

export interface MapArc {
  readonly from: readonly [number, number];
  readonly to: readonly [number, number];
  readonly rejected: boolean;
  /** 1 when new, fading to 0. */
  readonly age: number;
}

export interface MapScene {
  /** Event counts by ISO country code (the seed's shading). */
  readonly countryCounts: ReadonlyMap<string, number>;
  readonly points: readonly MapPoint[];
  readonly arcs: readonly MapArc[];
}

/** Shading from white to the seed's #B40937, by the share of the busiest country. */
function shade(t: number): string {
  const c = (a: number, b: number) => Math.round(a + (b - a) * Math.sqrt(t));
  return `rgb(${c(255, 180)},${c(255, 9)},${c(255, 55)})`;
}

/**
 * Draws countries, points and arcs on a canvas. Country codes are matched to the geometry by
 * locating a point of that country (the events carry lat/lon and code), so no name table is needed.
 */
export function createWorldMap(canvas: HTMLCanvasElement) {
  const codeToFeature = new Map<string, Country>();
  const projection = geoNaturalEarth1();
  const learn = (code: string, lon: number, lat: number) => {
    if (!code || codeToFeature.has(code)) {
      return;
    }
    const hit = WORLD.features.find((f) => geoContains(f as GeoPermissibleObjects, [lon, lat]));
    if (hit) {
      codeToFeature.set(code, hit);
    }
  };
  const draw = (scene: MapScene) => {
    const ratio = devicePixelRatio || 1;
    const [w, h] = [canvas.clientWidth, canvas.clientHeight];
    canvas.width = Math.max(1, w * ratio);
    canvas.height = Math.max(1, h * ratio);
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    projection.fitExtent(
      [
        [8, 8],
        [w - 8, h - 8],
      ],
      { type: 'Sphere' },
    );
    const path = geoPath(projection, ctx);
    ctx.fillStyle = '#eef3f8';
    ctx.beginPath();
    path({ type: 'Sphere' });
    ctx.fill();
    ctx.strokeStyle = '#dbe3ec';
    ctx.beginPath();
    path(geoGraticule10());
    ctx.stroke();
    const max = Math.max(1, ...scene.countryCounts.values());
    const shaded = new Map<Country, number>();
    for (const [code, n] of scene.countryCounts) {
      const f = codeToFeature.get(code);
      if (f) {
        shaded.set(f, n);
      }
    }
    for (const f of WORLD.features) {
      const n = shaded.get(f) ?? 0;
      ctx.fillStyle = n > 0 ? shade(n / max) : '#ffffff';
      ctx.beginPath();
      path(f);
      ctx.fill();
      ctx.strokeStyle = '#9aa8b6';
      ctx.lineWidth = 0.5;
      ctx.stroke();
    }
    for (const a of scene.arcs) {
      const interp = geoInterpolate([a.from[0], a.from[1]], [a.to[0], a.to[1]]);
      ctx.strokeStyle = a.rejected
        ? `rgba(215,38,61,${0.2 + 0.8 * a.age})`
        : `rgba(26,120,194,${0.2 + 0.8 * a.age})`;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      path({
        type: 'LineString',
        coordinates: Array.from({ length: 33 }, (_, i) => interp(i / 32)),
      });
      ctx.stroke();
    }
    for (const p of scene.points) {
      const xy = projection([p.lon, p.lat]);
      if (!xy) {
        continue;
      }
      ctx.fillStyle = p.rejected ? 'rgba(215,38,61,0.8)' : 'rgba(26,120,194,0.8)';
      ctx.beginPath();
      ctx.arc(xy[0], xy[1], 2 + Math.min(10, Math.log1p(p.count) * 2), 0, Math.PI * 2);
      ctx.fill();
    }
    return shaded.size;
  };
  return { learn, draw };
}
