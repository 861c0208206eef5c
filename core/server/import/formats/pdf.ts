import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TextBuilder, type TextBlockSpec } from '../builder.js';
import { ParseFailure } from '../errors.js';
import type { ParsedDocument } from '../types.js';

import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';

type PdfTextItem = Pick<TextItem, 'str' | 'transform' | 'width' | 'height' | 'hasEOL'>;

interface Line {
  text: string;
  x: number;
  y: number;
  size: number;
  width: number;
}

const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** Words that follow a "suspended" hyphen: "zorg- en welzijn", "pre- and post-". */
const SUSPENDED = new Set(['en', 'of', 'tot', 'noch', 'and', 'or', 'nor', 'to', 'als']);
const VOWEL = /[aeiouyàáâäèéêëìíîïòóôöùúûü]/i;
const BULLET = /^[•◦▪●‣⁃○■□➢✓-]\s+/u;
const NUMBERED = /^(\d{1,3}|[a-z])[.)]\s+/;

/**
 * Joins two lines of one paragraph. A hyphen at a line end is removed only when it is safely a
 * word-break hyphen: a letter before it, a lower-case letter after it, not a suspended hyphen
 * ("zorg- en"), and not a Dutch vowel clash that keeps its hyphen ("zee-egel", "co-operatie").
 */
export function joinLines(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  if (a.endsWith('\u00ad')) return a.slice(0, -1) + b;
  const m = /(\p{L}|\p{N})[-\u2010]$/u.exec(a);
  if (m) {
    const firstWord = /^[\p{L}]+/u.exec(b)?.[0] ?? '';
    if (SUSPENDED.has(firstWord.toLowerCase())) return `${a} ${b}`;
    const before = m[1]!;
    const after = b[0]!;
    const lowerAfter = /^\p{Ll}/u.test(b);
    if (!lowerAfter || !/\p{L}/u.test(before)) return a + b;
    if (VOWEL.test(before) && VOWEL.test(after)) return a + b;
    return a.slice(0, -1) + b;
  }
  return `${a} ${b}`;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!;
}

/** Groups a page's text items into lines, in content-stream order (which is reading order). */
function toLines(items: PdfTextItem[]): Line[] {
  const lines: Line[] = [];
  let cur: Line | null = null;
  let lastEnd = 0;
  let forceBreak = false;
  for (const item of items) {
    const [a = 0, b = 0, , , x = 0, y = 0] = item.transform;
    const size = Math.hypot(a, b) || item.height || 1;
    if (item.str === '') {
      if (item.hasEOL) forceBreak = true;
      continue;
    }
    const sameLine = cur && !forceBreak && Math.abs(y - cur.y) < cur.size * 0.5;
    if (!cur || !sameLine) {
      cur = { text: item.str, x, y, size, width: item.width };
      lines.push(cur);
    } else {
      const gap = x - lastEnd;
      const needsSpace = gap > size * 0.15 && !cur.text.endsWith(' ') && !item.str.startsWith(' ');
      cur.text += (needsSpace ? ' ' : '') + item.str;
      cur.width = x + item.width - cur.x;
      cur.size = Math.max(cur.size, size);
    }
    lastEnd = x + item.width;
    forceBreak = item.hasEOL;
  }
  return lines
    .map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() }))
    .filter((l) => l.text !== '');
}

interface Para {
  spec: TextBlockSpec;
  text: string;
}

/** Groups lines into paragraphs by spacing, size and list markers; finds headings by size. */
function toParagraphs(lines: Line[], bodySize: number): Para[] {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const g = lines[i - 1]!.y - lines[i]!.y;
    if (g > 0) gaps.push(g);
  }
  const spacing = median(gaps) || bodySize * 1.2;
  const maxWidth = Math.max(...lines.map((l) => l.width), 1);
  const out: Para[] = [];
  let prev: Line | null = null;
  for (const line of lines) {
    let spec: TextBlockSpec = { type: 'paragraph' };
    let text = line.text;
    if (line.size >= bodySize * 1.15 && text.length < 200) {
      const ratio = line.size / bodySize;
      spec = { type: 'heading', level: ratio >= 1.6 ? 1 : ratio >= 1.3 ? 2 : 3 };
    } else if (BULLET.test(text)) {
      spec = { type: 'list_item', level: 0, ordered: false };
      text = text.replace(BULLET, '');
    } else if (NUMBERED.test(text) && (!prev || prev.text.length < maxWidth)) {
      spec = { type: 'list_item', level: 0, ordered: true };
    }
    const last = out[out.length - 1];
    const continues =
      last &&
      prev &&
      spec.type === 'paragraph' &&
      last.spec.type !== 'heading' &&
      Math.abs(line.size - prev.size) < bodySize * 0.1 &&
      prev.y - line.y > 0 &&
      prev.y - line.y < spacing * 1.3 &&
      // A clearly short line that ends a sentence closes its paragraph.
      !(prev.width < maxWidth * 0.75 && /[.:!?)"”’]$/.test(prev.text));
    if (continues && last) last.text = joinLines(last.text, text);
    else if (
      last &&
      last.spec.type === 'heading' &&
      spec.type === 'heading' &&
      prev &&
      Math.abs(line.size - prev.size) < 0.5 &&
      prev.y - line.y < spacing * 1.6
    ) {
      last.text = `${last.text} ${text}`;
    } else out.push({ spec, text });
    prev = line;
  }
  return out;
}

const GENERATED_TITLE = /^(microsoft (word|powerpoint) - |untitled|document\d*$|\s*$)/i;

/** .pdf through pdf.js: the text layer, page by page, with a page break block per page. */
export async function parsePdf(bytes: Uint8Array): Promise<ParsedDocument> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of (detaches) the buffer it is given: give it a copy.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/',
    cMapUrl: join(pdfjsDir, 'cmaps') + '/',
    cMapPacked: true,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'PasswordException') throw new ParseFailure('encrypted-pdf');
    throw new ParseFailure('corrupt', `not a readable PDF: ${(err as Error).message}`);
  }
  try {
    const pages: Line[][] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const items = content.items.filter((i): i is TextItem => 'str' in i);
      pages.push(toLines(items));
      page.cleanup();
    }
    const sizes = pages
      .flat()
      .flatMap((l) => Array<number>(Math.min(l.text.length, 500)).fill(Math.round(l.size * 2) / 2));
    if (sizes.length === 0) throw new ParseFailure('scanned-pdf');
    const bodySize = median(sizes);
    const b = new TextBuilder();
    const warnings: string[] = [];
    pages.forEach((lines, i) => {
      b.pageBreak(i + 1);
      if (lines.length === 0) warnings.push(`page ${i + 1} has no text layer`);
      for (const para of toParagraphs(lines, bodySize))
        b.addBlock(para.spec, [{ text: para.text }]);
    });
    const info = (await doc.getMetadata().catch(() => null))?.info as
      { Title?: unknown } | undefined;
    const title =
      typeof info?.Title === 'string' && !GENERATED_TITLE.test(info.Title)
        ? info.Title.trim()
        : undefined;
    return { ...b.build(), title, warnings };
  } finally {
    await doc.destroy();
  }
}
