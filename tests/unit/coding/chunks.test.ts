import {
  $getNodeByKey,
  $getRoot,
  $isElementNode,
  $isTextNode,
  createEditor,
  type LexicalEditor,
  type LexicalNode,
} from 'lexical';
import { buildViewerDoc, buildViewerSections } from './viewer-doc.js';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../core/shared/blocks.js';
import {
  $patchDocument,
  SourceChunkNode,
} from '../../../renderer/src/features/coding/lexicalDoc.js';
import {
  buildSections,
  patchSections,
} from '../../../renderer/src/features/coding/viewer/sectionedDoc.js';
import { buildRuns } from '../../../renderer/src/features/coding/runs.js';

/**
 * Forty paragraphs of ~170 characters (3 guessed lines each), a two-item list and a table in
 * the middle, a page break: laid out as the importer does.
 */
function fixture() {
  let text = '';
  const blocks: Block[] = [];
  const add = (t: string, block: (start: number, end: number) => Block) => {
    if (text) text += '\n';
    const start = text.length;
    text += t;
    blocks.push(block(start, text.length));
  };
  const para = (i: number) => `Alinea ${i}: ${'woorden in een zin '.repeat(9)}`;
  for (let i = 0; i < 20; i++) add(para(i), (start, end) => ({ type: 'paragraph', start, end }));
  for (let i = 0; i < 2; i++)
    add(`Punt ${i}`, (start, end) => ({ type: 'list_item', start, end, ordered: false, level: 0 }));
  for (let i = 0; i < 2; i++)
    add(`Cel ${i}`, (start, end) => ({
      type: 'table_cell',
      start,
      end,
      table: 0,
      row: 0,
      col: i,
      header: false,
    }));
  blocks.push({ type: 'page_break', page: 2, start: text.length + 1, end: text.length + 1 });
  for (let i = 20; i < 40; i++) add(para(i), (start, end) => ({ type: 'paragraph', start, end }));
  return { text, blocks };
}

const build = (text: string, blocks: Block[], chunkLines?: number) =>
  buildViewerDoc(text, blocks, [], chunkLines ? { chunkLines } : {});

/** The text of every text node, in document order. */
function texts(editor: ReturnType<typeof createEditor>): string[] {
  const out: string[] = [];
  editor.getEditorState().read(() => {
    const walk = (n: LexicalNode) => {
      if ($isTextNode(n)) out.push(n.getTextContent());
      if ($isElementNode(n)) n.getChildren().forEach(walk);
    };
    walk($getRoot());
  });
  return out;
}

describe('the viewer document in chunks (long sources)', () => {
  it('groups the blocks in chunks of about the lines asked for, never splitting a list or a table', () => {
    const { text, blocks } = fixture();
    const { editor, doc } = build(text, blocks, 12);
    editor.getEditorState().read(() => {
      const chunks = $getRoot().getChildren();
      expect(chunks.length).toBeGreaterThan(5);
      for (const c of chunks) {
        expect(c).toBeInstanceOf(SourceChunkNode);
        // Full at 12 guessed lines: a paragraph of 3 lines tips it over, never much more.
        expect((c as SourceChunkNode).__lines).toBeLessThan(12 + 4);
      }
      const types = chunks.map((c) => (c as SourceChunkNode).getChildren().map((n) => n.getType()));
      // The list and the table each sit whole in one chunk.
      const withList = types.filter((t) => t.includes('list'));
      expect(withList).toHaveLength(1);
      expect(types.filter((t) => t.includes('casus-table'))).toHaveLength(1);
      const list = chunks
        .flatMap((c) => (c as SourceChunkNode).getChildren())
        .find((n) => n.getType() === 'list');
      expect(list && $isElementNode(list) && list.getChildrenSize()).toBe(2);
    });
    // The text is all there, in order, and every run maps to its own slice.
    const plain = build(text, blocks);
    expect(texts(editor)).toEqual(texts(plain.editor));
    expect(doc.map.size).toBe(plain.doc.map.size);
    for (const run of doc.map.values()) expect(run.end).toBeGreaterThan(run.start);
  });

  it('a coding patches its block inside its chunk; the other chunks keep their nodes', () => {
    const { text, blocks } = fixture();
    const { editor, doc } = build(text, blocks, 12);
    const before = texts(editor);
    const block = blocks[30] as Block;
    const segs = [{ id: 's', start: block.start + 5, end: block.start + 20 }];
    let changed = 0;
    editor.update(
      () => {
        changed = $patchDocument(doc, text, buildRuns(blocks, [], segs), (ids) => ids.join());
      },
      { discrete: true },
    );
    expect(changed).toBe(1);
    const after = texts(editor);
    expect(after.join('')).toBe(before.join(''));
    expect(after.length).toBe(before.length + 2);
    const coded = [...doc.map.values()].filter((r) => r.segmentIds.includes('s'));
    expect(coded.map((r) => text.slice(r.start, r.end))).toEqual([
      text.slice(block.start + 5, block.start + 20),
    ]);
  });
});

