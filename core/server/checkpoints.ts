import { checkpointAfterAnswers, checkpointIfLarge, type Db } from '../../db/open.js';
import type { Session } from './session.js';

/**
 * The write-ahead log checkpointed after a write has been answered, not inside the write: the
 * page shows the stored coding while the server copies the log into the project file. Each
 * connection the session opens is told (once) not to checkpoint in its commits; after each
 * write's answer has gone out, the log is checkpointed when it holds 1,000 pages or more, as
 * SQLite's own checkpoint would have done inside that write. Durability does not change: every
 * commit is synced in the log first.
 */
export class AnsweredCheckpoints {
  private readonly told = new WeakSet<Db>();

  /** Before a call: a connection not seen yet checkpoints no more in its commits. */
  beforeCall(db: Db | null): void {
    if (!db || this.told.has(db)) return;
    checkpointAfterAnswers(db);
    this.told.add(db);
  }

  /**
   * After a write's answer has been handed on (to the socket, to the window's process): the
   * checkpoint, if the log is long. Hosts call it once the answer is out of their hands.
   */
  afterAnswer(session: Session): void {
    setImmediate(() => {
      const db = session.db;
      // Another project may be open by now; a connection still checkpointing in its commits
      // needs nothing.
      if (!db || !this.told.has(db) || !db.open) return;
      try {
        checkpointIfLarge(db);
      } catch {
        // A busy or failing checkpoint leaves the log as it is: every commit in it is durable,
        // and the next write's checkpoint tries again (a storage problem shows on that write).
      }
    });
  }
}
