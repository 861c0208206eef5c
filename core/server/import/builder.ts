import type { Block, InlineMark, InlineMarkKind, StructuredText } from '../../shared/blocks.js';

/** A piece of inline text with its emphasis. A `\n` inside means a hard line break. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type TextBlockSpec =
  | { type: 'paragraph' }
  | { type: 'heading'; level: number }
  | { type: 'list_item'; level: number; ordered: boolean };

export interface TableCellInput {
  runs: Run[];
  header: boolean;
}

// Control characters carry no text; tabs and other whitespace become a plain space, because the
// layout rule reserves `\n` for block boundaries and `\t` for table cells.
const DROP = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\ufeff\u200b]/g;
const SPACE = /[\t\v\f\r \u1680\u2000-\u200a\u2028\u2029\u205f\u3000]+/g;

function cleanRunText(text: string): string {
  return text.normalize('NFC').replace(DROP, '').replace(SPACE, ' ');
}

interface BuiltLine {
  text: string;
  marks: InlineMark[];
}

/** Joins runs into one line of text: whitespace collapsed, trimmed, NFC, marks relative to 0. */
function buildLine(runs: Run[]): BuiltLine {
  let text = '';
  const marks: InlineMark[] = [];
  for (const run of runs) {
    let piece = cleanRunText(run.text.replace(/\n/g, ' '));
    if (text === '' || text.endsWith(' ')) piece = piece.replace(/^ +/, '');
    if (piece === '') continue;
    const start = text.length;
    text += piece;
    if (run.bold) marks.push({ kind: 'bold', start, end: text.length });
    if (run.italic) marks.push({ kind: 'italic', start, end: text.length });
  }
  const trimmed = text.replace(/ +$/, '');
  if (trimmed.normalize('NFC') !== trimmed) {
    // A combining character at a run boundary: normalise the whole line; the marks can no longer
    // be placed exactly, and emphasis is optional, so they are dropped.
    return { text: trimmed.normalize('NFC'), marks: [] };
  }
  return {
    text: trimmed,
    marks: marks
      .map((m) => ({ ...m, end: Math.min(m.end, trimmed.length) }))
      .filter((m) => m.end > m.start),
  };
}

/** Splits runs at hard line breaks (`\n`), keeping each run's emphasis. */
function splitLines(runs: Run[]): Run[][] {
  const lines: Run[][] = [[]];
  for (const run of runs) {
    const parts = run.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part !== '') lines[lines.length - 1]!.push({ ...run, text: part });
    });
  }
  return lines;
}

/**
 * Builds the plain text and its block structure, enforcing the layout rule of blocks.ts:
 * exactly one `\n` between blocks, `\t` between the cells of a table row, page breaks as
 * zero-length blocks where the new page's first block starts.
 */
export class TextBuilder {
  private text = '';
  private readonly blocks: Block[] = [];
  private readonly marks: InlineMark[] = [];
  private pendingPages: number[] = [];
  private tables = 0;
  private pages = 1;
  private hasContent = false;

  /** Adds a block; hard line breaks in a paragraph start a new paragraph, elsewhere a space. */
  addBlock(spec: TextBlockSpec, runs: Run[]): void {
    if (spec.type === 'paragraph') {
      for (const line of splitLines(runs)) this.addLine(spec, line);
    } else {
      this.addLine(spec, runs);
    }
  }

  private addLine(spec: TextBlockSpec, runs: Run[]): void {
    const line = buildLine(runs);
    if (line.text === '') return;
    const start = this.beginBlock();
    this.text += line.text;
    this.blocks.push({ ...spec, start, end: this.text.length } as Block);
    for (const m of line.marks)
      this.marks.push({ ...m, start: m.start + start, end: m.end + start });
  }

  /** Adds a table; rows without any text are left out, empty cells stay (zero length). */
  addTable(rows: TableCellInput[][]): void {
    const built = rows
      .map((cells) => cells.map((c) => ({ line: buildLine(c.runs), header: c.header })))
      .filter((cells) => cells.some((c) => c.line.text !== ''));
    if (built.length === 0) return;
    const table = this.tables++;
    built.forEach((cells, row) => {
      let offset = this.beginBlock();
      cells.forEach((cell, col) => {
        if (col > 0) {
          this.text += '\t';
          offset += 1;
        }
        this.text += cell.line.text;
        this.blocks.push({
          type: 'table_cell',
          start: offset,
          end: offset + cell.line.text.length,
          table,
          row,
          col,
          header: cell.header,
        });
        for (const m of cell.line.marks) {
          this.marks.push({ ...m, start: m.start + offset, end: m.end + offset });
        }
        offset += cell.line.text.length;
      });
    });
  }

  /** Marks the start of a new page; `page` defaults to the next page number. */
  pageBreak(page?: number): void {
    const n = page ?? this.pages + 1;
    this.pages = n;
    this.pendingPages.push(n);
  }

  /** Writes the separator before a new block and places pending page breaks at its start. */
  private beginBlock(): number {
    if (this.hasContent) this.text += '\n';
    this.hasContent = true;
    const start = this.text.length;
    for (const page of this.pendingPages)
      this.blocks.push({ type: 'page_break', start, end: start, page });
    this.pendingPages = [];
    return start;
  }

  get length(): number {
    return this.text.length;
  }

  get isEmpty(): boolean {
    return !this.hasContent;
  }

  build(): StructuredText {
    const end = this.text.length;
    // A trailing empty page still gets its marker, at the end of the text.
    for (const page of this.pendingPages)
      this.blocks.push({ type: 'page_break', start: end, end, page });
    this.pendingPages = [];
    return { text: this.text, blocks: [...this.blocks], marks: mergeMarks(this.marks) };
  }
}

/** Merges touching or overlapping marks of the same kind and sorts them. */
export function mergeMarks(marks: InlineMark[]): InlineMark[] {
  const out: InlineMark[] = [];
  for (const kind of ['bold', 'italic'] as InlineMarkKind[]) {
    const sorted = marks.filter((m) => m.kind === kind).sort((a, b) => a.start - b.start);
    let cur: InlineMark | undefined;
    for (const m of sorted) {
      if (cur && m.start <= cur.end) cur.end = Math.max(cur.end, m.end);
      else {
        cur = { ...m };
        out.push(cur);
      }
    }
  }
  return out.sort((a, b) => a.start - b.start || (a.kind < b.kind ? -1 : 1));
}
