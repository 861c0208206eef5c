import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import { tempDir } from '../helpers.js';

async function casus(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('casus codes add', () => {
  it('adds a code under a parent named by label, with its dimension, and lists it', async () => {
    const path = join(tempDir(), 'codes.casus');
    expect((await casus('new', path, '--template', 'blank')).code).toBe(0);
    const parent = await casus('codes', 'add', path, '--label-nl', 'Bestuur', '--json');
    expect(parent.code).toBe(0);
    const made = await casus(
      'codes',
      'add',
      path,
      '--label-nl',
      'Vertrouwen',
      '--label-en',
      'Trust',
      '--dimension',
      'category',
      '--parent',
      'bestuur',
      '--json',
    );
    expect(made.code).toBe(0);
    const code = JSON.parse(made.out) as { id: string; parentId: string; dimension: string };
    expect(code).toMatchObject({
      parentId: (JSON.parse(parent.out) as { id: string }).id,
      dimension: 'category',
    });
    const tree = JSON.parse((await casus('codes', path, '--json')).out) as { label_en: string }[];
    expect(tree.map((c) => c.label_en)).toContain('Trust');
  });

  it('names what is wrong: a missing label, an unknown dimension or parent', async () => {
    const path = join(tempDir(), 'codes.casus');
    await casus('new', path, '--template', 'blank');
    expect(await casus('codes', 'add', path)).toMatchObject({
      code: 2,
      err: 'casus codes: casus codes add needs --label-nl <label>',
    });
    const dim = await casus('codes', 'add', path, '--label-nl', 'X', '--dimension', 'mood');
    expect(dim.code).toBe(2);
    expect(dim.err).toMatch(/--dimension mood: not one of principle, category, phase, facet, free/);
    const parent = await casus('codes', 'add', path, '--label-nl', 'X', '--parent', 'Nergens');
    expect(parent.code).not.toBe(0);
    expect(parent.err).toMatch(/Nergens/);
    expect(JSON.parse((await casus('codes', path, '--json')).out)).toEqual([]);
  });
});
