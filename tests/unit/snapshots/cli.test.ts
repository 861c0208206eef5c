import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import { codingProject } from '../coding/fixture.js';
import { dump } from './fixture.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

async function casus(...args: string[]) {
  const r = io();
  const code = await runCli(args, r.io);
  return { code, out: r.out.join('\n'), err: r.err.join('\n') };
}

describe('casus snapshots / snapshot / restore', () => {
  it('takes, lists and restores snapshots as a copy and in place', async () => {
    const { p, sourceId, byKey } = await codingProject({ file: true });
    await p.call('coding.apply', { sourceId, start: 0, end: 8, codeIds: [byKey('factor')] });
    p.session.close();
    const path = p.path;

    const empty = await casus('snapshots', path);
    expect(empty.out).toMatch(/^Snapshots in .*test\.casus-snapshots\n\(none yet\)/);
    expect(empty.out).toMatch(/kept as follows/);

    const taken = await casus('snapshot', path, '--reason', 'voor de review', '--json');
    expect(taken.code).toBe(0);
    const s = JSON.parse(taken.out) as { id: string; reason: string; folder: string };
    expect(s).toMatchObject({
      reason: 'voor de review',
      folder: path.replace(/\.casus$/, '.casus-snapshots'),
    });
    expect(s.id).toMatch(/_manual-voor-de-review$/);

    const listed = await casus('snapshots', path);
    expect(listed.out).toContain(s.id);
    expect(listed.out).toMatch(/voor de review .* coding\.apply \(Test Coder\)/);

    const copy = join(path, '..', 'kopie.casus');
    const asCopy = await casus('restore', path, '--snapshot', s.id, '--out', copy);
    expect(asCopy).toMatchObject({ code: 0 });
    expect(asCopy.out).toMatch(/as .*kopie\.casus \(a new project; test\.casus is unchanged\)/);
    expect(dump(copy)).toEqual(dump(join(s.folder, `${s.id}.casus`)));

    const refused = await casus('restore', path, '--snapshot', s.id, '--out', copy);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /kopie\.casus already exists: a restored copy never replaces a file/,
    );

    // A change after the snapshot, which restoring in place takes back.
    expect((await casus('cases', 'add', path, '--label-nl', 'Erna')).code).toBe(0);
    const hasErna = (file: string) => dump(file).cases!.some((c) => c.label_nl === 'Erna');
    expect(hasErna(path)).toBe(true);
    const inPlace = await casus('restore', path, '--snapshot', s.id, '--in-place', '--json');
    expect(inPlace.code).toBe(0);
    const r = JSON.parse(inPlace.out) as { mode: string; path: string; before: { id: string } };
    expect(r).toMatchObject({ mode: 'inPlace', path });
    expect(r.before.id).toMatch(/_before-restore$/);
    expect(hasErna(path)).toBe(false);
    expect(hasErna(join(s.folder, `${r.before.id}.casus`))).toBe(true);
  });

  it('says what is missing or wrong', async () => {
    const { p } = await codingProject({ file: true });
    p.session.close();
    const none = await casus('restore', p.path, '--snapshot', 'x');
    expect(none).toMatchObject({ code: 2 });
    expect(none.err).toMatch(/Give either --out <new\.casus> .* or --in-place/);
    const both = await casus('restore', p.path, '--snapshot', 'x', '--in-place', '--out', 'y');
    expect(both.err).toMatch(/Give either/);
    const noId = await casus('restore', p.path, '--in-place');
    expect(noId.err).toMatch(/Missing --snapshot <id>/);
    const bad = await casus('restore', p.path, '--snapshot', 'nonsense', '--in-place');
    expect(bad.err).toMatch(/"nonsense" is not a snapshot id/);
    const unknown = await casus(
      'restore',
      p.path,
      '--snapshot',
      '2024-01-01T00-00-00-000Z_hourly',
      '--in-place',
    );
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.err).toMatch(
      /No snapshot 2024-01-01T00-00-00-000Z_hourly in .*test\.casus-snapshots/,
    );
  });
});
