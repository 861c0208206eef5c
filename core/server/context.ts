import { readerFor, runAction, type Reader, type Writer } from '../../db/access.js';
import type { Table } from '../../db/tables.js';
import { CasusError } from '../shared/errors.js';
import type { Session } from './session.js';

/** What every handler gets besides its input. */
export interface ServiceContext {
  readonly session: Session;
  /** Reads the open project; fails with `no_project` when none is open. */
  read(): Reader;
  coderId(): string | null;
  /**
   * Runs one user action: one IMMEDIATE transaction and one change-log group, recorded with the
   * coder and session. Every write goes through repositories that log themselves.
   */
  action<T>(name: string, fn: (w: Writer) => T): T;
  /** Tables changed by this call's actions (what a client must re-read). */
  readonly changed: ReadonlySet<Table | '*'>;
  /** Everything may have changed (another project was opened). */
  changedAll(): void;
  /** A fresh context on the same session for one call (dispatch makes one per call). */
  forCall(): ServiceContext;
}

/** A context for one call of one host: it collects what the call changed. */
export function createContext(session: Session): ServiceContext {
  const changed = new Set<Table | '*'>();
  const conn = () => {
    if (!session.db)
      throw new CasusError('no_project', 'No project is open: open or create a project first');
    return session.db;
  };
  return {
    session,
    read: () => readerFor(session.past?.db ?? conn()),
    coderId: () => session.coderId,
    action(name, fn) {
      if (session.past)
        throw new CasusError(
          'in_the_past',
          `You are looking at the project as it was on ${session.past.at.slice(0, 16).replace('T', ' ')}: nothing can be changed there. Return to the present first.`,
          { at: session.past.at },
        );
      const r = runAction(conn(), { name, coderId: session.coderId, sessionId: session.id }, fn);
      for (const t of r.changed) changed.add(t);
      return r.value;
    },
    changed,
    changedAll: () => changed.add('*'),
    forCall: () => createContext(session),
  };
}
