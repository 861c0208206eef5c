import type { SnapshotState } from '../../../db/snapshot.js';
import { reasons, type SnapshotReason } from './names.js';
import { holdsState, type StoredSnapshot } from './store.js';

/** What the keeper needs of the session that owns it. */
export interface KeptProject {
  /** The state of the open project, or null when none is open. */
  state(): SnapshotState | null;
  /** The open project's file, or null when none is open. */
  path(): string | null;
  newest(): StoredSnapshot | undefined;
  /** Takes an automatic snapshot; settles when it is written (off the caller's thread). */
  take(reason: SnapshotReason): Promise<unknown>;
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
 * the next check tries again. A failure belongs to the project it was taken of: a snapshot of
 * one project that fails after another was opened is not shown as the new project's problem.
 */
export class SnapshotKeeper {
  private failure: { path: string | null; message: string } | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** The automatic snapshot under way: at most one at a time. */
  private running: Promise<void> | null = null;
  /** A project was opened while a snapshot ran: its on-open check follows that one. */
  private openAgain = false;

  constructor(private readonly project: KeptProject) {}

  /** Why the last automatic snapshot of the open project failed; null when it did not. */
  get problem(): string | null {
    const f = this.failure;
    return f && f.path === this.project.path() ? f.message : null;
  }

  /** Takes the on-open snapshot unless the newest one holds this state already. */
  onOpen(): void {
    if (this.running) {
      this.openAgain = true;
      return;
    }
    this.attempt(() => {
      const state = this.project.state();
      return state && !holdsState(this.project.newest(), state) ? reasons.onOpen : null;
    });
  }

  /** One check: an hourly snapshot when one is due. */
  tick(): void {
    this.attempt(() => {
      const state = this.project.state();
      if (!state) return null;
      const newest = this.project.newest();
      if (newest && this.project.now().getTime() - newest.takenAt.getTime() < HOUR) return null;
      return holdsState(newest, state) ? null : reasons.hourly;
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

  /** Settles when no automatic snapshot is under way (the one running is written or failed). */
  async idle(): Promise<void> {
    // An on-open check that waited for the snapshot before it starts as that one ends.
    while (this.running) await this.running;
  }

  /**
   * Decides on the core's thread whether a snapshot is due (`decide` gives its reason, or null)
   * and starts it; the outcome lands in `problem` when it is written. While one runs, no other
   * starts (the next check looks again).
   */
  private attempt(decide: () => SnapshotReason | null): void {
    if (this.running) return;
    const path = this.project.path();
    let reason: SnapshotReason | null;
    try {
      reason = decide();
    } catch (e) {
      this.fail(path, e);
      return;
    }
    if (!reason) return;
    let taking: Promise<unknown>;
    try {
      taking = this.project.take(reason);
    } catch (e) {
      this.fail(path, e);
      return;
    }
    this.running = taking
      .then(
        () => {
          if (this.failure?.path === path) this.failure = null;
        },
        (e: unknown) => this.fail(path, e),
      )
      .finally(() => {
        this.running = null;
        if (this.openAgain) {
          this.openAgain = false;
          this.onOpen();
        }
      });
  }

  private fail(path: string | null, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.failure = { path, message };
    process.stderr.write(`casus: no automatic snapshot: ${message}\n`);
  }
}
