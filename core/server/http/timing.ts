import { cpuUsage } from 'node:process';

/**
 * Where the server's part of one API call went, for the `Server-Timing` header of its answer:
 * the browser shows it beside the request (DevTools, and `serverTiming` of the page's resource
 * timings, which the bench reads to split a round trip into the server's part and the rest).
 * A few clock reads per call; the answer's content does not change.
 */
export interface CallTiming {
  /** When the request was handed to the server (epoch ms, the clock the page can compare). */
  readonly receivedAt: number;
  /** The body is read and parsed. */
  bodyRead(): void;
  /** The method has run: input checked, handler, output checked. */
  dispatched(): void;
  /** The marks so far, ms after receipt (`performance.now()` clock), and CPU time of dispatch. */
  readonly marks: { start: number; body: number; dispatch: number; cpuUs: number };
}

export function startCallTiming(): CallTiming {
  const start = performance.now();
  const marks = { start, body: start, dispatch: start, cpuUs: 0 };
  let cpuBefore: NodeJS.CpuUsage | null = null;
  return {
    receivedAt: performance.timeOrigin + start,
    bodyRead() {
      marks.body = performance.now();
      marks.dispatch = marks.body;
      cpuBefore = cpuUsage();
    },
    dispatched() {
      marks.dispatch = performance.now();
      if (cpuBefore) {
        const d = cpuUsage(cpuBefore);
        marks.cpuUs = d.user + d.system;
      }
    },
    marks,
  };
}

const ms = (n: number): string => n.toFixed(2);

/**
 * The header: `body` (reading the request), `dispatch` (the method, wall clock) and `cpu` (its
 * CPU time: the rest of dispatch waited, for the disk or a core), `reply` (JSON until the answer
 * is handed to the socket), and `recv` with the epoch time the request arrived as description.
 */
export function serverTiming(t: CallTiming, end: number): string {
  const m = t.marks;
  return [
    `recv;desc="${t.receivedAt.toFixed(2)}"`,
    `body;dur=${ms(m.body - m.start)}`,
    `dispatch;dur=${ms(m.dispatch - m.body)}`,
    `cpu;dur=${ms(m.cpuUs / 1000)}`,
    `reply;dur=${ms(end - m.dispatch)}`,
  ].join(', ');
}
