/** The dashboard's views; `view` in the URL picks one. */
export const VIEW_NAMES = ['graph', 'diff', 'map', 'links'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** All state lives in the query string, so every view can be shared and reloaded. */
export function readState(search = location.search): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(search));
}

export function viewOf(state: Record<string, string>): ViewName {
  const v = state.view ?? 'graph';
  return (VIEW_NAMES as readonly string[]).includes(v) ? (v as ViewName) : 'graph';
}

/** Replaces the URL's state (empty values are dropped), pushing a history entry by default. */
export function writeState(state: Record<string, string>, push = true): void {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) {
    if (v !== '') {
      params.set(k, v);
    }
  }
  const url = `${location.pathname}?${params.toString()}`;
  if (url !== `${location.pathname}${location.search}`) {
    history[push ? 'pushState' : 'replaceState'](null, '', url);
  }
}

/** The subset of `state` a view sends to the server (every key but `view` and UI-only ones). */
export function queryOf(
  state: Record<string, string>,
  uiOnly: readonly string[] = [],
): Record<string, string> {
  const skip = new Set(['view', ...uiOnly]);
  return Object.fromEntries(Object.entries(state).filter(([k, v]) => !skip.has(k) && v !== ''));
}
