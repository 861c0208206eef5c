import type { SnapshotKind } from './names.js';

/**
 * How long snapshots are kept. Applied after every new snapshot:
 * - the newest snapshot is always kept;
 * - snapshots taken by hand (`casus snapshot`, "Take a snapshot now") are kept until the user
 *   deletes them from the folder;
 * - the snapshots taken before a destructive operation (merging or deleting codes, importing a
 *   codebook, restoring, migrating) are kept for 14 days, the 30 newest of them (a script
 *   deleting a hundred codes must not fill the disk);
 * - of the automatic ones (on open, hourly), the newest of every clock hour (UTC) of the last 24
 *   hours and the newest of every day (UTC) of the last 14 days are kept. A snapshot before an
 *   operation does not take their place: the state in which a project was opened stays
 *   available after the first merge of the day;
 * - every other snapshot is deleted.
 */
export const RETENTION = {
  hours: 24,
  days: 14,
  beforeDays: 14,
  beforeAtMost: 30,
} as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Retained {
  id: string;
  takenAt: Date;
  kind: SnapshotKind;
}

/** The ids of the snapshots to keep at `now` (the others are to be deleted). */
export function snapshotsToKeep(entries: readonly Retained[], now: Date): Set<string> {
  const newestFirst = [...entries].sort(
    (a, b) => b.takenAt.getTime() - a.takenAt.getTime() || (a.id < b.id ? 1 : -1),
  );
  const keep = new Set<string>();
  if (newestFirst[0]) keep.add(newestFirst[0].id);
  const hours = new Set<number>();
  const days = new Set<number>();
  let before = 0;
  for (const e of newestFirst) {
    const t = e.takenAt.getTime();
    const age = now.getTime() - t;
    if (e.kind === 'manual') keep.add(e.id);
    if (e.kind === 'before' && age < RETENTION.beforeDays * DAY) {
      before += 1;
      if (before <= RETENTION.beforeAtMost) keep.add(e.id);
    }
    if (e.kind !== 'open' && e.kind !== 'hourly') continue;
    const hour = Math.floor(t / HOUR);
    if (age < RETENTION.hours * HOUR && !hours.has(hour)) {
      hours.add(hour);
      keep.add(e.id);
    }
    const day = Math.floor(t / DAY);
    if (age < RETENTION.days * DAY && !days.has(day)) {
      days.add(day);
      keep.add(e.id);
    }
  }
  return keep;
}
