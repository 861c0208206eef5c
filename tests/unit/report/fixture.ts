import { insertRespondent } from '../../../db/repo/respondents.js';
import { newId, now } from '../../../core/server/domain/ids.js';
import type { Coordinate } from '../../../core/shared/contract/synthesis.js';
import { addSource } from '../search/fixture.js';
import { tempProject, withCoder } from '../helpers.js';

export const REAL_NAME = 'Johanna Geheimnaam';

const body = (text: string) =>
  JSON.stringify({
    root: {
      type: 'root',
      version: 1,
      children: text.split('\n\n').map((t) => ({
        type: 'paragraph',
        version: 1,
        children: [{ type: 'text', text: t, version: 1 }],
      })),
    },
  });

/**
 * A Foodvalley study: two respondents (one with a real name the team recorded), an interview,
 * coded passages, and syntheses in three cells of the case report.
 */
export async function reportStudy() {
  const p = await tempProject();
  const coder = await withCoder(p, 'Anna de Vries');
  const cases = await p.call('cases.list', {});
  const fv = cases.find((c) => c.key === 'foodvalley')!.id;
  const codes = await p.call('codes.tree', {});
  const code = (key: string) => codes.find((c) => c.key === key)!.id;
  const sourceId = addSource(p, {
    title: 'Interview FV-R1',
    caseKey: 'foodvalley',
    respondent: { pseudonym: 'FV-R1', role: 'rijksdealmaker' },
    paragraphs: [
      'Het Rijk sloot pas later aan bij de deal.',
      'De regio had de regie over de agenda.',
      'Achteraf hadden we eerder met de ministeries moeten praten.',
    ],
  });
  const respondents = await p.call('respondents.list', {});
  const r1 = respondents.find((x) => x.pseudonym === 'FV-R1')!.id;
  const r2 = newId();
  p.ctx.action('test.respondent', (w) =>
    insertRespondent(w, {
      id: r2,
      pseudonym: 'FV-R2',
      role: 'programmaleiding',
      organisation: 'Regio Foodvalley',
      case_id: fv,
      real_name: null,
      created_at: now(),
    }),
  );
  await p.call('respondents.update', { id: r1, realName: REAL_NAME });
  const text = (await p.call('sources.get', { id: sourceId })).text;
  const seg = async (quote: string, keys: string[]) => {
    const start = text.indexOf(quote);
    return (
      await p.call('coding.apply', {
        sourceId,
        start,
        end: start + quote.length,
        codeIds: keys.map(code),
      })
    ).id;
  };
  const s1 = await seg('Het Rijk sloot pas later aan bij de deal.', ['multi-level', 'praktijk']);
  const s2 = await seg('De regio had de regie over de agenda.', [
    'multi-level',
    'politiek-bestuurlijk',
  ]);
  const s3 = await seg('Achteraf hadden we eerder met de ministeries moeten praten.', [
    'brede-welvaart',
    'reflectie',
  ]);
  const write = async (coordinate: Coordinate, bodyText: string, cite: string[]) => {
    await p.call('matrix.synthesis.save', { at: { coordinate }, body: body(bodyText), bodyText });
    for (const segmentId of cite)
      await p.call('matrix.synthesis.cite', { at: { coordinate }, segmentId });
  };
  const practice: Coordinate = {
    principle: code('multi-level'),
    case: fv,
    facet: code('praktijk'),
  };
  const factor: Coordinate = {
    principle: code('multi-level'),
    category: code('politiek-bestuurlijk'),
    case: fv,
  };
  const reflection: Coordinate = {
    principle: code('brede-welvaart'),
    case: fv,
    facet: code('reflectie'),
  };
  await write(
    practice,
    'Het Rijk schoof pas laat aan. De regio bepaalde de agenda.\n\nDe samenwerking groeide daarna.',
    [s1],
  );
  await write(factor, 'Bestuurlijk had de regio de regie.', [s2]);
  await write(reflection, 'Eerder overleg met het Rijk had geholpen.', [s3]);
  return { p, coder, fv, code, sourceId, r1, r2, s1, s2, s3, practice, factor, reflection, body };
}
