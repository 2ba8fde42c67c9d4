import type { LiveEvent } from '../../src/protocol/live-events.ts';
import type { DataClient } from '../data/client.ts';
import { openLiveStream, type LiveStream, type StreamState } from '../data/live-stream.ts';
import {
  applyAggregate,
  applyFlow,
  createMapModel,
  sceneOf,
  type MapModel,
} from '../map/map-model.ts';
import { createWorldMap } from '../map/world-map.ts';
import { formatCount, h } from '../ui/dom.ts';
import { setStatus, type StatusKind } from '../ui/status.ts';
import type { View } from './view.ts';

type Attribution = { text: string; url: string; license: string };

const STREAM_STATUS: Readonly<Record<StreamState, [StatusKind, string]>> = {
  connecting: ['loading', 'Connecting to the live stream…'],
  open: [
    'empty',
    'Connected: waiting for flows (POST them to /ingest/cloudwatch, or run flowlens tail).',
  ],
  closed: ['error', 'The live stream closed; retrying'],
};

function learnCodes(world: ReturnType<typeof createWorldMap>, e: LiveEvent): void {
  if (e.type === 'flow') {
    for (const end of [e.src, e.dst]) {
      if (end.geo) {
        world.learn(end.geo.countryCode, end.geo.lon, end.geo.lat);
      }
    }
  } else if (e.type === 'aggregate') {
    for (const l of e.locations) {
      world.learn(l.countryCode, l.lon, l.lat);
    }
  }
}

/** Live map: countries shaded by event count, points and arcs, a feed, pause/resume, credits. */
export function createMapView(): View {
  const status = h('div', { class: 'status', 'data-testid': 'status' });
  const canvas = h('canvas', {
    class: 'map-canvas',
    role: 'img',
    'aria-label': 'World map of live flows',
  });
  const feed = h('ol', {
    class: 'feed',
    'aria-label': 'Recent flows',
    'aria-live': 'off',
    'data-testid': 'feed',
  });
  const counts = h('span', { class: 'counts' });
  const pause = h('button', { type: 'button', 'aria-pressed': 'false' }, 'Pause');
  const credits = h('p', { class: 'attribution', 'data-testid': 'attribution' });
  const legend = h(
    'span',
    { class: 'legend' },
    h('span', { class: 'swatch accept' }),
    'accepted',
    h('span', { class: 'swatch reject' }),
    'rejected',
  );
  const element = h(
    'div',
    { class: 'view map-view' },
    h('div', { class: 'toolbar' }, pause, legend, counts),
    status,
    h('div', { class: 'map-body' }, canvas, feed),
    credits,
  );
  const world = createWorldMap(canvas);
  let model: MapModel = createMapModel();
  let stream: LiveStream | null = null;
  let paused = false;
  let dirty = true;
  let frame = 0;
  const render = () => {
    frame = requestAnimationFrame(render);
    if (paused || (!dirty && model.arcs.length === 0)) {
      return;
    }
    dirty = false;
    const shaded = world.draw(sceneOf(model, Date.now()));
    counts.replaceChildren(
      h('span', { 'data-testid': 'map-events' }, String(model.totals.events)),
      ' flow events · ',
      h('span', { 'data-testid': 'map-countries' }, String(shaded)),
      ' countries · ',
      h('span', { 'data-testid': 'map-accept' }, formatCount(model.totals.accept)),
      ' accepted · ',
      h('span', { 'data-testid': 'map-reject' }, formatCount(model.totals.reject)),
      ' rejected',
    );
    feed.replaceChildren(
      ...model.feed
        .slice(0, 100)
        .map((f) => h('li', { class: f.rejected ? 'reject' : '', 'data-seq': f.seq }, f.text)),
    );
  };
  const onEvent = (e: LiveEvent) => {
    learnCodes(world, e);
    if (e.type === 'hello') {
      showCredits(e.attribution);
    } else if (e.type === 'flow') {
      applyFlow(model, e, Date.now());
      setStatus(status, 'ready');
    } else if (e.type === 'aggregate') {
      applyAggregate(model, e);
    }
    dirty = true;
  };
  const showCredits = (list: readonly Attribution[]) => {
    credits.replaceChildren(
      ...list.flatMap((a, i) => [
        i > 0 ? ' · ' : '',
        h('a', { href: a.url, rel: 'noreferrer' }, a.text),
        ` (${a.license})`,
      ]),
      ' · Map: Natural Earth (public domain)',
    );
  };
  pause.addEventListener('click', () => {
    paused = !paused;
    pause.textContent = paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(paused));
    dirty = true;
  });
  const observer = new ResizeObserver(() => (dirty = true));
  observer.observe(canvas);
  return {
    element,
    async load(_state, client: DataClient) {
      stream?.close();
      model = createMapModel();
      dirty = true;
      cancelAnimationFrame(frame);
      render();
      if (client.mode === 'static') {
        setStatus(
          status,
          'empty',
          'The live map streams from a running flowlens server; press "Use server".',
        );
        return;
      }
      stream = openLiveStream(onEvent, (s, detail) => {
        const [kind, text] = STREAM_STATUS[s];
        setStatus(status, kind, detail ? `${text} (${detail})` : text);
      });
    },
    destroy() {
      stream?.close();
      cancelAnimationFrame(frame);
      observer.disconnect();
    },
  };
}
