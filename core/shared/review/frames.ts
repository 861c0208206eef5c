import type { Bilingual } from '../template/types.js';
import type { SnapshotContent, SnapshotQuote } from '../contract/review.js';
import { joinLines, wrapText, type WrappedLine } from './text-width.js';

/**
 * How an agenda item is shown to the room: a sequence of frames. The audience screen is a slide
 * of 64 × 36 em (16:9) whose em is set from the window (1/64 of its width or 1/36 of its height,
 * whichever is smaller: 20 px at 1280×720, 30 px at 1920×1080), so text never shrinks to fit:
 * what does not fit goes to another page. Pages are planned here, from the snapshot alone, with
 * the text widths of the font the screen uses (text-width.ts), so the presenter, every audience
 * screen and the minutes agree on them without measuring anything. A page is shown in one or more
 * frames when the item reveals it progressively (row by row, cell by cell, synthesis then
 * quotes). renderer/src/features/review/audience.css lays the slide out in the same em sizes.
 */
export const SLIDE = {
  /** Lines of a grid page (rows and group headings), under its column headings and above its legend. */
  gridLines: 12,
  gridMaxCols: 6,
  /** Cards (cells) side by side on a text page. */
  textMaxCols: 4,
  /** Width of the slide's content (64 em less its padding). */
  contentWidth: 61,
  cardGap: 1,
  /** A card's horizontal padding and border. */
  cardInset: 1.3,
  /** A lone card is kept to a readable measure. */
  singleCardWidth: 46,
  /** Height a card's body has for text, in em (the rest of the slide's 36 em holds the title,
   *  question, footer, the row heading and the card's own heading). */
  cardBody: 20.3,
  lineHeight: 1.35,
  /** Space between the synthesis and the quotes, and between quotes. */
  sectionGap: 0.5,
  quoteGap: 0.35,
} as const;

export type GridLine =
  { kind: 'group'; id: string; label: Bilingual } | { kind: 'row'; row: string; index: number };

export interface GridPage {
  kind: 'grid';
  lines: GridLine[];
  cols: string[];
}

export interface PagedQuote extends SnapshotQuote {
  /** Continues a quote from the previous page / continues on the next. */
  from: boolean;
  more: boolean;
}

/** One cell of a text page: the part of its synthesis and quotes on this page. */
export interface Card {
  col: string;
  /** Null when the room does not see syntheses. */
  text: string | null;
  textFrom: boolean;
  textMore: boolean;
  quotes: PagedQuote[];
}

export interface TextPage {
  kind: 'text';
  row: string;
  cards: Card[];
  /** The card width in em (the slide's CSS sets it so). */
  cardWidth: number;
  /** Page n of the pages these cards take. */
  part: number;
  parts: number;
}

export type Page = GridPage | TextPage;

export interface Frame {
  page: Page;
  pageIndex: number;
  pageCount: number;
  /** Progressive reveal: how many rows, cells or cards of the page show (null: all). */
  upto: number | null;
  unit: 'row' | 'cell' | 'card' | null;
  /** Whether the quotes show yet (synthesis then quotes). */
  quotes: boolean;
}

/** Whether the item shows text (syntheses or quotes) rather than a heatmap. */
export const showsText = (s: SnapshotContent): boolean => s.show.syntheses || s.show.quotes > 0;

/** Rows grouped under their parent, in order (a principle with its categories). */
function rowBlocks(s: SnapshotContent) {
  const blocks: { parent: SnapshotContent['rows'][number]['parent']; rows: string[] }[] = [];
  for (const r of s.rows) {
    const last = blocks[blocks.length - 1];
    if (last && r.parent && last.parent?.id === r.parent.id) last.rows.push(r.id);
    else blocks.push({ parent: r.parent, rows: [r.id] });
  }
  return blocks;
}

