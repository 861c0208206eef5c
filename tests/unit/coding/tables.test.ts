import { $getRoot, $isElementNode, $isTextNode, createEditor, type LexicalNode } from 'lexical';
import { buildViewerDoc } from './viewer-doc.js';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../core/shared/blocks.js';
import {
  $patchDocument,
  offsetOfPoint,
  PageBreakNode,
  pointOfOffset,
  runsInOrder,
  SourceCellNode,
  SourceRowNode,
  SourceTableNode,
  sortedRuns,
  type ViewerDoc,
} from '../../../renderer/src/features/coding/lexicalDoc.js';
import { buildRuns } from '../../../renderer/src/features/coding/runs.js';
import {
  changedRanges,
  renamedSegments,
  segmentLooks,
  touchedBlocks,
} from '../../../renderer/src/features/coding/viewer/touchedBlocks.js';

/**
 * Intro paragraph, a 2x2 table (header row), a page break, a paragraph, a page break at the very
 * end: laid out as the importer does (cells by \t, blocks by \n, page breaks zero-length).
 */
function fixture() {
  const parts = ['Intro.', 'Kop A', 'Kop 😀 B', 'waarde 1', 'waarde 2', 'Na de tabel.'];
  const text = `${parts[0]}\n${parts[1]}\t${parts[2]}\n${parts[3]}\t${parts[4]}\n${parts[5]}`;
  const at = (s: string) => text.indexOf(s);
  const cell = (s: string, row: number, col: number): Block => ({
    type: 'table_cell',
    start: at(s),
    end: at(s) + s.length,
    table: 0,
    row,
    col,
    header: row === 0,
  });
  const blocks: Block[] = [
    { type: 'paragraph', start: 0, end: 6 },
    cell('Kop A', 0, 0),
    cell('Kop 😀 B', 0, 1),
    cell('waarde 1', 1, 0),
    cell('waarde 2', 1, 1),
    { type: 'page_break', start: at('Na de'), end: at('Na de'), page: 2 },
    { type: 'paragraph', start: at('Na de'), end: text.length },
    { type: 'page_break', start: text.length, end: text.length, page: 3 },
  ];
  return { text, blocks, at };
}

const build = (
  text: string,
  blocks: Block[],
  segs: { id: string; start: number; end: number }[] = [],
) =>
  buildViewerDoc(text, blocks, segs, {
    styleFor: (ids) => `--n:${ids.join()}`,
    pageLabel: (n) => `Pagina ${n}`,
  });

/** Every text node in document order with its key, text and enclosing element types. */
function textNodes(editor: ReturnType<typeof createEditor>) {
  const out: { key: string; text: string; path: string[] }[] = [];
  editor.getEditorState().read(() => {
    const walk = (n: LexicalNode, path: string[]) => {
      if ($isTextNode(n)) out.push({ key: n.getKey(), text: n.getTextContent(), path });
      if ($isElementNode(n)) for (const c of n.getChildren()) walk(c, [...path, n.getType()]);
    };
    walk($getRoot(), []);
  });
  return out;
}

