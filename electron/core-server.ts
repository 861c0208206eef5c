import { AnsweredCheckpoints } from '../core/server/checkpoints.js';
import type { ServiceContext } from '../core/server/context.js';
import { dispatch, toErrorEnvelope } from '../core/server/dispatch.js';
import { workbenchCaller } from '../core/server/files/access.js';
import { liveHub } from '../core/server/review/live.js';
import type { Session } from '../core/server/session.js';
import type { Envelope } from '../core/shared/errors.js';
import { parseToCore, type CorePort, type FromCore } from './core-messages.js';

export interface CoreServerOptions {
  /** Resolves once the project named at start is open (or could not be opened). */
  context: Promise<ServiceContext>;
  /** Closes the project; runs on shutdown, after the calls under way have finished. */
  close(): void;
  /** Ends the process once the project is closed. */
  exit(): void;
  /** The session whose live presentation every window follows (review.live events). */
  session?: Session;
}

/**
 * The core process's side: answers every call with dispatch's envelope, as the HTTP server and
 * the CLI do. Calls run concurrently and are answered as each finishes.
 */
export function serveCore(port: CorePort<FromCore>, opts: CoreServerOptions): void {
  const underWay = new Set<Promise<void>>();
  const checkpoints = new AnsweredCheckpoints();
  let closing = false;
  // The audience window follows the presenter: each change goes to the main process at once.
  if (opts.session)
    liveHub(opts.session).subscribe((_state, json) =>
      port.postMessage({ type: 'event', channel: 'review.live', json }),
    );

  const reply = (id: number, envelope: Envelope<unknown>) => {
    try {
      port.postMessage({ type: 'reply', id, envelope });
    } catch (e) {
      // A value that cannot be copied between processes is a bug in a handler, not the user's.
      port.postMessage({
        type: 'reply',
        id,
        envelope: toErrorEnvelope(
          new Error(`the answer could not be sent: ${e instanceof Error ? e.message : String(e)}`),
        ),
      });
    }
  };

  port.onMessage((raw) => {
    const message = parseToCore(raw);
    if (!message) return;
    if (message.type === 'shutdown') {
      if (closing) return;
      closing = true;
      void Promise.allSettled([...underWay]).then(() => {
        try {
          opts.close();
        } finally {
          opts.exit();
        }
      });
      return;
    }
    if (closing) {
      reply(message.id, {
        ok: false,
        error: { code: 'internal', message: 'Casus is closing; the call was not run' },
      });
      return;
    }
    const call = opts.context
      // The window is a workbench: it names only the files the main process granted.
      .then(async (ctx) => {
        checkpoints.beforeCall(ctx.session.db);
        const envelope = await dispatch(
          message.method,
          message.input,
          ctx,
          workbenchCaller(message.granted),
        );
        reply(message.id, envelope);
        // The log is copied into the project once the answer is on its way, not inside a write.
        if (envelope.ok && envelope.changed) checkpoints.afterAnswer(ctx.session);
      })
      .catch((e: unknown) => reply(message.id, toErrorEnvelope(e)));
    underWay.add(call);
    void call.finally(() => underWay.delete(call));
  });
}
