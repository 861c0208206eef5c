import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open.js';
import { checkProject, logMark, type LogEntry, type Promises } from '../../torture/invariants.js';
import type { Claim } from '../../torture/protocol.js';
import { codingProject } from '../coding/fixture.js';
import { tempDir } from '../helpers.js';

/**
 * The kill test (`npm run torture`) passes only if its checks can see damage. Each case here
 * damages a project the way a broken write path would, behind the product's back, and expects
 * the check that names it — and no other failure for a healthy project.
 */
async function failingChecks(
  damage: (db: Db, ids: { segment: string; group: string; blockId: number }) => void,
  promise?: (p: Extract<Promises, { kind: 'core' }>) => Promises,
): Promise<string[]> {
  const { p, sourceId, byKey } = await codingProject({ file: true });
  const log = () => p.db.prepare('SELECT * FROM change_log ORDER BY seq').all() as LogEntry[];
  const before = logMark(log());
  const segment = await p.call('coding.apply', {
    sourceId,
    start: 0,
    end: 8,
    codeIds: [byKey('praktijk')],
  });
  const entries = log().filter((e) => e.seq > before.seq);
  const group = entries[0]!.group_id;
  const claims = entries.map((e): Claim => [e.entity, e.entity_id, e.after === null ? 0 : 1]);
  const acked: Extract<Promises, { kind: 'core' }> = {
    kind: 'core',
    session: p.session.id,
    acked: [{ n: 1, action: 'coding.apply', group, entries: entries.length, claims }],
  };
  const blockId = (
    p.db.prepare('SELECT id FROM blocks WHERE source_id = ? LIMIT 1').get(sourceId) as {
      id: number;
    }
  ).id;
  damage(p.db, { segment: segment.id, group, blockId });
  p.session.close();
  const copy = join(tempDir(), 'copy.casus');
  copyFileSync(p.path, copy);
  const { results } = checkProject(copy, before, promise ? promise(acked) : acked);
  return results.filter((r) => r.problems.length > 0).map((r) => r.name);
}

describe('the kill test sees damage', () => {
  it('passes a healthy project', async () => {
    expect(await failingChecks(() => {})).toEqual([]);
  });

  it('sees a row gone behind the change log', async () => {
    const failing = await failingChecks((db, { segment }) => {
      db.prepare('DELETE FROM codings WHERE segment_id = ?').run(segment);
      db.prepare('DELETE FROM segments WHERE id = ?').run(segment);
    });
    expect(failing).toEqual(['rows match the change log', 'acknowledged actions kept']);
  });

  it('sees a segment whose text is not its range', async () => {
    const failing = await failingChecks((db, { segment }) => {
      db.prepare("UPDATE segments SET text = 'De regi0' WHERE id = ?").run(segment);
    });
    expect(failing).toEqual(['segments inside their text', 'rows match the change log']);
  });

  it('sees each full-text index out of step with the blocks', async () => {
    for (const index of ['blocks_fts', 'blocks_trigram']) {
      const failing = await failingChecks((db, { blockId }) => {
        const text = db.prepare('SELECT text FROM blocks WHERE id = ?').pluck().get(blockId);
        db.prepare(`INSERT INTO ${index} (${index}, rowid, text) VALUES ('delete', ?, ?)`).run(
          blockId,
          text,
        );
      });
      expect(failing).toEqual(expect.arrayContaining([`${index} matches blocks`]));
    }
  });

  it('sees an acknowledged action lost whole (rows and log entries)', async () => {
    const failing = await failingChecks((db, { segment, group }) => {
      db.exec('DROP TRIGGER change_log_no_delete');
      db.prepare('DELETE FROM change_log WHERE group_id = ?').run(group);
      db.prepare('DELETE FROM codings WHERE segment_id = ?').run(segment);
      db.prepare('DELETE FROM segments WHERE id = ?').run(segment);
    });
    expect(failing).toEqual(['acknowledged actions kept']);
  });

  it('sees a change-log entry rewritten', async () => {
    const failing = await failingChecks((db) => {
      db.exec('DROP TRIGGER change_log_no_update');
      db.prepare("UPDATE change_log SET at = '2000-01-01T00:00:00.000Z' WHERE seq = 1").run();
    });
    expect(failing).toEqual(['change log only grew']);
  });

  it('allows one commit not yet acknowledged at the end: the call the kill interrupted', async () => {
    expect(
      await failingChecks(
        () => {},
        (acked) => ({ ...acked, acked: [] }),
      ),
    ).toEqual([]);
  });

  it('sees an acknowledged group other than the one the log holds', async () => {
    const failing = await failingChecks(
      () => {},
      (acked) => ({ ...acked, acked: [{ ...acked.acked[0]!, group: 'another-group' }] }),
    );
    expect(failing).toEqual(['acknowledged actions kept']);
  });
});
