import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import { tempDir, tempProject } from '../helpers.js';

async function casus(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('casus report, validation and respondents on the demo study', () => {
  it('sends the Foodvalley report round, records answers and a correction, and exports what changed', async () => {
    const p = await tempProject({ demo: true, file: true });
    p.session.close();
    const dir = tempDir();
    const path = p.path;

    const list = JSON.parse((await casus('respondents', path, '--json')).out) as {
      pseudonym: string;
    }[];
    expect(list.map((r) => r.pseudonym)).toContain('FV-R1');
    const set = await casus('respondents', 'set', path, 'FV-R1', '--real-name', 'Greet Geheim');
    expect(set.out).toBe('Updated FV-R1 (real name recorded, confidential)');
    expect((await casus('respondents', path)).out).not.toContain('Greet Geheim');

    const round = JSON.parse(
      (
        await casus(
          'validation',
          'round',
          path,
          '--case',
          'foodvalley',
          '--respondents',
          'FV-R1,FV-R2',
          '--date',
          '2021-03-01',
          '--json',
        )
      ).out,
    ) as { id: string; number: number; version: { number: number } };
    expect(round).toMatchObject({ number: 1, version: { number: 1 } });

    expect(
      (
        await casus(
          'validation',
          'answer',
          path,
          '--round',
          round.id,
          '--respondent',
          'FV-R1',
          '--status',
          'approved',
        )
      ).code,
    ).toBe(0);
    const corrected = await casus(
      'validation',
      'correct',
      path,
      '--round',
      round.id,
      '--respondent',
      'FV-R2',
      '--section',
      'multi-level:politiek-bestuurlijk',
      '--text',
      'De provincie zat er ook bij.',
      '--json',
    );
    expect(corrected.code).toBe(0);
    const correction = JSON.parse(corrected.out) as { id: string; where: string };
    expect(correction.where).toMatch(
      /^Samenwerking: multi-level × Politiek-bestuurlijk × .*Foodvalley$/,
    );

    const status = JSON.parse(
      (await casus('validation', 'status', path, '--case', 'Foodvalley', '--json')).out,
    ) as { openCorrections: number; canConfirm: boolean; blockers: string[] };
    expect(status).toMatchObject({ openCorrections: 1, canConfirm: false });
    expect((await casus('validation', 'confirm', path, '--case', 'foodvalley')).err).toMatch(
      /cannot be marked validated yet: 1 correction is still open/,
    );
    expect(
      (await casus('validation', 'resolve', path, '--correction', correction.id, '--reject')).err,
    ).toMatch(/Say why/);
    const resolved = await casus(
      'validation',
      'resolve',
      path,
      '--correction',
      correction.id,
      '--accept',
    );
    expect(resolved.out).toBe(`Correction ${correction.id}: accepted`);

    const docx = join(dir, 'foodvalley.docx');
    expect(
      (await casus('report', path, '--case', 'foodvalley', '--format', 'docx', '--out', docx)).code,
    ).toBe(0);
    const parts = unzipSync(new Uint8Array(readFileSync(docx)));
    const xml = strFromU8(parts['word/document.xml'] as Uint8Array);
    expect(xml).toContain('Casusrapport: Foodvalley');
    for (const part of Object.values(parts)) expect(strFromU8(part)).not.toContain('Greet Geheim');
    const html = join(dir, 'changes.html');
    const diff = await casus(
      'report',
      path,
      '--case',
      'foodvalley',
      '--format',
      'html',
      '--diff-from',
      round.id,
      '--out',
      html,
    );
    expect(diff.code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('Wat is veranderd sinds versie 1');
    // Refuses to write over what it wrote, without --force.
    expect(
      (await casus('report', path, '--case', 'foodvalley', '--format', 'html', '--out', html)).err,
    ).toMatch(/already exists/);
  });
});
