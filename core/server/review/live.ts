import type { AudienceState } from '../../shared/contract/review.js';
import type { Session } from '../session.js';

type Showing = Extract<AudienceState, { kind: 'showing' }>;
export type Listener = (state: AudienceState, json: string) => void;

/**
 * What the audience screens of one host show now. It lives in memory beside the Session (a
 * presentation is not project data: what the room saw is kept as snapshots), and every change
 * goes to every subscriber at once: the HTTP server's event streams, the Electron main process.
 */
export class LiveHub {
  private state: AudienceState = { kind: 'idle', seq: 0 };
  private json = JSON.stringify(this.state);
  /** The project the presentation belongs to: another project open means nothing is shown. */
  private project: string | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly session: Session) {}

  current(): AudienceState {
    if (this.state.kind === 'showing' && this.project !== this.session.path) this.stop();
    return this.state;
  }

  currentJson(): string {
    this.current();
    return this.json;
  }

  show(next: Omit<Showing, 'seq'>): AudienceState {
    this.project = this.session.path;
    return this.publish({ ...next, seq: this.state.seq + 1 });
  }

  stop(): AudienceState {
    if (this.state.kind === 'idle') return this.state;
    return this.publish({ kind: 'idle', seq: this.state.seq + 1 });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  private publish(state: AudienceState): AudienceState {
    this.state = state;
    this.json = JSON.stringify(state);
    for (const l of [...this.listeners]) {
      try {
        l(state, this.json);
      } catch {
        // A listener that fails (a closed stream) must not keep the others from the change.
        this.listeners.delete(l);
      }
    }
    return state;
  }
}

const hubs = new WeakMap<Session, LiveHub>();

/** The live presentation of a host's session. */
export function liveHub(session: Session): LiveHub {
  let hub = hubs.get(session);
  if (!hub) {
    hub = new LiveHub(session);
    hubs.set(session, hub);
  }
  return hub;
}