/** Splits n items into chunks of at most `max`, as even as possible. */
function chunks<T>(items: T[], max: number): T[][] {
  if (items.length === 0) return [];
  const count = Math.ceil(items.length / max);
  const size = Math.ceil(items.length / count);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Grid pages: a page per principle (row group) where one fits, several groups on a page while
 * they fit, a group longer than a page split with its heading repeated.
 */
function gridPages(s: SnapshotContent): GridPage[] {
  const max = SLIDE.gridLines;
  const rowPages: GridLine[][] = [];
  let page: GridLine[] = [];
  const push = (line: GridLine) => page.push(line);
  const newPage = () => {
    if (page.length) rowPages.push(page);
    page = [];
  };
  for (const b of rowBlocks(s)) {
    const size = b.rows.length + (b.parent ? 1 : 0);
    // A group that fits on a page of its own starts one rather than being split.
    if (page.length > 0 && page.length + size > max && size <= max) newPage();
    b.rows.forEach((row, i) => {
      let heading = b.parent !== null && (i === 0 || page.length === 0);
      if (page.length + (heading ? 2 : 1) > max) {
        newPage();
        // The heading is repeated above the rest of a group split over pages.
        heading = b.parent !== null;
      }
      if (heading && b.parent) push({ kind: 'group', id: b.parent.id, label: b.parent.label });
      push({ kind: 'row', row, index: 0 });
    });
  }
  newPage();
  if (rowPages.length === 0) rowPages.push([]);
  const colChunks = chunks(
    s.cols.map((c) => c.id),
    SLIDE.gridMaxCols,
  );
  const pages: GridPage[] = [];
  for (const lines of rowPages) {
    let index = 0;
    const numbered = lines.map((l) => (l.kind === 'row' ? { ...l, index: index++ } : l));
    for (const cols of colChunks.length ? colChunks : [[]])
      pages.push({ kind: 'grid', lines: numbered, cols });
  }
  return pages;
}

/** The inner width of a card when k cards stand side by side. */
export function cardWidth(k: number): number {
  if (k <= 1) return SLIDE.singleCardWidth - SLIDE.cardInset;
  return (SLIDE.contentWidth - (k - 1) * SLIDE.cardGap) / k - SLIDE.cardInset;
}

/** Pieces of a card's content laid out over pages of SLIDE.cardBody em. */
interface CardParts {
  pages: { text: string | null; textFrom: boolean; textMore: boolean; quotes: PagedQuote[] }[];
}

const quoted = (q: SnapshotQuote) => `“${q.text}”`;

function layoutCard(
  s: SnapshotContent,
  cell: SnapshotContent['cells'][number] | undefined,
  width: number,
): CardParts {
  const L = SLIDE.lineHeight;
  const H = SLIDE.cardBody;
  const pages: CardParts['pages'] = [];
  let cur: CardParts['pages'][number] = {
    text: s.show.syntheses ? '' : null,
    textFrom: false,
    textMore: false,
    quotes: [],
  };
  let used = 0;
  const next = () => {
    pages.push(cur);
    cur = { text: s.show.syntheses ? '' : null, textFrom: false, textMore: false, quotes: [] };
    used = 0;
  };
  const synthesis = cell?.synthesis?.text.trim() ?? '';
  // A cell without a synthesis shows none (its heading says so): nothing to plan.
  if (s.show.syntheses && synthesis) {
    const lines = wrapText(synthesis, width);
    let taken: WrappedLine[] = [];
    for (const line of lines) {
      if (used + L > H) {
        cur.text = joinLines(taken);
        cur.textMore = true;
        next();
        cur.textFrom = true;
        taken = [];
      }
      taken.push(line);
      used += L;
    }
    cur.text = joinLines(taken);
  }
  const quotes = s.show.quotes > 0 ? (cell?.quotes ?? []).slice(0, s.show.quotes) : [];
  quotes.forEach((q, qi) => {
    const gap = used === 0 ? 0 : qi === 0 && s.show.syntheses ? SLIDE.sectionGap : SLIDE.quoteGap;
    const lines = wrapText(quoted(q), width);
    const height = (lines.length + 1) * L;
    // A quote moves whole to the next page when it fits there but not here.
    if (used > 0 && used + gap + height > H && height <= H) next();
    else used += gap;
    if (used + height <= H) {
      cur.quotes.push({ ...q, from: false, more: false });
      used += height;
      return;
    }
    // Longer than a page: split by lines (the attribution goes with its last part).
    let taken: WrappedLine[] = [];
    let from = false;
    for (const line of lines) {
      if (used + (taken.length + 2) * L > H && taken.length > 0) {
        cur.quotes.push({ text: stripQuotes(joinLines(taken)), by: q.by, from, more: true });
        next();
        from = true;
        taken = [];
      }
      taken.push(line);
    }
    cur.quotes.push({ text: stripQuotes(joinLines(taken)), by: q.by, from, more: false });
    used += (taken.length + 1) * L;
  });
  pages.push(cur);
  return { pages };
}

const stripQuotes = (t: string) => t.replace(/^“/, '').replace(/”$/, '');

function textPagesForRow(s: SnapshotContent, row: string): TextPage[] {
  const cellAt = new Map(s.cells.filter((c) => c.row === row).map((c) => [c.col, c]));
  const cols = s.cols.map((c) => c.id);
  const plan = (k: number) =>
    chunks(cols, k).map((chunk) => {
      const w = cardWidth(chunk.length);
      const laid = chunk.map((col) => ({ col, parts: layoutCard(s, cellAt.get(col), w) }));
      return { w, laid, parts: Math.max(1, ...laid.map((l) => l.parts.pages.length)) };
    });
  // As many cards side by side as the text allows: fewest pages, then the most cards per page.
  let best = plan(Math.min(SLIDE.textMaxCols, Math.max(1, cols.length)));
  for (let k = Math.min(SLIDE.textMaxCols, cols.length) - 1; k >= 1; k--) {
    const p = plan(k);
    const total = (x: typeof p) => x.reduce((n, c) => n + c.parts, 0);
    if (total(p) < total(best)) best = p;
  }
  const pages: TextPage[] = [];
  for (const chunk of best) {
    for (let part = 0; part < chunk.parts; part++) {
      pages.push({
        kind: 'text',
        row,
        cardWidth: chunk.w,
        part: part + 1,
        parts: chunk.parts,
        cards: chunk.laid.map(({ col, parts }) => {
          const p = parts.pages[part];
          return p
            ? { col, ...p }
            : {
                col,
                text: s.show.syntheses ? '' : null,
                textFrom: false,
                textMore: false,
                quotes: [],
              };
        }),
      });
    }
  }
  return pages;
}

/** The pages of an item, in the order the room sees them. */
export function pagesOf(s: SnapshotContent): Page[] {
  if (!showsText(s)) return gridPages(s);
  const pages = s.rows.flatMap((r) => textPagesForRow(s, r.id));
  return pages.length ? pages : [{ kind: 'grid', lines: [], cols: s.cols.map((c) => c.id) }];
}

const gridRows = (p: GridPage) => p.lines.filter((l) => l.kind === 'row').length;

/** The frames of an item: its pages, each revealed as the item says. */
export function framesOf(s: SnapshotContent): Frame[] {
  const pages = pagesOf(s);
  const frames: Frame[] = [];
  const add = (page: Page, pageIndex: number, f: Omit<Frame, 'page' | 'pageIndex' | 'pageCount'>) =>
    frames.push({ page, pageIndex, pageCount: pages.length, ...f });
  pages.forEach((page, i) => {
    if (page.kind === 'grid') {
      const rows = gridRows(page);
      const steps = s.reveal === 'rows' ? rows : s.reveal === 'cells' ? rows * page.cols.length : 0;
      if (steps <= 1) add(page, i, { upto: null, unit: null, quotes: true });
      else
        for (let k = 1; k <= steps; k++)
          add(page, i, { upto: k, unit: s.reveal === 'rows' ? 'row' : 'cell', quotes: true });
      return;
    }
    if (s.reveal === 'cells' && page.part === 1 && page.cards.length > 1) {
      for (let k = 1; k <= page.cards.length; k++)
        add(page, i, { upto: k, unit: 'card', quotes: true });
      return;
    }
    const hasText = page.cards.some((c) => c.text);
    const hasQuotes = page.cards.some((c) => c.quotes.length > 0);
    if (s.reveal === 'synthesis-quotes' && hasText && hasQuotes) {
      add(page, i, { upto: null, unit: null, quotes: false });
      add(page, i, { upto: null, unit: null, quotes: true });
      return;
    }
    add(page, i, { upto: null, unit: null, quotes: true });
  });
  return frames;
}

/** A frame index within bounds; −1 (or beyond the end) is the last frame. */
export function clampFrame(frame: number, count: number): number {
  if (count <= 0) return 0;
  return frame < 0 || frame >= count ? count - 1 : frame;
}

export interface CellRef {
  row: string;
  col: string;
}

/** The cells a frame shows (revealed so far), in reading order. */
export function cellsShown(frame: Frame): CellRef[] {
  const p = frame.page;
  if (p.kind === 'text') {
    const cards = frame.upto === null ? p.cards : p.cards.slice(0, frame.upto);
    return cards.map((c) => ({ row: p.row, col: c.col }));
  }
  const rows = p.lines.flatMap((l) => (l.kind === 'row' ? [l.row] : []));
  const cells = rows.flatMap((row) => p.cols.map((col) => ({ row, col })));
  if (frame.upto === null) return cells;
  if (frame.unit === 'row') return cells.slice(0, frame.upto * p.cols.length);
  return cells.slice(0, frame.upto);
}

/**
 * The cell the room is looking at, if the frame singles one out: a lone card, the card or cell
 * just revealed. A remark captured now is linked to it.
 */
export function cellInFocus(frame: Frame): CellRef | null {
  const p = frame.page;
  if (p.kind === 'text') {
    if (p.cards.length === 1 && p.cards[0]) return { row: p.row, col: p.cards[0].col };
    if (frame.unit === 'card' && frame.upto !== null) {
      const c = p.cards[frame.upto - 1];
      return c ? { row: p.row, col: c.col } : null;
    }
    return null;
  }
  if (frame.unit === 'cell' && frame.upto !== null) return cellsShown(frame).at(-1) ?? null;
  const shown = cellsShown(frame);
  return shown.length === 1 ? (shown[0] ?? null) : null;
}
