import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who has a project open. The workbench (desktop window or local server) leaves a small note
 * beside the project while it has it open; another process that opens the same file reads it and
 * says so ("open in Casus on this machine since 10:42"), then works through the busy timeout as
 * usual. A note whose process has gone is stale and ignored.
 */
export interface Presence {
  pid: number;
  host: string;
  app: 'workbench' | 'desktop';
  since: string;
}

export const presenceFile = (projectPath: string) => `${projectPath}.open`;

function alive(p: Presence): boolean {
  if (p.host !== hostname()) return true; // another machine (a shared folder): assume it is
  try {
    process.kill(p.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The other process that has the project open, if any. */
export function openElsewhere(projectPath: string): Presence | null {
  try {
    const p = JSON.parse(readFileSync(presenceFile(projectPath), 'utf8')) as Presence;
    if (p.pid === process.pid && p.host === hostname()) return null;
    return alive(p) ? p : null;
  } catch {
    return null;
  }
}

/** Leaves the note; returns the function that takes it away again. */
export function announce(projectPath: string, app: Presence['app']): () => void {
  const file = presenceFile(projectPath);
  const note: Presence = {
    pid: process.pid,
    host: hostname(),
    app,
    since: new Date().toISOString(),
  };
  try {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(note));
    renameSync(tmp, file);
  } catch {
    return () => undefined; // a read-only folder: no note, nothing else changes
  }
  let done = false;
  const remove = () => {
    if (done) return;
    done = true;
    try {
      const current = JSON.parse(readFileSync(file, 'utf8')) as Presence;
      if (current.pid === note.pid && current.since === note.since) rmSync(file, { force: true });
    } catch {
      // gone already
    }
  };
  process.once('exit', remove);
  return remove;
}

/** "open in Casus on this machine since 10:42" (for a command-line notice). */
export function describePresence(p: Presence): string {
  const where = p.host === hostname() ? 'on this machine' : `on ${p.host}`;
  const time = new Date(p.since).toTimeString().slice(0, 5);
  return `open in Casus ${where} since ${time} (process ${p.pid})`;
}
