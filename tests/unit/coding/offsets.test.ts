import { createEditor, $getRoot, $isTextNode, $isElementNode, type LexicalNode } from 'lexical';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../core/shared/blocks.js';
import {
  $buildSource,
  offsetOfPoint,
  pointOfOffset,
  VIEWER_NODES,
  type OffsetMap,
} from '../../../renderer/src/features/coding/lexicalDoc.js';
import { buildRuns, normaliseRange } from '../../../renderer/src/features/coding/runs.js';
import { paragraphs } from './fixture.js';

/** Builds the viewer document headless and returns the map plus every text node, in order. */
function render(text: string, blocks: Block[], segs: { id: string; start: number; end: number }[]) {
  const editor = createEditor({
    nodes: VIEWER_NODES,
    onError: (e) => {
      throw e;
    },
  });
  let map: OffsetMap = new Map();
  editor.update(
    () => {
      map = $buildSource(text, buildRuns(blocks, [], segs), (ids) => `--n:${ids.length}`);
    },
    { discrete: true },
  );
  const nodes: { key: string; text: string }[] = [];
  const blockTexts: string[] = [];
  editor.getEditorState().read(() => {
    const walk = (n: LexicalNode) => {
      if ($isTextNode(n)) nodes.push({ key: n.getKey(), text: n.getTextContent() });
      if ($isElementNode(n)) n.getChildren().forEach(walk);
    };
    for (const b of $getRoot().getChildren()) {
      if ($isElementNode(b))
        blockTexts.push(
          b
            .getChildren()
            .map((c) => c.getTextContent())
            .join(''),
        );
      walk(b);
    }
  });
  return { map, nodes, blockTexts };
}

/** Maps a selection given as (node index, offset in node) pairs to plain-text offsets. */
function select(r: ReturnType<typeof render>, a: [number, number], b: [number, number]) {
  const at = ([i, o]: [number, number]) =>
    offsetOfPoint(r.map, (r.nodes[i] as { key: string }).key, o) as number;
  return [Math.min(at(a), at(b)), Math.max(at(a), at(b))] as const;
}

describe('offset mapping between Lexical text nodes and plain-text offsets', () => {
  it('every text node holds exactly its slice of the plain text, block by block', () => {
    const text = 'Eerste alinea met 😀 emoji.\nTweede: café (e\u0301) en 👩‍👩‍👧 familie.\nDerde.';
    const segs = [
      { id: 'a', start: 3, end: 40 },
      { id: 'b', start: 20, end: 60 },
    ];
    const r = render(text, paragraphs(text), segs);
    expect(r.blockTexts).toEqual(text.split('\n'));
    for (const n of r.nodes) {
      const run = r.map.get(n.key);
      expect(run && text.slice(run.start, run.end)).toBe(n.text);
    }
    // Overlap yields non-overlapping runs carrying both segment ids.
    expect([...r.map.values()].some((v) => v.segmentIds.join() === 'a,b')).toBe(true);
  });

  it('maps selections around an emoji to whole code units and never splits a pair', () => {
    const text = 'Het Rijk 😀 sloot aan.';
    const r = render(text, paragraphs(text), []);
    expect(r.nodes).toHaveLength(1);
    const emoji = text.indexOf('😀');
    const [s, e] = select(r, [0, emoji], [0, emoji + 2]);
    expect(text.slice(s, e)).toBe('😀');
    // A point between the halves (as a broken selection might give) is snapped outward.
    expect(normaliseRange(text, emoji + 1, emoji + 2)).toEqual({ start: emoji, end: emoji + 2 });
    expect(normaliseRange(text, emoji, emoji + 1)).toEqual({ start: emoji, end: emoji + 2 });
  });

  it('keeps combining characters as separate code units at their place', () => {
    const text = 'Re\u0301gio Deal'; // e + combining acute: 2 code units
    const segs = [{ id: 's', start: 0, end: 6 }];
    const r = render(text, paragraphs(text), segs);
    const [s, e] = select(r, [0, 0], [0, 6]);
    expect(text.slice(s, e)).toBe('Re\u0301gio');
  });

  it('text from a CRLF original (normalised to \\n) maps without drift after each line', () => {
    const original = 'Regel een\r\nRegel twee\r\nRegel drie';
    const text = original.replace(/\r\n?/g, '\n'); // what the importer stores
    const r = render(text, paragraphs(text), []);
    expect(r.nodes).toHaveLength(3);
    const [s, e] = select(r, [2, 0], [2, 5]);
    expect(s).toBe(text.indexOf('Regel drie'));
    expect(text.slice(s, e)).toBe('Regel');
  });

  it('a selection across block boundaries covers the separator and both partial blocks', () => {
    const text = 'Alpha beta.\nGamma delta.\nEpsilon.';
    const r = render(text, paragraphs(text), [{ id: 'x', start: 6, end: 12 }]);
    // Node 0: "Alpha ", node 1: "beta." (coded), node 2: "Gamma delta.", node 3: "Epsilon."
    expect(r.nodes.map((n) => n.text)).toEqual(['Alpha ', 'beta.', 'Gamma delta.', 'Epsilon.']);
    const [s, e] = select(r, [3, 3], [1, 0]); // backwards, from block 3 to block 1
    expect(text.slice(s, e)).toBe('beta.\nGamma delta.\nEps');
    expect(pointOfOffset(r.map, s)).toEqual({ key: r.nodes[1]?.key, offset: 0 });
    expect(pointOfOffset(r.map, text.length)).toEqual({ key: r.nodes[3]?.key, offset: 8 });
    expect(pointOfOffset(r.map, 8)).toEqual({ key: r.nodes[1]?.key, offset: 2 });
  });

  it('snaps to whole words when asked and trims whitespace at the edges', () => {
    const text = 'De programmaleider zei dat.';
    expect(normaliseRange(text, 5, 12, { words: true })).toEqual({ start: 3, end: 18 });
    expect(normaliseRange(text, 2, 4)).toEqual({ start: 3, end: 4 });
    expect(normaliseRange(text, 2, 3)).toBeNull();
  });
});
