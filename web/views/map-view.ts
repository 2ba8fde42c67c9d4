import { h } from '../ui/dom.ts';
import { setStatus } from '../ui/status.ts';
import type { View } from './view.ts';

/** Live map: placeholder until the live-event protocol is wired in. */
export function createMapView(): View {
  const status = h('div', { class: 'status', 'data-testid': 'status' });
  const element = h('div', { class: 'view map-view' }, status);
  return {
    element,
    async load() {
      setStatus(status, 'empty', 'The live map needs the live pipeline (coming next).');
    },
    destroy() {},
  };
}
