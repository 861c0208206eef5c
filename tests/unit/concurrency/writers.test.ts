import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSource } from '../coding/fixture.js';
import { tempProject } from '../helpers.js';

const root = join(import.meta.dirname, '..', '..', '..');

function writer(path: string, n: number, name: string) {
  return new Promise<{ calls: number; failures: string[] }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'writer.ts'), path, String(n), name],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`writer ${name}: ${code} ${err}`)),
    );
  });
}

describe('one file, several writers', () => {
  it('two processes coding the same project while a third writes lose no call', async () => {
    const p = await tempProject({ file: true });
    addSource(p, 'De regio en het Rijk werkten samen aan een integrale aanpak. '.repeat(40));
    const n = 120;
    const both = Promise.all([writer(p.path, n, 'Ans'), writer(p.path, n, 'Bob')]);
    // Meanwhile this process (the workbench, say) writes too.
    const codes = await p.call('codes.tree', {});
    let mine = 0;
    for (let i = 0; i < 40; i++) {
      await p.call('memos.save', {
        targetType: 'code',
        targetId: codes[i % codes.length]!.id,
        body: '',
        bodyText: `memo ${i}`,
      });
      mine++;
    }
    const results = await both;
    expect(results.map((r) => r.failures)).toEqual([[], []]);
    expect(mine).toBe(40);
    const info = await p.call('project.info', {});
    // Every call of both writers is in: its own segment (each coder has their own) and memo.
    expect(info.counts.segments).toBe(2 * n);
    const memos = p.db
      .prepare("SELECT count(*) AS n FROM memos WHERE target_type = 'segment'")
      .get() as { n: number };
    expect(memos.n).toBe(2 * n);
  }, 120_000);
});
