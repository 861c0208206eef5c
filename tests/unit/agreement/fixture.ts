import type { TestProject } from '../helpers.js';
import { tempProject } from '../helpers.js';
import { addSource } from '../coding/fixture.js';

/**
 * A source of 100 characters in three paragraphs [0,40) [41,70) [71,100), coded by two coders
 * exactly as the hand-computed source of measures.test.ts:
 *   A (Anna):  X on [0,20) and [50,60); Y on [75,95)
 *   B (Bart):  X on [10,30);            Y on [45,55) and [75,95)
 * X is the principle "brede-welvaart", Y "opgave-regio".
 */
export const TEXT = [
  'De regio nam zelf het initiatief, zei ze',
  'Het Rijk sloot pas later aan.',
  'Brede welvaart bleef lastig!!',
].join('\n');

export interface AgreementProject {
  p: TestProject;
  a: string;
  b: string;
  sourceId: string;
  x: string;
  y: string;
  code(key: string): string;
  /** Codes a range as a coder (switching the session's coder). */
  codeAs(
    coder: string,
    start: number,
    end: number,
    codeIds: string[],
    source?: string,
  ): Promise<void>;
}

/** `file`: a project file on disk (merging and the CLI open it by path). */
export async function agreementProject(opts: { file?: boolean } = {}): Promise<AgreementProject> {
  const p = await tempProject({ file: opts.file ?? false });
  const a = (await p.call('coders.create', { name: 'Anna Aerts', initials: 'AA' })).id;
  const b = (await p.call('coders.create', { name: 'Bart Bos', initials: 'BB' })).id;
  const sourceId = addSource(p, TEXT, 'Interview 1');
  const codes = await p.call('codes.tree', {});
  const code = (key: string) => {
    const c = codes.find((x) => x.key === key);
    if (!c) throw new Error(`template code ${key} missing`);
    return c.id;
  };
  const codeAs = async (
    coder: string,
    start: number,
    end: number,
    codeIds: string[],
    source = sourceId,
  ) => {
    await p.call('session.setCoder', { coderId: coder });
    await p.call('coding.apply', { sourceId: source, start, end, codeIds });
  };
  const x = code('brede-welvaart');
  const y = code('opgave-regio');
  await codeAs(a, 0, 20, [x]);
  await codeAs(a, 50, 60, [x]);
  await codeAs(a, 75, 95, [y]);
  await codeAs(b, 10, 30, [x]);
  await codeAs(b, 45, 55, [y]);
  await codeAs(b, 75, 95, [y]);
  return { p, a, b, sourceId, x, y, code, codeAs };
}
