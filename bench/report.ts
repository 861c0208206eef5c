import { join } from 'node:path';
import { createContext } from '../core/server/context.js';
import { dispatch } from '../core/server/dispatch.js';
import { CLI_CALLER } from '../core/server/files/access.js';
import { Session } from '../core/server/session.js';
import type { Measurement } from './harness.js';
import { callStudy, openStudy, type OpenedStudy } from './generate.js';

/**
 * Case reports (issue 13; target under 2 s): building the report and its DOCX for a case of the
 * generated study (500 sources a case at full size, a synthesis with quotations in a few cells),
 * and for the demo study's Foodvalley.
 */
async function studyCase(study: { path: string }) {
  const o = openStudy(study.path);
  const cases = await callStudy(o, 'cases.list', {});
  const caseId = cases[0]?.id ?? '';
  const codes = await callStudy(o, 'codes.tree', {});
  const principles = codes.filter(
    (c) => c.dimension === 'principle' && c.key !== 'opgavegericht-werken',
  );
  const found = await callStudy(o, 'segments.query', { caseIds: [caseId], limit: 30, context: 0 });
  for (const [i, p] of principles.entries()) {
    const coordinate = { principle: p.id, case: caseId };
    await callStudy(o, 'matrix.synthesis.save', {
      at: { coordinate },
      body: '',
      bodyText: `Synthese ${i}: de regio en het Rijk werkten samen. Niet alles ging goed.`,
    });
    for (const s of found.segments.slice(i * 3, i * 3 + 3))
      await callStudy(o, 'matrix.synthesis.cite', { at: { coordinate }, segmentId: s.id });
  }
  return { o, caseId };
}

async function demoCase(study: { dir: string }) {
  const session = new Session({ remember: false });
  const ctx = createContext(session);
  const created = await dispatch(
    'project.create',
    { path: join(study.dir, 'report-demo.casus'), template: 'regio-deals', demo: true },
    ctx,
    CLI_CALLER,
  );
  if (!created.ok) throw new Error(created.error.message);
  const o: OpenedStudy = { session, ctx };
  const cases = await callStudy(o, 'cases.list', {});
  return { o, caseId: cases.find((c) => c.key === 'foodvalley')?.id ?? '' };
}

type Prepared = Awaited<ReturnType<typeof studyCase>>;

export const measurements: Measurement[] = [
  {
    name: 'report.build (a case of the generated study)',
    n: 5,
    setup: studyCase,
    run: (_s, p) =>
      callStudy((p as Prepared).o, 'report.build', { caseId: (p as Prepared).caseId }),
  },
  {
    name: 'report.export docx (a case of the generated study)',
    n: 5,
    setup: studyCase,
    run: (_s, p) =>
      callStudy((p as Prepared).o, 'report.export', {
        caseId: (p as Prepared).caseId,
        format: 'docx',
      }),
  },
  {
    name: 'report.export docx (demo study, Foodvalley)',
    n: 10,
    setup: demoCase,
    run: (_s, p) =>
      callStudy((p as Prepared).o, 'report.export', {
        caseId: (p as Prepared).caseId,
        format: 'docx',
      }),
  },
];
