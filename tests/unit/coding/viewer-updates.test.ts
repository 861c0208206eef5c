import { buildViewerDoc } from './viewer-doc.js';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../core/shared/blocks.js';
import type { CodedSegment } from '../../../core/shared/contract/coding.js';
import type { Code } from '../../../core/shared/contract/schemas.js';
import {
  $patchDocument,
  runsInOrder,
  runsSpan,
  spliceRuns,
} from '../../../renderer/src/features/coding/lexicalDoc.js';
import { buildRuns, type Span } from '../../../renderer/src/features/coding/runs.js';
import {
  renamedStripes,
  sameCodeLooks,
} from '../../../renderer/src/features/coding/viewer/renamedStripes.js';
import { commonEnds, rederive } from '../../../renderer/src/features/coding/viewer/rederive.js';
import { shownChanges } from '../../../renderer/src/features/coding/viewer/touchedBlocks.js';
import type { Stripe } from '../../../renderer/src/features/coding/viewer/stripe.js';

type ShownSegment = { seg: CodedSegment; codings: CodedSegment['codings'] };

/** Thirty paragraphs, a page break among them: as the importer lays a report out. */
function fixture() {
  let text = '';
  const blocks: Block[] = [];
  for (let i = 0; i < 30; i++) {
    if (i === 12)
      blocks.push({ type: 'page_break', page: 2, start: text.length + 1, end: text.length + 1 });
    if (text) text += '\n';
    const start = text.length;
    text += `Alinea ${i}: ${'woorden in een zin '.repeat(4)}`;
    blocks.push({ type: 'paragraph', start, end: text.length });
  }
  return { text, blocks };
}

const build = (text: string, blocks: Block[], spans: Span[]) =>
  buildViewerDoc(text, blocks, spans, { chunkLines: 10 });

describe('patching the viewer document after a coding', () => {
  it('lists the runs in text order as a fresh listing does, having listed only the patched blocks again', () => {
    const { text, blocks } = fixture();
    const at = (i: number, from: number, to: number) => ({
      start: (blocks[i] as Block).start + from,
      end: (blocks[i] as Block).start + to,
    });
    const spans: Span[] = [
      { id: 'a', ...at(3, 2, 30) },
      { id: 'b', ...at(20, 0, 10) },
    ];
    const { editor, doc } = build(text, blocks, spans);
    let sorted = runsInOrder(doc);
    // Three codings, one of them over two blocks and one beside an earlier coding: each patch
    // swaps the runs of the blocks it touched.
    const codings: Span[] = [
      { id: 'c', start: at(5, 4, 0).start, end: at(6, 0, 12).end },
      { id: 'd', ...at(20, 5, 40) },
      { id: 'e', ...at(0, 0, 3) },
    ];
    for (const coding of codings) {
      spans.push(coding);
      const touched = blocks
        .map((b, i) => [b, i] as const)
        .filter(([b]) => b.end > b.start && b.end > coding.start && b.start < coding.end)
        .map(([, i]) => i);
      const first = touched[0] as number;
      const last = touched[touched.length - 1] as number;
      const span = runsSpan(doc, sorted, first, last);
      expect(span).not.toBeNull();
      let patched = 0;
      editor.update(
        () => {
          patched = $patchDocument(
            doc,
            text,
            buildRuns(
              touched.map((i) => blocks[i] as Block),
              [],
              spans,
            ),
            (ids) => ids.join(),
            touched,
          );
        },
        { discrete: true },
      );
      expect(patched).toBe(touched.length);
      sorted = spliceRuns(doc, sorted, span as NonNullable<typeof span>, first, last);
      expect(sorted).toEqual(runsInOrder(doc));
    }
    // And the runs cover the text in order, the new codings' ids on theirs.
    const ids = sorted.filter(([, r]) => r.segmentIds.includes('c')).map(([, r]) => r.start);
    expect(ids[0]).toBe(codings[0]?.start);
    for (let i = 1; i < sorted.length; i++)
      expect((sorted[i] as [string, { start: number }])[1].start).toBeGreaterThanOrEqual(
        (sorted[i - 1] as [string, { end: number }])[1].end,
      );
  });
});

const code = (id: string, color = '#336699'): Code => ({
  id,
  parentId: null,
  key: null,
  dimension: 'free',
  label: { nl: id, en: id },
  description: { nl: '', en: '' },
  color,
  sort: 0,
  segmentCount: 1,
  sourceCount: 1,
});

