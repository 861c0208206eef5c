import type { SnapshotState } from '../../../db/snapshot.js';
import { reasons, type SnapshotReason } from './names.js';
import { holdsState, type StoredSnapshot } from './store.js';

/** What the keeper needs of the session that owns it. */
export interface KeptProject {
  /** The state of the open project, or null when none is open. */
  state(): SnapshotState | null;
  newest(): StoredSnapshot | undefined;
  take(reason: SnapshotReason): void;
  now(): Date;
}

const HOUR = 3_600_000;
/** How often the keeper looks whether an hourly snapshot is due. */
export const CHECK_EVERY = 5 * 60_000;

/**
 * The automatic snapshots of a long-lived session (the workbench): one when the project is
 * opened, and one every hour while it changes: when the newest snapshot (of any kind, also one
 * taken by a command meanwhile) is an hour old and the project's state differs from it. A state
 * that a snapshot already holds is never copied again. A failure (a full disk, a folder that went
 * away) does not stop the work: it is kept in `problem`, which the Restore view shows, and
 * the next check tries again.
 */
export class SnapshotKeeper {
  problem: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly project: KeptProject) {}

  /** Takes the on-open snapshot unless the newest one holds this state already. */
  onOpen(): void {
    this.attempt(() => {
      const state = this.project.state();
      if (state && !holdsState(this.project.newest(), state)) this.project.take(reasons.onOpen);
    });
  }

  /** One check: an hourly snapshot when one is due. */
  tick(): void {
    this.attempt(() => {
      const state = this.project.state();
      if (!state) return;
      const newest = this.project.newest();
      if (newest && this.project.now().getTime() - newest.takenAt.getTime() < HOUR) return;
      if (holdsState(newest, state)) return;
      this.project.take(reasons.hourly);
    });
  }

  start(): void {
    this.stop();
    this.timer = setInterval(() => this.tick(), CHECK_EVERY);
    // The timer never keeps a process alive on its own (a command that ends, a server stopping).
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private attempt(fn: () => void): void {
    try {
      fn();
      this.problem = null;
    } catch (e) {
      this.problem = e instanceof Error ? e.message : String(e);
      process.stderr.write(`casus: no automatic snapshot: ${this.problem}\n`);
    }
  }
}
