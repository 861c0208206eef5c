/**
 * What the worker prints, one JSON object a line, and the driver reads back after the kill. A line
 * is printed only after the call it reports has returned, so an `ack` is a promise the project
 * must keep: its change-log group and every row it wrote (or removed) are on disk.
 */

/** A row an action left behind: table, change-log id, present (1) or removed (0). */
export type Claim = [table: string, id: string, present: 0 | 1];

export type WorkerLine =
  /** The project is open; nothing has been written yet. */
  | { t: 'ready'; session: string }
  /** Operation `n` starts. */
  | { t: 'begin'; n: number; op: string }
  /** Operation `n` starts the transaction of `action` (an aimed kill waits for this). */
  | { t: 'tx'; n: number; action: string }
  /** Operation `n` committed as change-log group `group` with `entries` entries. */
  | {
      t: 'ack';
      n: number;
      op: string;
      action: string;
      group: string;
      entries: number;
      claims: Claim[];
    }
  /** Operation `n` finished without writing (nothing to undo, a refused undo). */
  | { t: 'none'; n: number; op: string; why: string }
  /** Operation `n` failed in a way no user action should: the run fails. */
  | { t: 'fault'; n: number; op: string; message: string };

export function parseLines(out: string): WorkerLine[] {
  const lines: WorkerLine[] = [];
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as WorkerLine);
    } catch {
      // The last line may be cut off by the kill; it was never acknowledged.
    }
  }
  return lines;
}
