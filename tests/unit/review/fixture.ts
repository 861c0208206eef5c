import { tempProject, withCoder, type TestProject } from '../helpers.js';

/** The demo study with a facilitator and one session being prepared. */
export async function reviewStudy() {
  const p = await tempProject({ demo: true });
  const coderId = await withCoder(p, 'Fenna Facilitator');
  const session = await p.call('review.sessions.create', {
    title: 'Terugkoppeling casussen',
    date: '2022-03-14',
  });
  return { p, coderId, session };
}

export const codeIdOf = (p: TestProject, key: string): string =>
  (p.db.prepare('SELECT id FROM codes WHERE key = ?').get(key) as { id: string }).id;
export const caseIdOf = (p: TestProject, key: string): string =>
  (p.db.prepare('SELECT id FROM cases WHERE key = ?').get(key) as { id: string }).id;

/** The framework matrix's row for a principle and category, and its column for a case. */
export function frameworkCell(
  p: TestProject,
  principle: string,
  category: string,
  caseKey: string,
) {
  return {
    row: `${codeIdOf(p, principle)}:${codeIdOf(p, category)}`,
    col: caseIdOf(p, caseKey),
  };
}