describe('tables and page breaks in the viewer document', () => {
  it('renders cells as a table of rows of cells and page breaks as labelled separators', () => {
    const { text, blocks } = fixture();
    const { editor } = build(text, blocks);
    editor.getEditorState().read(() => {
      const top = $getRoot().getChildren();
      expect(top.map((n) => n.getType())).toEqual([
        'paragraph',
        'casus-table',
        'casus-page-break',
        'paragraph',
        'casus-page-break',
      ]);
      const table = top[1] as SourceTableNode;
      const rows = table.getChildren() as SourceRowNode[];
      expect(rows).toHaveLength(2);
      expect(rows.map((r) => r.getChildren().map((c) => c.getTextContent()))).toEqual([
        ['Kop A', 'Kop 😀 B'],
        ['waarde 1', 'waarde 2'],
      ]);
      expect((rows[0]?.getFirstChild() as SourceCellNode).__header).toBe(true);
      expect((rows[1]?.getFirstChild() as SourceCellNode).__header).toBe(false);
      const pb = top[2] as PageBreakNode;
      expect(pb.__label).toBe('Pagina 2');
      expect(pb.getTextContent()).toBe('');
      expect((top[4] as PageBreakNode).__label).toBe('Pagina 3');
    });
  });

  it('maps points inside table cells to exact offsets, across cells and rows', () => {
    const { text, blocks, at } = fixture();
    const { editor, doc } = build(text, blocks);
    const nodes = textNodes(editor);
    for (const n of nodes) {
      const run = doc.map.get(n.key);
      expect(run && text.slice(run.start, run.end)).toBe(n.text);
    }
    const node = (s: string) => nodes.find((n) => n.text === s) as { key: string; path: string[] };
    expect(node('waarde 2').path).toEqual(['root', 'casus-table', 'casus-row', 'casus-cell']);
    // Inside a header cell, after the emoji (2 code units).
    const b = node('Kop 😀 B');
    const afterEmoji = offsetOfPoint(doc.map, b.key, 6) as number;
    expect(text.slice(at('Kop 😀 B'), afterEmoji)).toBe('Kop 😀');
    // From the middle of row 0 col 1 to the middle of row 1 col 1: covers the \n and the \t.
    const start = offsetOfPoint(doc.map, b.key, 4) as number;
    const end = offsetOfPoint(doc.map, node('waarde 2').key, 6) as number;
    expect(text.slice(start, end)).toBe('😀 B\nwaarde 1\twaarde');
    // And back: offsets to points land in the right cell.
    const sorted = sortedRuns(doc.map);
    expect(pointOfOffset(doc.map, at('waarde 2') + 3, sorted)).toEqual({
      key: node('waarde 2').key,
      offset: 3,
    });
    // The end of a cell belongs to that cell, not the next.
    expect(pointOfOffset(doc.map, at('waarde 1') + 8, sorted)).toEqual({
      key: node('waarde 1').key,
      offset: 8,
    });
  });

  it('page breaks add no offsets: the text around them maps without drift', () => {
    const { text, blocks, at } = fixture();
    const { editor, doc } = build(text, blocks, [
      { id: 's', start: at('waarde 2') + 7, end: at('Na de') + 5 },
    ]);
    const nodes = textNodes(editor);
    // The coding across the page break is cut into the cell run and the paragraph run.
    const coded = [...doc.map.entries()].filter(([, r]) => r.segmentIds.includes('s'));
    expect(coded.map(([, r]) => text.slice(r.start, r.end))).toEqual(['2', 'Na de']);
    const last = nodes.at(-1) as { key: string; text: string };
    expect(last.text).toBe(' tabel.');
    expect(offsetOfPoint(doc.map, last.key, 0)).toBe(at(' tabel.'));
    expect(pointOfOffset(doc.map, text.length)).toEqual({ key: last.key, offset: 7 });
    expect(pointOfOffset(doc.map, at('Na de'))?.offset).toBe(0);
    // Everything the nodes hold, in order, plus the separators, is the text.
    expect(nodes.map((n) => n.text).join('')).toBe(text.replace(/[\n\t]/g, ''));
  });

  it('patching after a coding rebuilds only the blocks it touches and keeps the map exact', () => {
    const { text, blocks, at } = fixture();
    const { editor, doc } = build(text, blocks);
    const before = textNodes(editor);
    let changed = 0;
    const segs = [{ id: 'n', start: at('waarde 1'), end: at('waarde 1') + 6 }];
    editor.update(
      () => {
        changed = $patchDocument(doc, text, buildRuns(blocks, [], segs), (ids) => ids.join());
      },
      { discrete: true },
    );
    expect(changed).toBe(1);
    const after = textNodes(editor);
    expect(after.map((n) => n.text)).toEqual([
      'Intro.',
      'Kop A',
      'Kop 😀 B',
      'waarde',
      ' 1',
      'waarde 2',
      'Na de tabel.',
    ]);
    // Untouched blocks keep their nodes.
    expect(after[0]?.key).toBe(before[0]?.key);
    expect(after.at(-1)?.key).toBe(before.at(-1)?.key);
    expect(doc.map.size).toBe(after.length);
    for (const n of after) {
      const run = doc.map.get(n.key);
      expect(run && text.slice(run.start, run.end)).toBe(n.text);
    }
    expect(doc.map.get(after[3]?.key as string)?.segmentIds).toEqual(['n']);
  });
});

