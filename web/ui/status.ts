import { ClientError } from '../data/client.ts';
import { h } from './dom.ts';

export type StatusKind = 'loading' | 'empty' | 'error' | 'ready';

/** What to tell the user for each failure, and what to do next. */
const ERROR_HINTS: Readonly<Record<ClientError['kind'], string>> = {
  token: 'Enter the token in the token field at the top right (it is kept for this tab only).',
  'server-down': 'Is `flowlens serve` running? You can also open an exported JSON file.',
  'bad-request': 'Check the controls: the server refused these values.',
  server: 'The server failed; see its log.',
  'no-file': 'Open a matching export with "Open file" or drop it on the page.',
};

/** One status line per view: loading, empty, error (with a hint) or hidden. */
export function setStatus(el: HTMLElement, kind: StatusKind, message = ''): void {
  el.dataset.state = kind;
  el.replaceChildren();
  el.hidden = kind === 'ready';
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  if (kind !== 'ready') {
    el.append(h('span', { class: 'status-message' }, message));
  }
}

export function showError(el: HTMLElement, e: unknown): void {
  const err = e instanceof ClientError ? e : null;
  setStatus(el, 'error', (e as Error).message);
  el.dataset.error = err?.kind ?? 'unknown';
  if (err) {
    el.append(h('p', { class: 'hint' }, ERROR_HINTS[err.kind]));
  }
}
