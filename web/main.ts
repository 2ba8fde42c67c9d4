import './style.css';
import type { DataClient } from './data/client.ts';
import { classifyJson } from './data/graph-json.ts';
import { createLiveClient } from './data/live-client.ts';
import { createStaticClient } from './data/static-client.ts';
import { tokenStore } from './data/token-store.ts';
import { readState, viewOf, writeState, VIEW_NAMES, type ViewName } from './state/url-state.ts';
import { h } from './ui/dom.ts';
import { createDiffView } from './views/diff-view.ts';
import { createGraphView } from './views/graph-view.ts';
import { createLinksView } from './views/links-view.ts';
import { createMapView } from './views/map-view.ts';
import type { StateWriter, View } from './views/view.ts';

const VIEW_FACTORIES: Readonly<
  Record<ViewName, { title: string; create: (w: StateWriter) => View }>
> = {
  graph: { title: 'Graph', create: createGraphView },
  diff: { title: 'Diff', create: createDiffView },
  map: { title: 'Live map', create: createMapView },
  links: { title: 'Links', create: createLinksView },
};

const app = document.getElementById('app')!;
let client: DataClient = createLiveClient();
let current: { name: ViewName; view: View } | null = null;

const write: StateWriter = (patch) => {
  const state = readState();
  writeState({ view: state.view ?? viewOf(state), ...patch });
  void render();
};

function nav(active: ViewName): HTMLElement {
  return h(
    'nav',
    { 'aria-label': 'Views' },
    ...VIEW_NAMES.map((name) =>
      h(
        'a',
        {
          href: `?view=${name}`,
          'aria-current': name === active ? 'page' : undefined,
          'data-view': name,
        },
        VIEW_FACTORIES[name].title,
      ),
    ),
  );
}

async function render(): Promise<void> {
  const state = readState();
  const name = viewOf(state);
  if (current?.name !== name) {
    current?.view.destroy();
    current = { name, view: VIEW_FACTORIES[name].create(write) };
    main.replaceChildren(current.view.element);
    header.querySelector('nav')?.replaceWith(nav(name));
    document.title = `flowlens · ${VIEW_FACTORIES[name].title}`;
  }
  modeLabel.textContent = client.mode === 'live' ? 'live server' : `file: ${client.source}`;
  modeLabel.dataset.mode = client.mode;
  await current.view.load(state, client);
}

async function openFile(file: File): Promise<void> {
  try {
    const opened = classifyJson(JSON.parse(await file.text()));
    client = createStaticClient(file.name, opened);
    writeState({ view: opened.kind === 'diff' ? 'diff' : 'graph' });
    await render();
  } catch (e) {
    alert(`Cannot open ${file.name}: ${(e as Error).message}`);
  }
}

const token = h('input', {
  type: 'password',
  value: tokenStore.get(),
  'aria-label': 'Bearer token',
  placeholder: 'token (if required)',
  autocomplete: 'off',
});
token.addEventListener('change', () => {
  tokenStore.set(token.value.trim());
  void render();
});
const fileInput = h('input', {
  type: 'file',
  accept: '.json,application/json',
  'aria-label': 'Open an exported graph or diff JSON',
  'data-testid': 'file-input',
});
fileInput.addEventListener(
  'change',
  () => fileInput.files?.[0] && void openFile(fileInput.files[0]),
);
const modeLabel = h('span', { class: 'mode', 'data-testid': 'mode' });
const liveButton = h('button', { type: 'button', title: 'Back to the live server' }, 'Use server');
liveButton.addEventListener('click', () => {
  client = createLiveClient();
  void render();
});
const header = h(
  'header',
  {},
  h('span', { class: 'brand' }, 'flowlens'),
  nav('graph'),
  h(
    'div',
    { class: 'header-tools' },
    modeLabel,
    h('label', { class: 'file-button' }, 'Open file', fileInput),
    liveButton,
    token,
  ),
);
const main = h('main', {});
app.replaceChildren(header, main);

addEventListener('popstate', () => void render());
document.addEventListener('click', (ev) => {
  const a = (ev.target as HTMLElement).closest('nav a');
  if (a instanceof HTMLAnchorElement && !ev.metaKey && !ev.ctrlKey) {
    ev.preventDefault();
    writeState({ view: a.dataset.view ?? 'graph' });
    void render();
  }
});
addEventListener('dragover', (ev) => ev.preventDefault());
addEventListener('drop', (ev) => {
  ev.preventDefault();
  const file = ev.dataTransfer?.files[0];
  if (file) {
    void openFile(file);
  }
});
void render();