describe('a coding re-renders only the blocks it touches', () => {
  it('finds the blocks under a changed segment and patches them alone, as a full patch would', () => {
    const { text, blocks, at } = fixture();
    const old = { id: 'o', start: at('Kop A'), end: at('Kop A') + 3 };
    const added = { id: 'n', start: at('waarde 1') + 2, end: at('waarde 2') + 4 };
    const colourOf = () => '#112233';
    const shownOf = (segs: { id: string; start: number; end: number }[]) =>
      segs.map((seg) => ({ seg, codings: [{ codeId: 'c' }] }));
    const before = segmentLooks(shownOf([old]), colourOf);
    const after = segmentLooks(shownOf([old, added]), colourOf);
    const touched = touchedBlocks(blocks, changedRanges(before, after));
    // The two cells the new segment spans; not the untouched cell or paragraph.
    expect(touched.map((i) => text.slice(blocks[i]?.start, blocks[i]?.end))).toEqual([
      'waarde 1',
      'waarde 2',
    ]);
    // A segment whose codes changed colour touches its block; an unchanged state touches none.
    expect(changedRanges(after, segmentLooks(shownOf([old, added]), colourOf))).toEqual([]);
    expect(
      touchedBlocks(
        blocks,
        changedRanges(
          after,
          segmentLooks(shownOf([old, added]), () => '#445566'),
        ),
      ).length,
    ).toBe(3);

    const style = (ids: string[]) => ids.join();
    const partial = build(text, blocks, [old]);
    const full = build(text, blocks, [old]);
    partial.editor.update(
      () => {
        const runs = buildRuns(
          touched.map((i) => blocks[i] as Block),
          [],
          [old, added],
        );
        expect($patchDocument(partial.doc, text, runs, style, touched)).toBe(2);
      },
      { discrete: true },
    );
    full.editor.update(
      () => {
        $patchDocument(full.doc, text, buildRuns(blocks, [], [old, added]), style);
      },
      { discrete: true },
    );
    const shape = (doc: ViewerDoc) =>
      runsInOrder(doc).map(([, r]) => [text.slice(r.start, r.end), r.segmentIds.join()]);
    expect(shape(partial.doc)).toEqual(shape(full.doc));
    expect(textNodes(partial.editor).map((n) => n.text)).toEqual(
      textNodes(full.editor).map((n) => n.text),
    );
    // The runs in block order are the runs sorted by offset.
    expect(runsInOrder(partial.doc).map(([k]) => k)).toEqual(
      sortedRuns(partial.doc.map).map(([k]) => k),
    );
  });
});

describe('a pending coding stored under its own id', () => {
  const looks = (segs: { id: string; start: number; end: number; colour?: string }[]) =>
    segmentLooks(
      segs.map((seg) => ({ seg, codings: [{ codeId: seg.colour ?? '#112233' }] })),
      (codeId) => codeId,
    );
  const pending = (id: string) => id.startsWith('pending:');

  it('is a rename when it looks as it did: the text needs no change', () => {
    const before = looks([
      { id: 'a', start: 0, end: 5 },
      { id: 'pending:1', start: 10, end: 20 },
    ]);
    const after = looks([
      { id: 'a', start: 0, end: 5 },
      { id: 'stored', start: 10, end: 20 },
    ]);
    expect(renamedSegments(before, after, pending)).toEqual([['pending:1', 'stored']]);
  });

  it('is no rename when the stored one lies or looks otherwise, or only a stored id went', () => {
    const before = looks([
      { id: 'a', start: 0, end: 5 },
      { id: 'pending:1', start: 10, end: 20 },
    ]);
    // Another range (the server snapped it), other codes, or an existing segment coded again.
    expect(
      renamedSegments(
        before,
        looks([
          { id: 'a', start: 0, end: 5 },
          { id: 's', start: 10, end: 21 },
        ]),
        pending,
      ),
    ).toEqual([]);
    expect(
      renamedSegments(
        before,
        looks([
          { id: 'a', start: 0, end: 5 },
          { id: 's', start: 10, end: 20, colour: '#445566' },
        ]),
        pending,
      ),
    ).toEqual([]);
    expect(renamedSegments(before, looks([{ id: 'a', start: 10, end: 20 }]), pending)).toEqual([]);
    // A stored segment that went and another that came in its place is a real change.
    expect(
      renamedSegments(
        looks([{ id: 'x', start: 10, end: 20 }]),
        looks([{ id: 'y', start: 10, end: 20 }]),
        pending,
      ),
    ).toEqual([]);
  });
});
