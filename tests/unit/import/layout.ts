import { expect } from 'vitest';
import type { Block, StructuredText } from '../../../core/shared/blocks.js';

/** A compact view of the blocks for exact assertions: type, attributes and the block's text. */
export function outline(doc: StructuredText): string[] {
  return doc.blocks.map((b) => {
    const text = doc.text.slice(b.start, b.end);
    switch (b.type) {
      case 'heading':
        return `h${b.level} ${text}`;
      case 'paragraph':
        return `p ${text}`;
      case 'list_item':
        return `${b.ordered ? 'ol' : 'ul'}${b.level} ${text}`;
      case 'table_cell':
        return `${b.header ? 'th' : 'td'}${b.table}:${b.row}:${b.col} ${text}`;
      case 'page_break':
        return `page ${b.page}`;
    }
  });
}

export function marked(doc: StructuredText): string[] {
  return doc.marks.map((m) => `${m.kind} ${doc.text.slice(m.start, m.end)}`);
}

/**
 * Checks the layout rule of blocks.ts: the text is exactly the blocks joined by one `\n`
 * (table rows: cells joined by `\t`), page breaks are zero-length, the text is NFC with `\n`
 * line endings, and marks lie inside blocks.
 */
export function expectValidLayout(doc: StructuredText): void {
  expect(doc.text).toBe(doc.text.normalize('NFC'));
  expect(doc.text).not.toMatch(/\r/);
  const content = doc.blocks.filter((b) => b.type !== 'page_break');
  // Group table cells into rows: one line each.
  const lines: { start: number; end: number; cells: Block[] }[] = [];
  for (const b of content) {
    const last = lines[lines.length - 1];
    if (
      b.type === 'table_cell' &&
      last &&
      last.cells[0]?.type === 'table_cell' &&
      last.cells[0].table === b.table &&
      last.cells[0].row === b.row
    ) {
      expect(doc.text.slice(last.end, b.start)).toBe('\t');
      last.end = b.end;
      last.cells.push(b);
    } else lines.push({ start: b.start, end: b.end, cells: [b] });
  }
  let expected = 0;
  lines.forEach((line, i) => {
    expect(line.start).toBe(expected);
    const text = doc.text.slice(line.start, line.end);
    expect(text).not.toMatch(/\n/);
    if (line.cells[0]?.type !== 'table_cell') {
      expect(text).not.toMatch(/\t/);
      expect(text.length).toBeGreaterThan(0);
      expect(text).toBe(text.trim());
    }
    expected = line.end + (i < lines.length - 1 ? 1 : 0);
  });
  expect(expected).toBe(doc.text.length);
  for (const p of doc.blocks.filter((b) => b.type === 'page_break')) {
    expect(p.end).toBe(p.start);
    const next = content.find((b) => b.start >= p.start);
    expect(next ? next.start : doc.text.length).toBe(p.start);
  }
  for (const m of doc.marks) {
    expect(m.end).toBeGreaterThan(m.start);
    expect(doc.text.slice(m.start, m.end)).not.toMatch(/\n/);
  }
}
