import { describe, expect, it } from 'vitest';
import type { SnapshotContent } from '../../../core/shared/contract/review.js';
import {
  cellInFocus,
  cellsShown,
  clampFrame,
  framesOf,
  pagesOf,
  SLIDE,
  type TextPage,
} from '../../../core/shared/review/frames.js';
import { textWidth, wrapText } from '../../../core/shared/review/text-width.js';

const bi = (s: string) => ({ nl: s, en: s });

/** A snapshot of `groups` principles with `split` categories each, over `cases` cases. */
function snapshot(
  opts: {
    groups?: number;
    split?: number;
    cases?: number;
    text?: (row: string, col: string) => string | null;
    quotes?: number;
    quote?: string;
    syntheses?: boolean;
    reveal?: SnapshotContent['reveal'];
  } = {},
): SnapshotContent {
  const groups = opts.groups ?? 7;
  const split = opts.split ?? 3;
  const rows = Array.from({ length: groups }, (_, g) =>
    Array.from({ length: split }, (_, c) => ({
      id: `p${g}:c${c}`,
      label: bi(`Categorie ${c}`),
      parent: { id: `p${g}`, label: bi(`Uitgangspunt ${g}`) },
      depth: 0,
    })),
  ).flat();
  const cols = Array.from({ length: opts.cases ?? 4 }, (_, i) => ({
    id: `k${i}`,
    label: bi(`Casus ${i}`),
    hidden: null,
  }));
  const quotes = opts.quotes ?? 0;
  return {
    takenAt: '2022-03-14T10:00:00.000Z',
    name: bi('Uitgangspunten × casussen'),
    focusLabel: bi(''),
    caption: bi(''),
    question: 'Herkent u dit?',
    measure: 'segments',
    percent: 'none',
    max: 9,
    maxShown: '9',
    show: {
      counts: true,
      syntheses: opts.syntheses ?? opts.text !== undefined,
      quotes,
      hideCases: false,
    },
    focus: { kind: 'grid' },
    reveal: opts.reveal ?? 'all',
    rows,
    cols,
    cells: rows.flatMap((r) =>
      cols.map((c) => {
        const text = opts.text?.(r.id, c.id) ?? null;
        return {
          row: r.id,
          col: c.id,
          value: 3,
          shown: '3',
          heat: 2,
          synthesis: text === null ? null : { text, status: 'draft' as const },
          quotes: Array.from({ length: quotes }, (_, i) => ({
            text: opts.quote ?? `Citaat ${i} uit het gesprek over ${r.id}.`,
            by: bi(`R-${i}`),
          })),
        };
      }),
    ),
  };
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const sentence =
  'De financiële spelregels van het Rijk zaten de aanpak vanuit de regio in de weg, en de eis dat elke rijkseuro wordt gematcht drukt zwaar op kleine gemeenten. ';

/** The height a card's part takes, in em, as frames.ts plans it. */
function cardHeight(page: TextPage, i: number): number {
  const card = page.cards[i];
  if (!card) return 0;
  const L = SLIDE.lineHeight;
  let h = card.text ? wrapText(card.text, page.cardWidth).length * L : 0;
  card.quotes.forEach((q, qi) => {
    if (h > 0) h += qi === 0 && card.text !== null ? SLIDE.sectionGap : SLIDE.quoteGap;
    // As the slide shows it: the marks only where the quote begins and ends.
    const shown = `${q.from ? '' : '“'}${q.text}${q.more ? '' : '”'}`;
    h += (wrapText(shown, page.cardWidth).length + 1) * L;
  });
  return h;
}

describe('the frames of an agenda item (audience slides)', () => {
  it('pages a heatmap by principle: never more than a page of lines, every row once, groups whole', () => {
    const s = snapshot();
    const pages = pagesOf(s);
    expect(pages.length).toBe(3);
    const seen: string[] = [];
    for (const page of pages) {
      if (page.kind !== 'grid') throw new Error('expected a grid page');
      expect(page.lines.length).toBeLessThanOrEqual(SLIDE.gridLines);
      expect(page.cols).toEqual(['k0', 'k1', 'k2', 'k3']);
      // Each group is on one page, heading first.
      const groups = page.lines.filter((l) => l.kind === 'group');
      expect(page.lines[0]?.kind).toBe('group');
      for (const g of groups) {
        const rows = page.lines.filter((l) => l.kind === 'row' && l.row.startsWith(`${g.id}:`));
        expect(rows).toHaveLength(3);
      }
      for (const l of page.lines) if (l.kind === 'row') seen.push(l.row);
    }
    expect(seen).toEqual(s.rows.map((r) => r.id));
  });

  it('splits a group longer than a page, repeating its heading, and wide grids by columns', () => {
    const s = snapshot({ groups: 1, split: 20, cases: 9 });
    const pages = pagesOf(s);
    // 20 rows + heading → two row pages; 9 cases → two column pages of 5 and 4.
    expect(pages.length).toBe(4);
    for (const page of pages) {
      if (page.kind !== 'grid') throw new Error('grid');
      expect(page.lines[0]).toMatchObject({ kind: 'group', id: 'p0' });
      expect(page.lines.length).toBeLessThanOrEqual(SLIDE.gridLines);
      expect(page.cols.length).toBeLessThanOrEqual(SLIDE.gridMaxCols);
    }
    expect(pages.map((p) => (p.kind === 'grid' ? p.cols.length : 0))).toEqual([5, 4, 5, 4]);
  });

  it('pages long syntheses instead of shrinking them: every part fits its card, no word is lost', () => {
    const long = sentence.repeat(12).trim();
    const s = snapshot({
      groups: 1,
      split: 1,
      text: (_r, c) => (c === 'k1' ? long : c === 'k2' ? null : 'Kort.'),
      quotes: 2,
    });
    const pages = pagesOf(s) as TextPage[];
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page.kind).toBe('text');
      page.cards.forEach((_, i) => expect(cardHeight(page, i)).toBeLessThanOrEqual(SLIDE.cardBody));
      // Every line planned is no wider than the card.
      for (const c of page.cards)
        for (const line of wrapText(c.text ?? '', page.cardWidth))
          expect(textWidth(line.text)).toBeLessThanOrEqual(page.cardWidth);
    }
    const k1 = pages.map((p) => p.cards.find((c) => c.col === 'k1'));
    expect(words(k1.map((c) => c?.text ?? '').join(' '))).toEqual(words(long));
    // Its parts run on from page to page: "more" on each but the last, "from" on each but the first.
    const parts = k1.filter((c) => c?.text);
    expect(parts.map((c) => [c?.textFrom, c?.textMore])).toEqual(
      parts.map((_, i) => [i > 0, i < parts.length - 1]),
    );
    expect(parts.length).toBeGreaterThan(1);
    // Each quote of each cell appears once, whole or in parts.
    for (const col of ['k0', 'k1', 'k2', 'k3'])
      expect(
        pages
          .flatMap((p) => p.cards.filter((c) => c.col === col).flatMap((c) => c.quotes))
          .filter((q) => !q.from),
      ).toHaveLength(2);
    // A cell without synthesis plans no text (its heading says so).
    expect(pages.flatMap((p) => p.cards).find((c) => c.col === 'k2')?.text).toBe('');
  });

  it('puts fewer cards side by side when that saves pages, and keeps paragraphs', () => {
    const mid = `${sentence.repeat(3).trim()}\n\nTweede alinea.`;
    const s = snapshot({ groups: 1, split: 1, cases: 2, text: () => mid });
    const pages = pagesOf(s) as TextPage[];
    expect(pages).toHaveLength(1);
    expect(pages[0]?.cards).toHaveLength(2);
    expect(pages[0]?.cards[0]?.text).toContain('\n\nTweede alinea.');
    const one = pagesOf(snapshot({ groups: 1, split: 1, cases: 1, text: () => mid }));
    expect((one[0] as TextPage).cardWidth).toBe(SLIDE.singleCardWidth - SLIDE.cardInset);
  });

  it('splits a quote longer than a card over pages', () => {
    const s = snapshot({
      groups: 1,
      split: 1,
      cases: 4,
      syntheses: false,
      quotes: 1,
      quote: sentence.repeat(8).trim(),
    });
    const pages = pagesOf(s) as TextPage[];
    expect(pages.length).toBeGreaterThan(1);
    const parts = pages.flatMap((p) =>
      p.cards.filter((c) => c.col === 'k0').flatMap((c) => c.quotes),
    );
    expect(parts[0]).toMatchObject({ from: false, more: true });
    expect(parts.at(-1)).toMatchObject({ from: true, more: false });
    expect(words(parts.map((q) => q.text).join(' '))).toEqual(words(sentence.repeat(8).trim()));
    pages.forEach((p) =>
      p.cards.forEach((_, i) => expect(cardHeight(p, i)).toBeLessThanOrEqual(SLIDE.cardBody)),
    );
  });

  it('reveals row by row, cell by cell, or synthesis then quotes', () => {
    const rows = framesOf(snapshot({ groups: 2, split: 3, reveal: 'rows' }));
    // One page of two groups (8 lines): a frame per row.
    expect(rows.map((f) => f.upto)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(cellsShown(rows[1] as (typeof rows)[number])).toHaveLength(8);

    const cells = framesOf(snapshot({ groups: 1, split: 2, cases: 3, reveal: 'cells' }));
    expect(cells).toHaveLength(6);
    expect(cellInFocus(cells[4] as (typeof cells)[number])).toEqual({ row: 'p0:c1', col: 'k1' });

    const cards = framesOf(
      snapshot({ groups: 1, split: 1, cases: 3, text: () => 'Kort.', reveal: 'cells' }),
    );
    expect(cards.map((f) => [f.unit, f.upto])).toEqual([
      ['card', 1],
      ['card', 2],
      ['card', 3],
    ]);
    expect(cellInFocus(cards[1] as (typeof cards)[number])).toEqual({ row: 'p0:c0', col: 'k1' });

    const sq = framesOf(
      snapshot({ groups: 1, split: 2, text: () => 'Kort.', quotes: 1, reveal: 'synthesis-quotes' }),
    );
    expect(sq.map((f) => `${f.pageIndex}:${f.quotes}`)).toEqual([
      '0:false',
      '0:true',
      '1:false',
      '1:true',
    ]);

    const all = framesOf(snapshot({ reveal: 'all' }));
    expect(all).toHaveLength(3);
    expect(all.every((f) => f.upto === null)).toBe(true);
  });

  it('clamps a frame number: -1 and beyond the end are the last frame', () => {
    expect(clampFrame(-1, 5)).toBe(4);
    expect(clampFrame(7, 5)).toBe(4);
    expect(clampFrame(2, 5)).toBe(2);
    expect(clampFrame(0, 0)).toBe(0);
  });
});
