import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snapshotsToKeep, RETENTION } from '../../../core/server/snapshots/retention.js';
import { tempProject } from '../helpers.js';
import { HOUR, openSession, testClock } from './fixture.js';

const DAY = 24 * HOUR;
const at = (iso: string) => new Date(iso);

describe('which snapshots are kept', () => {
  it('keeps the newest of each hour of the last day and of each day of the last 14 days', () => {
    const now = at('2025-03-20T12:30:00Z');
    const entries = [
      // Two in the same hour: the newer stays.
      { id: 'a', takenAt: at('2025-03-20T12:10:00Z'), kind: 'hourly' as const },
      { id: 'b', takenAt: at('2025-03-20T12:20:00Z'), kind: 'hourly' as const },
      { id: 'c', takenAt: at('2025-03-20T03:00:00Z'), kind: 'open' as const },
      // Yesterday, within 24 hours, hour by hour.
      { id: 'd', takenAt: at('2025-03-19T13:05:00Z'), kind: 'hourly' as const },
      { id: 'e', takenAt: at('2025-03-19T13:45:00Z'), kind: 'hourly' as const },
      // More than a day ago: one per day.
      { id: 'f', takenAt: at('2025-03-19T09:00:00Z'), kind: 'hourly' as const },
      { id: 'g', takenAt: at('2025-03-10T08:00:00Z'), kind: 'hourly' as const },
      { id: 'h', takenAt: at('2025-03-10T20:00:00Z'), kind: 'open' as const },
      // Older than 14 days: gone, unless taken by hand.
      { id: 'i', takenAt: at('2025-03-01T08:00:00Z'), kind: 'hourly' as const },
      { id: 'j', takenAt: at('2025-01-01T08:00:00Z'), kind: 'manual' as const },
    ];
    expect([...snapshotsToKeep(entries, now)].sort()).toEqual(['b', 'c', 'e', 'h', 'j']);
  });

  it('keeps snapshots before destructive operations for 14 days, the 30 newest', () => {
    const now = at('2025-03-20T12:00:00Z');
    // 40 in one hour (a script deleting codes), and one 13 and one 15 days ago.
    const burst = Array.from({ length: 40 }, (_, i) => ({
      id: `burst-${String(i).padStart(2, '0')}`,
      takenAt: new Date(now.getTime() - 2 * DAY + i * 60_000),
      kind: 'before' as const,
    }));
    const entries = [
      ...burst,
      { id: 'old', takenAt: new Date(now.getTime() - 15 * DAY), kind: 'before' as const },
      { id: 'recent', takenAt: new Date(now.getTime() - 13 * DAY), kind: 'before' as const },
    ];
    const keep = snapshotsToKeep(entries, now);
    // The 30 newest; the ten before them go, and so does the one 13 days old (the 41st);
    // the one 15 days old would have gone anyway.
    expect(burst.filter((b) => keep.has(b.id)).map((b) => b.id)).toEqual(
      burst.slice(10).map((b) => b.id),
    );
    expect(keep.has('recent')).toBe(false);
    expect(keep.has('old')).toBe(false);
    expect([...keep]).toHaveLength(RETENTION.beforeAtMost);
    expect(RETENTION.beforeAtMost).toBe(30);
  });

  it('keeps the snapshot of the opening next to later ones before operations', () => {
    const now = at('2025-03-20T10:40:00Z');
    const keep = snapshotsToKeep(
      [
        { id: 'open', takenAt: at('2025-03-20T10:00:00Z'), kind: 'open' },
        { id: 'merge', takenAt: at('2025-03-20T10:20:00Z'), kind: 'before' },
        { id: 'delete', takenAt: at('2025-03-20T10:30:00Z'), kind: 'before' },
      ],
      now,
    );
    expect([...keep].sort()).toEqual(['delete', 'merge', 'open']);
  });

  it('always keeps the newest snapshot, however old', () => {
    const keep = snapshotsToKeep(
      [{ id: 'only', takenAt: at('2020-01-01T00:00:00Z'), kind: 'hourly' }],
      at('2025-01-01T00:00:00Z'),
    );
    expect([...keep]).toEqual(['only']);
  });
});

describe('a workbench kept open for 20 days', () => {
  it('prunes its snapshot folder as it goes', async () => {
    const p = await tempProject({ template: 'blank', file: true });
    p.session.close();
    const clock = testClock('2025-03-01T00:00:00.000Z');
    const wb = await openSession(p.path, { auto: true, clock: clock.now });
    const keeper = wb.session.keeper!;
    await keeper.idle();
    // A change and a check every four hours.
    for (let h = 4; h < 20 * 24; h += 4) {
      clock.advance(4 * HOUR);
      await wb.call('codes.create', { label: { nl: `Code ${h}`, en: `Code ${h}` } });
      if (h === 4) {
        // 05:00 on the first day: one by hand, kept for good.
        clock.advance(HOUR);
        await wb.call('snapshots.take', { reason: 'by hand' });
        clock.advance(-HOUR);
      }
      if (h === 9 * 24 + 4) {
        // 05:00 on the tenth day: a code deleted.
        clock.advance(HOUR);
        const code = await wb.call('codes.create', { label: { nl: 'Weg', en: 'Gone' } });
        await wb.call('codes.delete', { id: code.id });
        clock.advance(-HOUR);
      }
      keeper.tick();
      await keeper.idle();
    }
    expect(clock.now().toISOString()).toBe('2025-03-20T20:00:00.000Z');
    const { folder, snapshots } = await wb.call('snapshots.list', {});
    const times = snapshots.map((s) => `${s.takenAt.slice(5, 16)} ${s.kind}`);
    const hourly = Array.from({ length: 6 }, (_, i) => 20 - 4 * i).map(
      (h) => `03-20T${String(h).padStart(2, '0')}:00 hourly`,
    );
    const daily = Array.from({ length: 13 }, (_, i) => 19 - i).map(
      (d) => `03-${String(d).padStart(2, '0')}T20:00 hourly`,
    );
    expect(times).toEqual([
      ...hourly,
      ...daily.slice(0, 10),
      '03-10T05:00 before',
      ...daily.slice(10),
      '03-01T05:00 manual',
    ]);
    // Nothing but the kept snapshots and their .json files is left in the folder.
    expect(readdirSync(folder!)).toHaveLength(2 * snapshots.length);
  }, 120_000);
});
