import { $getRoot, $isElementNode, $isTextNode, createEditor, type LexicalNode } from 'lexical';
import { buildViewerDoc } from './viewer-doc.js';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../core/shared/blocks.js';
import {
  $patchDocument,
  SourceChunkNode,
} from '../../../renderer/src/features/coding/lexicalDoc.js';
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
