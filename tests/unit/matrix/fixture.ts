import { codeRange } from '../../../core/server/domain/segments.js';
import { tempProject, withCoder, type TempProjectOptions, type TestProject } from '../helpers.js';
import { addSource, codeId } from '../search/fixture.js';

export const id = (p: TestProject, key: string) => codeId(p, key);
export const caseId = (p: TestProject, key: string) =>
  (p.db.prepare('SELECT id FROM cases WHERE key = ?').get(key) as { id: string }).id;

/**
 * A hand-built study whose every cell is known:
 * g1 S1[0,10)  brede-welvaart, analytisch-inhoudelijk, beleidsvorming       (coder A)
 * g2 S1[5,15)  brede-welvaart, politiek-bestuurlijk   — overlaps g1          (coder A)
 * g3 S1[20,30) regionale-afbakening, institutioneel, beleidsuitvoering      (coder B)
 * g4 S2[0,8)   brede-welvaart + integrale-aanpak, analytisch-inhoudelijk, beleidsuitvoering (B)
 * g5 S3[0,12)  brede-welvaart, analytisch-inhoudelijk                        (coder A)
 * S1: approved interview, Achterhoek, R1 programmaleiding. S2: deal text, Foodvalley.
 * S3: draft interview, Den Haag Zuidwest, R2 rijksdealmaker. Drenthe has nothing.
 */
export async function matrixStudy(opts: TempProjectOptions = {}) {
  const p = await tempProject(opts);
  const coderB = await withCoder(p, 'Bea Bakker');
  const coderA = await withCoder(p, 'Anna de Vries');
  const db = p.db;
  const line = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const s1 = addSource(p, {
    title: 'Interview Achterhoek 1',
    caseKey: 'achterhoek',
    respondent: { pseudonym: 'R1', role: 'programmaleiding' },
    paragraphs: [line],
  });
  const s2 = addSource(p, {
    title: 'Dealtekst Foodvalley',
    caseKey: 'foodvalley',
    documentType: 'deal-text',
    paragraphs: [line],
  });
  const s3 = addSource(p, {
    title: 'Interview Den Haag 1',
    caseKey: 'den-haag-zuidwest',
    respondent: { pseudonym: 'R2', role: 'rijksdealmaker' },
    paragraphs: [line],
  });
  db.prepare("UPDATE sources SET validation = 'approved' WHERE id = ?").run(s1);
  db.prepare("UPDATE sources SET validation = 'draft' WHERE id = ?").run(s3);
  const code = (sourceId: string, start: number, end: number, keys: string[], coderId: string) =>
    p.ctx.action('test.code', (w) =>
      codeRange(w, {
        sourceId,
        start,
        end,
        codeIds: keys.map((k) => id(p, k)),
        coderId,
      }),
    ).segment.id;
  const g1 = code(
    s1,
    0,
    10,
    ['brede-welvaart', 'analytisch-inhoudelijk', 'beleidsvorming'],
    coderA,
  );
  const g2 = code(s1, 5, 15, ['brede-welvaart', 'politiek-bestuurlijk'], coderA);
  const g3 = code(
    s1,
    20,
    30,
    ['regionale-afbakening', 'institutioneel', 'beleidsuitvoering'],
    coderB,
  );
  const g4 = code(
    s2,
    0,
    8,
    ['brede-welvaart', 'integrale-aanpak', 'analytisch-inhoudelijk', 'beleidsuitvoering'],
    coderB,
  );
  const g5 = code(s3, 0, 12, ['brede-welvaart', 'analytisch-inhoudelijk'], coderA);
  return { p, coderA, coderB, s1, s2, s3, g1, g2, g3, g4, g5 };
}
