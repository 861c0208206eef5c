import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import { presenceFile } from '../../../core/server/domain/presence.js';
import { Session } from '../../../core/server/session.js';
import { tempDir } from '../helpers.js';

async function casus(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the command line on a blank study', () => {
  it('adds cases and coders, then imports into a case and codes as a named coder', async () => {
    const dir = tempDir();
    const path = join(dir, 'blank.casus');
    expect((await casus('new', path, '--template', 'blank')).code).toBe(0);
    const file = join(dir, 'verslag.txt');
    writeFileSync(file, 'De gemeente en de provincie werkten samen.');
    // No cases yet: the message says so instead of listing nothing.
    const early = await casus('import', path, file, '--case', 'noord');
    expect(early.err).toMatch(/No case called "noord" \(there are no cases yet\)/);

    const added = await casus(
      'cases',
      'add',
      path,
      '--key',
      'noord',
      '--label-nl',
      'Regio Noord',
      '--label-en',
      'North',
    );
    expect(added).toMatchObject({ code: 0, out: expect.stringMatching(/^Added case noord \(/) });
    const listed = JSON.parse((await casus('cases', path, '--json')).out) as { key: string }[];
    expect(listed.map((c) => c.key)).toEqual(['noord']);
    expect((await casus('cases', 'add', path, '--key', 'noord', '--label-nl', 'X')).err).toMatch(
      /already exists/,
    );

    expect((await casus('coders', 'add', path, '--name', 'Bram Öztürk')).out).toBe(
      'Added coder Bram Öztürk (BÖ)',
    );
    const imported = JSON.parse(
      (await casus('import', path, file, '--case', 'North', '--json')).out,
    ) as {
      results: { id: string }[];
    };
    const coded = await casus(
      'code',
      path,
      '--source',
      imported.results[0]!.id,
      '--start',
      '3',
      '--end',
      '11',
      '--codes',
      'none',
      '--coder',
      'Bram Öztürk',
    );
    // A blank study has no codes yet either; the message names the code that is missing.
    expect(coded.err).toMatch(/No code called "none" \(there are no codes yet\)/);
  });
});

describe('what the command line says before it starts', () => {
  it('notes when the workbench has the project open, and works on', async () => {
    const dir = tempDir();
    const path = join(dir, 'shared.casus');
    await casus('new', path);
    // Another process (any live one will do) has left its note beside the project.
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(
        presenceFile(path),
        JSON.stringify({
          pid: other.pid,
          host: hostname(),
          app: 'workbench',
          since: '2026-12-01T09:42:00.000Z',
        }),
      );
      const r = await casus('info', path);
      expect(r.code).toBe(0);
      expect(r.err).toMatch(
        /^casus: note: shared\.casus is open in Casus on this machine since \d\d:\d\d \(process \d+\); changes wait their turn$/,
      );
    } finally {
      other.kill();
    }
    // A note left by a process that is gone says nothing.
    writeFileSync(
      presenceFile(path),
      JSON.stringify({
        pid: 999_999_99,
        host: hostname(),
        app: 'workbench',
        since: '2026-12-01T09:42:00.000Z',
      }),
    );
    expect((await casus('info', path)).err).toBe('');
  });

  it('the workbench leaves its note while it has the project open, and takes it away', async () => {
    const dir = tempDir();
    const path = join(dir, 'open.casus');
    await casus('new', path);
    const workbench = new Session({ remember: false, announce: 'workbench' });
    workbench.open(path);
    expect(existsSync(presenceFile(path))).toBe(true);
    workbench.close();
    expect(existsSync(presenceFile(path))).toBe(false);
  });

  it('warns about a project in a cloud-synced folder, as the status bar does', async () => {
    const dir = join(tempDir(), 'OneDrive - PBL');
    mkdirSync(dir);
    const path = join(dir, 'study.casus');
    await casus('new', path);
    const r = await casus('sources', path);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/study\.casus lies in a cloud-synced folder \(OneDrive\).*local disk/);
  });
});
