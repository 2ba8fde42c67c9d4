import type { DataClient } from '../data/client.ts';

/** One dashboard view: builds its DOM once, then loads whenever the URL state changes. */
export interface View {
  readonly element: HTMLElement;
  load(state: Record<string, string>, client: DataClient): Promise<void>;
  destroy(): void;
}

/** Views write their controls back to the URL through this. */
export type StateWriter = (patch: Record<string, string>) => void;
