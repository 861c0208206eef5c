import { createHash } from 'node:crypto';
import type { Block } from '../../../core/shared/blocks.js';
import { now } from '../../../core/server/domain/ids.js';
import {
  insertTestSource,
  tempProject,
  withCoder,
  type TempProjectOptions,
  type TestProject,
} from '../helpers.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Paragraph blocks for text laid out as one block per line. */
export function paragraphs(text: string): Block[] {
  const blocks: Block[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    blocks.push({ type: 'paragraph', start, end: start + line.length });
    start += line.length + 1;
  }
  return blocks;
}

/** Adds a source with the given plain text directly (the import feature is tested elsewhere). */
export function addSource(p: TestProject, text: string, title = 'Verslag'): string {
  return insertTestSource(
    p,
    {
      caseId: null,
      title,
      kind: 'interview',
      documentType: 'interview-report',
      date: null,
      respondentId: null,
      validation: null,
      originalName: `${title}.txt`,
      sha256: sha(text),
      textSha256: sha(text),
      originalBytes: new TextEncoder().encode(text),
      createdAt: now(),
      createdBy: null,
    },
    { text, blocks: paragraphs(text), marks: [] },
  );
}

export const TEXT = [
  'De regio nam zelf het initiatief voor de deal.',
  'Het Rijk 😀 sloot pas later aan, zei de programmaleider.',
  'Brede welvaart bleef een lastig begrip.',
].join('\n');

/** A Regio Deals project with one coder and one source. */
export async function codingProject(opts: TempProjectOptions = {}) {
  const p = await tempProject(opts);
  const coderId = await withCoder(p);
  const sourceId = addSource(p, TEXT);
  const codes = await p.call('codes.tree', {});
  const byKey = (key: string) => {
    const c = codes.find((x) => x.key === key);
    if (!c) throw new Error(`template code ${key} missing`);
    return c.id;
  };
  return { p, coderId, sourceId, codes, byKey };
}