describe('a long text in sections, each its own editor (a coding updates one section)', () => {
  const opts = { chunkLines: 12, maxChunks: 2 };

  it('holds at most the chunks asked for per section, and together the text of one document', () => {
    const { text, blocks } = fixture();
    const { sections, doc } = buildViewerSections(text, blocks, [], opts);
    const editors = sections.editors;
    expect(editors.length).toBeGreaterThan(2);
    for (const editor of editors)
      editor.getEditorState().read(() => {
        const chunks = $getRoot().getChildren();
        expect(chunks.length).toBeGreaterThan(0);
        expect(chunks.length).toBeLessThanOrEqual(opts.maxChunks);
        for (const c of chunks) expect(c).toBeInstanceOf(SourceChunkNode);
      });
    const plain = build(text, blocks);
    expect(editors.flatMap(texts)).toEqual(texts(plain.editor));
    expect(doc.map.size).toBe(plain.doc.map.size);
    // Every block is where the document says, sections in text order; the list and the table
    // each whole in one section.
    expect(doc.section).toHaveLength(blocks.length);
    expect(doc.section).toEqual([...doc.section].sort((a, b) => a - b));
    doc.elements.forEach((key, i) => {
      if (key === null) return;
      const editor = editors[doc.section[i] as number];
      expect(editor?.getEditorState().read(() => $getNodeByKey(key) !== null)).toBe(true);
    });
    const sectionsOf = (type: string) =>
      new Set(blocks.flatMap((b, i) => (b.type === type ? [doc.section[i]] : [])));
    expect(sectionsOf('list_item').size).toBe(1);
    expect(sectionsOf('table_cell').size).toBe(1);
  });

  it('a coding changes the editor of its section only; one across two sections changes both', () => {
    const { text, blocks } = fixture();
    const { sections, doc } = buildViewerSections(text, blocks, [], opts);
    const editors = sections.editors;
    const states = () => editors.map((e) => e.getEditorState());
    const before = states();
    const at = 30;
    const block = blocks[at] as Block;
    const seg = { id: 's', start: block.start + 5, end: block.start + 20 };
    const runs = buildRuns([block], [], [seg]);
    expect(patchSections(sections, doc, text, runs, (ids) => ids.join(), [at])).toBe(1);
    const after = states();
    const changed = after.flatMap((s, i) => (s !== before[i] ? [i] : []));
    expect(changed).toEqual([doc.section[at]]);
    const coded = [...doc.map.values()].filter((r) => r.segmentIds.includes('s'));
    expect(coded.map((r) => text.slice(r.start, r.end))).toEqual([text.slice(seg.start, seg.end)]);
    expect(editors.flatMap(texts).join('')).toBe(texts(build(text, blocks).editor).join(''));

    // A passage from the last block of a section into the first of the next.
    const edge = doc.section.findIndex((s, i) => i > 0 && s !== doc.section[i - 1]);
    const pair = [edge - 1, edge];
    const two = pair.map((i) => blocks[i] as Block);
    const across = { id: 't', start: (two[0] as Block).end - 4, end: (two[1] as Block).start + 4 };
    const mid = states();
    expect(
      patchSections(sections, doc, text, buildRuns(two, [], [across]), (ids) => ids.join(), pair),
    ).toBe(2);
    const now = states();
    expect(now.flatMap((s, i) => (s !== mid[i] ? [i] : []))).toEqual(
      pair.map((i) => doc.section[i]),
    );
    const parts = [...doc.map.values()].filter((r) => r.segmentIds.includes('t'));
    expect(parts.map((r) => text.slice(r.start, r.end)).join('')).toBe(
      text.slice(across.start, (two[0] as Block).end) +
        text.slice((two[1] as Block).start, across.end),
    );
  });

  it('a shorter text built after a long one lets the sections it no longer needs go', () => {
    const { text, blocks } = fixture();
    const { sections } = buildViewerSections(text, blocks, [], opts);
    expect(sections.editors.length).toBeGreaterThan(2);
    const short = blocks.slice(0, 2);
    const doc = buildSections(sections, text, buildRuns(short, [], []), (ids) => ids.join(), opts);
    expect(sections.editors).toHaveLength(1);
    expect(doc.section).toEqual([0, 0]);
    expect(texts(sections.editors[0] as LexicalEditor).join('')).toBe(
      text.slice((short[0] as Block).start, (short[0] as Block).end) +
        text.slice((short[1] as Block).start, (short[1] as Block).end),
    );
  });
});
