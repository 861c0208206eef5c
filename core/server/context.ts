import type { Db } from '../../db/open.js';
import { CasusError } from '../shared/errors.js';
import { createChangeLog, type ChangeLog } from './changelog.js';
import type { Session } from './session.js';

/** What every handler gets besides its input. */
export interface ServiceContext {
  readonly session: Session;
  /** The open project's single writer connection; fails with `no_project` when none is open. */
  db(): Db;
  coderId(): string | null;
  /** Runs one user action: one transaction and one change-log group. */
  action<T>(name: string, fn: (log: ChangeLog) => T): T;
}

export function createContext(session: Session): ServiceContext {
  const db = (): Db => {
    if (!session.db)
      throw new CasusError('no_project', 'No project is open: open or create a project first');
    return session.db;
  };
  return {
    session,
    db,
    coderId: () => session.coderId,
    action(name, fn) {
      const conn = db();
      return conn.transaction(() => fn(createChangeLog(conn, name, session.coderId)))();
    },
  };
}
