import { showError } from './status.ts';

/**
 * One request in flight per view: starting a load aborts the previous one, and a failure other
 * than that abort is shown in the view's status line.
 */
export function createLatestRequest(status: HTMLElement) {
  let abort: AbortController | null = null;
  return {
    async run(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
      abort?.abort();
      abort = new AbortController();
      try {
        await work(abort.signal);
      } catch (e) {
        if ((e as Error).name !== 'AbortError') {
          showError(status, e);
        }
      }
    },
    cancel(): void {
      abort?.abort();
    },
  };
}
