import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import type {
  ReviewFollowUp,
  ReviewItem,
  ReviewRemark,
} from '../../../core/shared/contract/review.js';
import { tempDir, tempProject } from '../helpers.js';

async function casus(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('casus review', () => {
  it('prepares a session, captures remarks, lists follow-ups and writes the minutes', async () => {
    const p = await tempProject({ demo: true, file: true });
    p.session.close();
    const file = p.path;
    const made = await casus(
      'review',
      'new',
      file,
      '--title',
      'Terugkoppeling',
      '--date',
      '2022-03-14',
      '--json',
    );
    expect(made.code).toBe(0);
    const session = JSON.parse(made.out) as { id: string };

    const row = await casus(
      'review',
      'add-item',
      file,
      '--session',
      session.id,
      '--matrix',
      'framework',
      '--row',
      'multi-level',
      '--question',
      'Herkent u dit?',
      '--json',
    );
    expect(row.code, row.err).toBe(0);
    expect((JSON.parse(row.out) as ReviewItem).focusLabel.nl).toBe('Samenwerking: multi-level');
    // The session by its title, a saved matrix by its name, a cell by keys.
    const cell = await casus(
      'review',
      'add-item',
      file,
      '--session',
      'Terugkoppeling',
      '--matrix',
      'Uitgangspunten × casussen',
      '--cell',
      'multi-level:institutioneel,achterhoek',
      '--quotes',
      '2',
    );
    expect(cell.code, cell.err).toBe(0);
    expect(cell.out).toMatch(
      /^Added item 2: Uitgangspunten × casussen — Samenwerking: multi-level — Institutioneel × Achterhoek/,
    );

    const remark = await casus(
      'review',
      'remark',
      file,
      '--session',
      session.id,
      '--item',
      '1',
      '--tag',
      'disputed',
      '--text',
      'Bij ons anders',
      '--cell',
      'multi-level:institutioneel,achterhoek',
      '--json',
    );
    expect(remark.code, remark.err).toBe(0);
    const r = JSON.parse(remark.out) as ReviewRemark;
    expect(r).toMatchObject({ n: 1, tag: 'disputed', by: null, followUp: { state: 'open' } });
    const question = await casus(
      'review',
      'remark',
      file,
      '--session',
      session.id,
      '--item',
      '2',
      '--tag',
      'question',
      '--text',
      'Hoe geteld?',
    );
    expect(question.out).toBe('Remark #2 on item 2 (question)');

    const bad = await casus(
      'review',
      'remark',
      file,
      '--session',
      session.id,
      '--item',
      '1',
      '--tag',
      'maybe',
      '--text',
      'x',
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      'casus review: --tag must be one of recognised, disputed, addition, question, decision, not "maybe"',
    );

    const open = await casus('review', 'followups', file, '--state', 'open', '--json');
    const list = JSON.parse(open.out) as ReviewFollowUp[];
    expect(list.map((f) => [f.n, f.tag, f.cell?.label.nl])).toEqual([
      [1, 'disputed', 'Samenwerking: multi-level — Institutioneel × Achterhoek'],
    ]);

    const dir = tempDir();
    const out = join(dir, 'verslag.html');
    const minutes = await casus(
      'review',
      'minutes',
      file,
      '--session',
      session.id,
      '--format',
      'html',
      '--out',
      out,
    );
    expect(minutes.code, minutes.err).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('#1 [betwist] Bij ons anders — de zaal');
    expect(html).toContain('#2 [vraag] Hoe geteld? — de zaal');
    // Never onto a project, never over a file without --force.
    const onProject = await casus(
      'review',
      'minutes',
      file,
      '--session',
      session.id,
      '--format',
      'docx',
      '--out',
      file,
    );
    expect(onProject.code).toBe(1);
    expect(onProject.err).toMatch(/open project/);
    const again = await casus(
      'review',
      'minutes',
      file,
      '--session',
      session.id,
      '--format',
      'html',
      '--out',
      out,
    );
    expect(again.err).toMatch(/already exists/);
    const forced = await casus(
      'review',
      'minutes',
      file,
      '--session',
      session.id,
      '--format',
      'docx',
      '--lang',
      'en',
      '--out',
      join(dir, 'minutes.docx'),
    );
    expect(forced.code, forced.err).toBe(0);

    const sessions = await casus('review', file);
    expect(sessions.out).toMatch(/2022-03-14\s+Terugkoppeling\s+2\s+2\s+1/);
  });
});
