import { field, h, input, select } from '../ui/dom.ts';

/** A control in a view's form: its URL name, label and how to build it. */
export interface ControlSpec {
  readonly name: string;
  readonly label: string;
  readonly options?: readonly (readonly [string, string])[];
  readonly attrs?: Record<string, string>;
}

export const GROUPINGS = [
  ['ip', 'IP'],
  ['alias', 'Alias (known IPs)'],
  ['cidr:24,64', 'CIDR /24'],
  ['cidr:16,48', 'CIDR /16'],
  ['service', 'AWS service'],
  ['asn', 'ASN'],
  ['country', 'Country'],
] as const;

export const WEIGHT_OPTIONS = [
  ['flows', 'Flows'],
  ['packets', 'Packets'],
  ['bytes', 'Bytes'],
] as const;

/** The graph-shaping controls shared by the graph and diff views (names match the server's). */
export const SHAPE_CONTROLS: readonly ControlSpec[] = [
  { name: 'group', label: 'Group by', options: GROUPINGS },
  {
    name: 'action',
    label: 'Action',
    options: [
      ['', 'Any'],
      ['accept', 'ACCEPT'],
      ['reject', 'REJECT'],
    ],
  },
  { name: 'protocol', label: 'Protocol', attrs: { placeholder: 'tcp,udp' } },
  { name: 'port', label: 'Port', attrs: { placeholder: '443,22' } },
  { name: 'focus', label: 'Focus IP/CIDR', attrs: { placeholder: '10.0.0.0/16' } },
  { name: 'weight', label: 'Weight', options: WEIGHT_OPTIONS },
  {
    name: 'min-count',
    label: 'Min count',
    attrs: { type: 'number', min: '0', inputmode: 'numeric' },
  },
  { name: 'top', label: 'Top K', attrs: { type: 'number', min: '0', inputmode: 'numeric' } },
];

export const WINDOW_CONTROLS: readonly ControlSpec[] = [
  { name: 'hours', label: 'Last N hours', attrs: { type: 'number', min: '0', placeholder: 'all' } },
  { name: 'start', label: 'Start (UTC)', attrs: { placeholder: '2026-01-01T00:00:00Z' } },
  { name: 'stop', label: 'Stop (UTC)', attrs: { placeholder: '2026-01-01T01:00:00Z' } },
];

function control(spec: ControlSpec, value: string): HTMLElement {
  return spec.options
    ? select(spec.name, spec.options, value)
    : input(spec.name, value, { ...spec.attrs, id: `ctl-${spec.name}` });
}

/**
 * A form of controls that writes its values to the URL on submit. `fill` resets the values
 * from the URL state when it changes (back/forward, shared links).
 */
export function controlForm(
  specs: readonly ControlSpec[],
  onSubmit: (values: Record<string, string>) => void,
  submitLabel = 'Show',
): { element: HTMLFormElement; fill(state: Record<string, string>): void } {
  const form = h('form', { class: 'controls', 'aria-label': 'Query' });
  const controls = specs.map((s) => control(s, ''));
  specs.forEach((s, i) => form.append(field(s.label, controls[i]!)));
  form.append(h('button', { type: 'submit', class: 'primary' }, submitLabel));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const values: Record<string, string> = {};
    for (const s of specs) {
      values[s.name] = (
        (form.elements.namedItem(s.name) as HTMLInputElement | null)?.value ?? ''
      ).trim();
    }
    onSubmit(values);
  });
  return {
    element: form,
    fill(state) {
      for (const s of specs) {
        const el = form.elements.namedItem(s.name) as HTMLInputElement | null;
        if (el) {
          el.value = state[s.name] ?? (s.options ? (s.options[0]?.[0] ?? '') : '');
        }
      }
    },
  };
}
