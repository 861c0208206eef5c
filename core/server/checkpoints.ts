import {
  CHECKPOINT_PAGES,
  checkpointAfterAnswers,
  checkpointIfLarge,
  type Db,
} from '../../db/open.js';
import type { Session } from './session.js';

/**
 * How long the log waits after a write's answer for its checkpoint, ms: while the page renders
 * what the write changed and reads what it needs again, the checkpoint (copying 1,000 pages and
 * syncing the file, some 10–20 ms of the server's thread and the disk) would take a core from it;
 * the bench saw the coding that crossed the limit come out a frame later. Another write in that
 * time waits again: a researcher coding passage after passage has it in the first pause.
 */
export const CHECKPOINT_QUIET_MS = 1000;

/**
 * A log this long is checkpointed right after the answer, pause or not: writes that come without
 * one (an autocode, a batch of imports) keep it bounded.
 */
export const CHECKPOINT_NOW_PAGES = 4 * CHECKPOINT_PAGES;

/**
 * The write-ahead log checkpointed after writes have been answered, not inside a write: the
 * page shows the stored coding while the server copies the log into the project file. Each
 * connection the session opens is told (once) not to checkpoint in its commits; once writes
 * pause for CHECKPOINT_QUIET_MS, the log is checkpointed when it holds 1,000 pages or more, as
 * SQLite's own checkpoint would have done inside a write (at once when it holds
 * CHECKPOINT_NOW_PAGES). Durability does not change: every commit is synced in the log first.
 */
export class AnsweredCheckpoints {
  private readonly told = new WeakSet<Db>();
  private quiet: NodeJS.Timeout | null = null;

  /** Before a call: a connection not seen yet checkpoints no more in its commits. */
  beforeCall(db: Db | null): void {
    if (!db || this.told.has(db)) return;
    checkpointAfterAnswers(db);
    this.told.add(db);
  }

  /**
   * After a write's answer has been handed on (to the socket, to the window's process): the
   * checkpoint, once writes pause, if the log is long. Hosts call it once the answer is out of
   * their hands.
   */
  afterAnswer(session: Session): void {
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = setTimeout(() => {
      this.quiet = null;
      this.checkpoint(session, CHECKPOINT_PAGES);
    }, CHECKPOINT_QUIET_MS);
    // Nothing to wait for when the host is done (a closed project's log is checkpointed on close).
    this.quiet.unref();
    setImmediate(() => this.checkpoint(session, CHECKPOINT_NOW_PAGES));
  }

  private checkpoint(session: Session, pages: number): void {
    const db = session.db;
    // Another project may be open by now; a connection still checkpointing in its commits
    // needs nothing.
    if (!db || !this.told.has(db) || !db.open) return;
    try {
      checkpointIfLarge(db, pages);
    } catch {
      // A busy or failing checkpoint leaves the log as it is: every commit in it is durable,
      // and the next write's checkpoint tries again (a storage problem shows on that write).
    }
  }
}
