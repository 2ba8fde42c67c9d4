import { liveUrl, parseLiveEvent, type LiveEvent } from '../../src/protocol/live-events.ts';
import { tokenStore } from './token-store.ts';

export type StreamState = 'connecting' | 'open' | 'closed';

export interface LiveStream {
  close(): void;
}

/**
 * The `/live` WebSocket (src/protocol/live-events.ts): typed events, the token as
 * `?access_token=`, and reconnection with backoff while the view is open.
 */
export function openLiveStream(
  onEvent: (e: LiveEvent) => void,
  onState: (s: StreamState, detail?: string) => void,
): LiveStream {
  let socket: WebSocket | null = null;
  let closed = false;
  let retry = 500;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const connect = () => {
    onState('connecting');
    const ws = new WebSocket(liveUrl(location.href, tokenStore.get() || undefined));
    socket = ws;
    ws.onopen = () => {
      retry = 500;
      onState('open');
    };
    ws.onmessage = (m) => {
      const e = typeof m.data === 'string' ? parseLiveEvent(m.data) : undefined;
      if (e) {
        onEvent(e);
      }
    };
    ws.onclose = (ev) => {
      if (closed) {
        return;
      }
      onState('closed', ev.code === 1006 ? 'connection lost or refused (token?)' : ev.reason);
      timer = setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10_000);
    };
  };
  connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      socket?.close();
    },
  };
}
