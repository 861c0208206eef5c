import { AudienceState } from '../shared/contract/review.js';
import { TOKEN_HEADER } from './transports.js';

export const REVIEW_STREAM = '/api/review.stream';

/** Splits a server-sent-events text into the data of its complete events; returns the rest. */
export function parseEvents(buffer: string): { events: string[]; rest: string } {
  const events: string[] = [];
  let rest = buffer.replaceAll('\r\n', '\n');
  let end = rest.indexOf('\n\n');
  while (end >= 0) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    const data = block
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(l.startsWith('data: ') ? 6 : 5));
    if (data.length) events.push(data.join('\n'));
    end = rest.indexOf('\n\n');
  }
  return { events, rest };
}

export interface LiveOptions {
  onState(state: AudienceState): void;
  /** The stream broke off (the server stopped, the network…); it reconnects by itself. */
  onLost?(message: string): void;
  fetchImpl?: typeof fetch;
  retryMs?: number;
}

/**
 * Follows the presentation in browser mode: reads the server's event stream with fetch() and
 * the token in a header (EventSource cannot send one, and a token in a URL ends up in logs and
 * history), hands on every state that is newer than the last, and reconnects when it breaks.
 * Returns a function that stops following.
 */
export function followLive(baseUrl: string, token: string, opts: LiveOptions): () => void {
  const fetchImpl = opts.fetchImpl ?? fetch;
  const abort = new AbortController();
  let last = -1;
  let stopped = false;
  const handle = (data: string) => {
    let state: AudienceState;
    try {
      state = AudienceState.parse(JSON.parse(data));
    } catch {
      return;
    }
    if (state.seq <= last) return;
    last = state.seq;
    opts.onState(state);
  };
  const run = async (): Promise<void> => {
    while (!stopped) {
      try {
        const response = await fetchImpl(`${baseUrl}${REVIEW_STREAM}`, {
          headers: { [TOKEN_HEADER]: token, Accept: 'text/event-stream' },
          signal: abort.signal,
        });
        if (!response.ok || !response.body)
          throw new Error(`the Casus server answered ${response.status}`);
        // A new connection starts from the server's current state.
        last = -1;
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          const parsed = parseEvents(buffer);
          buffer = parsed.rest;
          for (const e of parsed.events) handle(e);
        }
        if (!stopped) opts.onLost?.('the stream ended');
      } catch (e) {
        if (stopped) return;
        opts.onLost?.(e instanceof Error ? e.message : String(e));
      }
      await new Promise((resolve) => setTimeout(resolve, opts.retryMs ?? 1000));
    }
  };
  void run();
  return () => {
    stopped = true;
    abort.abort();
  };
}