function segment(id: string, start: number, end: number, codeIds: string[]): ShownSegment {
  const seg: CodedSegment = {
    id,
    sourceId: 'src',
    start,
    end,
    text: `text of ${id}`,
    createdBy: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    codings: codeIds.map((codeId) => ({
      codingId: `${id}:${codeId}`,
      codeId,
      coderId: id.startsWith('pending:') ? null : 'coder-1',
      createdAt: '2026-01-01T00:00:00.000Z',
    })),
    memo: null,
  };
  return { seg, codings: seg.codings };
}

function stripesOf(shown: ShownSegment[], codes: Map<string, Code>): Stripe[] {
  return shown.flatMap((x, i) =>
    x.codings.map((k) => ({
      key: `${x.seg.id}:${k.codeId}`,
      segmentId: x.seg.id,
      code: codes.get(k.codeId) as Code,
      top: i * 30,
      height: 20,
      lane: 0,
      text: x.seg.text,
      coderId: k.coderId,
      createdAt: k.createdAt,
    })),
  );
}

const isPending = (id: string) => id.startsWith('pending:');

describe('the stripes of a coding once it is stored', () => {
  const codes = new Map([
    ['k1', code('k1')],
    ['k2', code('k2', '#aa0000')],
  ]);
  const other = segment('s1', 0, 10, ['k1']);
  const pending = segment('pending:1', 20, 40, ['k1', 'k2']);
  const stored = segment('seg-2', 20, 40, ['k1', 'k2']);

  it('take the stored id, coder and date where the pending ones were; the others stay as they are', () => {
    const before = [other, pending];
    const laid = stripesOf(before, codes);
    // The code tree re-read with new counts: the same look.
    const recounted = new Map([...codes].map(([id, c]) => [id, { ...c, segmentCount: 9 }]));
    const out = renamedStripes(laid, before, [other, stored], recounted, isPending);
    expect(out).not.toBeNull();
    expect(out?.map((s) => s.key)).toEqual(['s1:k1', 'seg-2:k1', 'seg-2:k2']);
    expect(out?.[0]).toBe(laid[0]);
    expect(out?.[1]).toMatchObject({ segmentId: 'seg-2', coderId: 'coder-1', top: 30, height: 20 });
    expect(out?.[1]?.text).toBe('text of seg-2');
  });

  it('are laid out afresh when the stored segment differs from what was shown, or a code looks otherwise', () => {
    const before = [other, pending];
    const laid = stripesOf(before, codes);
    const moved = segment('seg-2', 21, 40, ['k1', 'k2']);
    expect(renamedStripes(laid, before, [other, moved], codes, isPending)).toBeNull();
    const fewer = segment('seg-2', 20, 40, ['k1']);
    expect(renamedStripes(laid, before, [other, fewer], codes, isPending)).toBeNull();
    const recoloured = new Map([...codes, ['k1', code('k1', '#00ff00')]]);
    expect(renamedStripes(laid, before, [other, stored], recoloured, isPending)).toBeNull();
    // A segment that came or went, or a stored one replaced by another: not a renaming.
    expect(renamedStripes(laid, before, [other, pending, stored], codes, isPending)).toBeNull();
    const s3 = segment('s3', 0, 10, ['k1']);
    expect(renamedStripes(laid, before, [s3, stored], codes, isPending)).toBeNull();
  });
});

describe('whether the stripes laid out still draw the codes as they are', () => {
  const codes = new Map([
    ['k1', code('k1')],
    ['k2', code('k2', '#aa0000')],
  ]);
  it("holds when a coding only changed the codes' counts (the stripes need no measuring)", () => {
    const recounted = new Map([...codes].map(([id, c]) => [id, { ...c, segmentCount: 9 }]));
    expect(sameCodeLooks(codes, recounted)).toBe(true);
  });
  it('fails when a code was recoloured, renamed, added or removed', () => {
    expect(sameCodeLooks(codes, new Map([...codes, ['k1', code('k1', '#00ff00')]]))).toBe(false);
    const renamed = { ...code('k2', '#aa0000'), label: { nl: 'Ander', en: 'Other' } };
    expect(sameCodeLooks(codes, new Map([...codes, ['k2', renamed]]))).toBe(false);
    expect(sameCodeLooks(codes, new Map([...codes, ['k3', code('k3')]]))).toBe(false);
    expect(sameCodeLooks(codes, new Map([['k1', code('k1')]]))).toBe(false);
  });
});

