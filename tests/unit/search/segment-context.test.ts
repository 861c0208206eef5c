import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Block, StructuredText } from '../../../core/shared/blocks.js';
import { now } from '../../../core/server/domain/ids.js';
import { segmentContexts } from '../../../db/queries/segment-context.js';
import { insertTestSource, tempProject, withCoder, type TestProject } from '../helpers.js';

/**
 * Retrieval cuts a segment's context from the blocks around it instead of the source's whole
 * text (issue 19). The context must be exactly what cutting it from the whole text gives: these
 * are the rules retrieval had (up to n units, widened to a word, kept within the paragraph).
 */
function before(text: string, start: number, n: number): string {
  let from = Math.max(0, start - n);
  const newline = text.lastIndexOf('\n', start - 1);
  if (newline >= from) from = newline + 1;
  else if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space >= 0 && space < start) from = space + 1;
  }
  if (/[\uDC00-\uDFFF]/.test(text[from] ?? '')) from++;
  return text.slice(from, start);
}
function after(text: string, end: number, n: number): string {
  let to = Math.min(text.length, end + n);
  const newline = text.indexOf('\n', end);
  if (newline >= 0 && newline < to) to = newline;
  else if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > end) to = space;
  }
  if (/[\uD800-\uDBFF]/.test(text[to - 1] ?? '')) to--;
  return text.slice(end, to);
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
function add(p: TestProject, doc: StructuredText, title: string): string {
  return insertTestSource(
    p,
    {
      caseId: null,
      title,
      kind: 'document',
      documentType: 'other',
      date: null,
      respondentId: null,
      validation: null,
      originalName: `${title}.txt`,
      sha256: sha(title + doc.text),
      textSha256: sha(doc.text),
      originalBytes: new TextEncoder().encode(doc.text),
      createdAt: now(),
      createdBy: null,
    },
    doc,
  );
}

/** Paragraphs, an empty paragraph, a page break, a table row of three cells, emoji. */
function laidOut(): StructuredText {
  const word = (i: number) => ['regio', 'Rijk', 'welvaart', '😀', 'deal', 'samenwerking'][i % 6];
  const line = (k: number, words: number) =>
    Array.from({ length: words }, (_, i) => word(i * k + k)).join(' ');
  const parts: {
    text: string;
    block: { type: Block['type'] } & Record<string, unknown>;
    sep: string;
  }[] = [];
  for (let k = 0; k < 40; k++)
    parts.push({ text: line(k, 5 + k * 7), block: { type: 'paragraph' }, sep: '\n' });
  parts.push({ text: '', block: { type: 'paragraph' }, sep: '\n' });
  for (let c = 0; c < 3; c++)
    parts.push({
      text: line(c + 2, 4 + c * 9),
      block: { type: 'table_cell', table: 0, row: 0, col: c, header: false },
      sep: c < 2 ? '\t' : '\n',
    });
  for (let k = 0; k < 4; k++)
    parts.push({ text: line(k + 5, 30), block: { type: 'heading', level: 2 }, sep: '\n' });
  let text = '';
  const blocks: Block[] = [];
  parts.forEach((part, i) => {
    if (i === 8) blocks.push({ type: 'page_break', start: text.length, end: text.length, page: 2 });
    blocks.push({
      ...part.block,
      start: text.length,
      end: text.length + part.text.length,
    } as Block);
    text += part.text;
    if (i < parts.length - 1) text += part.sep;
  });
  return { text, blocks, marks: [] };
}

describe('the context of a retrieved segment, from the blocks around it', () => {
  it('is the context cut from the whole text, for segments anywhere', async () => {
    const p = await tempProject();
    await withCoder(p);
    const doc = laidOut();
    const id = add(p, doc, 'Opgemaakt');
    // Outside the layout rule (two characters between blocks): read whole, the same context.
    const odd: StructuredText = {
      text: 'Een regel tekst.\n\nNog een regel met meer woorden erin.',
      blocks: [
        { type: 'paragraph', start: 0, end: 16 },
        { type: 'paragraph', start: 18, end: 53 },
      ],
      marks: [],
    };
    const oddId = add(p, odd, 'Anders');
    const hits: { sourceId: string; start: number; end: number }[] = [];
    expect(doc.text.length).toBeGreaterThan(20000);
    for (let start = 0; start < doc.text.length - 1; start += 13)
      hits.push({ sourceId: id, start, end: Math.min(doc.text.length, start + 1 + (start % 23)) });
    for (let start = 0; start < odd.text.length - 1; start += 3)
      hits.push({ sourceId: oddId, start, end: start + 2 });
    const texts = new Map([
      [id, doc.text],
      [oddId, odd.text],
    ]);
    for (const n of [0, 1, 10, 80, 400]) {
      // All at once (a source with many hits is read whole) and one by one (by its blocks).
      const got = segmentContexts(p.ctx.read(), hits, n);
      const oneByOne = hits.map((h) => segmentContexts(p.ctx.read(), [h], n)[0]);
      const want = hits.map((h) => {
        const text = texts.get(h.sourceId) as string;
        return n === 0
          ? { before: '', after: '' }
          : { before: before(text, h.start, n), after: after(text, h.end, n) };
      });
      expect(got).toEqual(want);
      expect(oneByOne).toEqual(want);
    }
  });

  it('comes with the segments retrieval returns', async () => {
    const p = await tempProject();
    await withCoder(p);
    const doc = laidOut();
    const sourceId = add(p, doc, 'Opgemaakt');
    const codes = await p.call('codes.tree', {});
    const code = codes.find((c) => c.dimension === 'principle')?.id as string;
    const at = doc.text.indexOf(' samenwerking', 300) + 1;
    await p.call('coding.apply', { sourceId, start: at, end: at + 12, codeIds: [code] });
    const found = await p.call('segments.query', { principles: [code], context: 80 });
    expect(found.segments.map((s) => [s.before, s.text, s.after])).toEqual([
      [before(doc.text, at, 80), 'samenwerking', after(doc.text, at + 12, 80)],
    ]);
    expect(found.segments[0]?.before.length).toBeGreaterThan(0);
  });
});