describe('what a coding changed among the shown segments', () => {
  const [a, b, c, d] = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }];
  it('is what lies between the common head and tail, by identity', () => {
    // A pending segment added at the end, then stored in its place.
    const pending = { id: 'pending' };
    const stored = { id: 'stored' };
    expect(shownChanges([a, b, c], [a, b, c, pending])).toEqual({ gone: [], came: [pending] });
    expect(shownChanges([a, b, c, pending], [a, b, c, stored])).toEqual({
      gone: [pending],
      came: [stored],
    });
    // A segment in the middle given another code: a new object where the old one was.
    const b2 = { id: 'b' };
    expect(shownChanges([a, b, c, d], [a, b2, c, d])).toEqual({ gone: [b], came: [b2] });
    // One taken away; nothing changed; everything new (another filter).
    expect(shownChanges([a, b, c], [a, c])).toEqual({ gone: [b], came: [] });
    expect(shownChanges([a, b], [a, b])).toEqual({ gone: [], came: [] });
    const fresh = [{ id: 'a' }, { id: 'b' }];
    expect(shownChanges([a, b], fresh)).toEqual({ gone: [a, b], came: fresh });
    // The same object at both ends of a shorter list is not counted twice.
    expect(shownChanges([a, a], [a])).toEqual({ gone: [a], came: [] });
  });
});

describe('the shown segments brought up to date after a coding', () => {
  type Seg = { id: string; source: string; codes: number };
  type Shown = { seg: Seg; n: number };
  const derive = (s: Seg): Shown | null =>
    s.source === 'A' && s.codes > 0 ? { seg: s, n: s.codes } : null;
  const fresh = (list: Seg[]) => list.flatMap((s) => derive(s) ?? []);
  const seg = (i: number, source = 'A', codes = 1 + (i % 3)): Seg => ({
    id: `s${i}`,
    source,
    codes,
  });

  it('equal what deriving the whole list gives, keeping the objects of the segments that did not change', () => {
    // Some of another source and some without a shown coding, as a list kept while loading has.
    const before = Array.from({ length: 40 }, (_, i) =>
      seg(i, i % 7 === 3 ? 'B' : 'A', i % 5 === 0 ? 0 : 1),
    );
    const shownBefore = fresh(before);
    const changes: [string, Seg[]][] = [
      ['a pending segment added at the end', [...before, seg(100)]],
      ['the last one stored under its own id', [...before.slice(0, -1), seg(101)]],
      [
        'one in the middle given another code',
        before.map((s, i) => (i === 17 ? { ...s, codes: 2 } : s)),
      ],
      [
        'one in the middle losing its last code',
        before.map((s, i) => (i === 18 ? { ...s, codes: 0 } : s)),
      ],
      ['one taken away', before.filter((_, i) => i !== 9)],
      [
        'the first and the last replaced',
        before.map((s, i) => (i === 0 || i === 39 ? seg(200 + i) : s)),
      ],
      ['nothing', before],
      ['everything read again', before.map((s) => ({ ...s }))],
      ['an empty list', []],
    ];
    for (const [what, after] of changes) {
      const derived: Seg[] = [];
      const counted = (s: Seg) => (derived.push(s), derive(s));
      const got = rederive(before, shownBefore, after, (x) => x.seg, counted);
      expect(got, what).toEqual(fresh(after));
      // Those of the common head and tail are the objects they were, and not derived again.
      const { head, tail } = commonEnds(before, after);
      const kept = new Set([...after.slice(0, head), ...after.slice(after.length - tail)]);
      for (const x of got)
        if (kept.has(x.seg)) expect(x, what).toBe(shownBefore.find((y) => y.seg === x.seg));
      expect(
        derived.filter((s) => kept.has(s)),
        what,
      ).toEqual([]);
    }
    // A coding derives the one segment it added or replaced.
    const derived: Seg[] = [];
    rederive(
      before,
      shownBefore,
      [...before, seg(100)],
      (x) => x.seg,
      (s) => (derived.push(s), derive(s)),
    );
    expect(derived.map((s) => s.id)).toEqual(['s100']);
    // From nothing: everything derived.
    expect(rederive([], [], before, (x) => x.seg, derive)).toEqual(shownBefore);
  });

  it('tell the common head and tail by identity, never counting one object twice', () => {
    const [a, b, c] = [seg(1), seg(2), seg(3)];
    expect(commonEnds([a, b, c], [a, b, c, seg(4)])).toEqual({ head: 3, tail: 0 });
    expect(commonEnds([a, b, c], [a, c])).toEqual({ head: 1, tail: 1 });
    expect(commonEnds([a, a], [a])).toEqual({ head: 1, tail: 0 });
  });
});
