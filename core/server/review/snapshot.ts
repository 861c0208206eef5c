import type { Reader } from '../../../db/access.js';
import { retrieveSegments } from '../../../db/queries/retrieval.js';
import { caseRows } from '../../../db/repo/cases.js';
import { listRespondents } from '../../../db/repo/respondents.js';
import type { ReviewItemRow } from '../../../db/repo/review.js';
import { vocabulary } from '../../../db/repo/vocabulary.js';
import {
  formatValue,
  heatIndex,
  heatScale,
  maxFor,
  MatrixSpec,
  type MatrixHeader,
  type ParsedMatrixSpec,
} from '../../shared/contract/matrix.js';
import type {
  ReviewFocus,
  ReviewShow,
  SnapshotCell,
  SnapshotCol,
  SnapshotContent,
  SnapshotQuote,
  SnapshotRow,
} from '../../shared/contract/review.js';
import type { Bilingual } from '../../shared/template/types.js';
import { SegmentQuerySchema } from '../../shared/contract/search.js';
import { namedCase, resolveNamed } from '../../shared/resolve.js';
import {
  aliasLetter,
  CASE_ALIAS,
  DIMENSION_WORDS,
  MEASURE_WORDS,
} from '../../shared/review/words.js';
import { cellSegments, computeMatrix } from '../matrix/engine.js';
import { viewSyntheses } from '../matrix/synthesis.js';

/**
 * What the room sees of an agenda item, computed once and kept (review_snapshots): the matrix
 * values, the syntheses as they read now and up to N quotes per cell, under pseudonym. With
 * case names hidden, every case is "Case A", "Case B"… in the project's case order (so a letter
 * means the same case in every item), also where a synthesis or quote names it, and respondents
 * are numbered within their case.
 */

export const itemSpec = (item: ReviewItemRow): ParsedMatrixSpec =>
  MatrixSpec.parse(JSON.parse(item.spec));

export function itemFocus(item: ReviewItemRow): ReviewFocus {
  if (item.focus === 'row' && item.focus_row) return { kind: 'row', row: item.focus_row };
  if (item.focus === 'cell' && item.focus_row && item.focus_col)
    return { kind: 'cell', row: item.focus_row, col: item.focus_col };
  return { kind: 'grid' };
}

export function itemShow(item: ReviewItemRow): ReviewShow {
  return {
    counts: item.show_counts === 1,
    syntheses: item.show_syntheses === 1,
    quotes: item.quotes,
    hideCases: item.hide_cases === 1,
  };
}

/** The rows of a matrix an item shows: all, the focused row (or split rows under it), one. */
export function focusedRows(rows: readonly MatrixHeader[], focus: ReviewFocus): MatrixHeader[] {
  if (focus.kind === 'grid') return [...rows];
  return rows.filter(
    (h) => h.id === focus.row || (h.parentLabel !== null && h.id.split(':')[0] === focus.row),
  );
}

/** The columns it shows: those the case filter keeps (as the matrix view does), or the one. */
export function focusedCols(
  r: Reader,
  spec: ParsedMatrixSpec,
  cols: readonly MatrixHeader[],
  focus: ReviewFocus,
): MatrixHeader[] {
  let out = [...cols];
  if (spec.cols.dim === 'case' && spec.filter.cases?.length) {
    const named = caseRows(r).map((c) =>
      namedCase({ id: c.id, key: c.key, label: { nl: c.label_nl, en: c.label_en } }),
    );
    const keep = new Set(spec.filter.cases.map((ref) => resolveNamed(named, ref, 'case').id));
    out = out.filter((c) => keep.has(c.id));
  }
  return focus.kind === 'cell' ? out.filter((c) => c.id === focus.col) : out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Case names and their aliases ("Case B"), in the project's case order. */
function caseAliases(r: Reader) {
  return caseRows(r).map((c, i) => {
    const letter = aliasLetter(i);
    return {
      id: c.id,
      names: [c.label_nl, c.label_en, c.key].filter((n) => n.length > 2),
      alias: { nl: `${CASE_ALIAS[0]} ${letter}`, en: `${CASE_ALIAS[1]} ${letter}` },
      letter,
    };
  });
}
type Aliases = ReturnType<typeof caseAliases>;

/** Replaces every case name in a text by its alias (whole words, any case). */
function scrub(text: string, aliases: Aliases, lang: 'nl' | 'en'): string {
  let out = text;
  // Longest names first, so "Regio Foodvalley" is not half-replaced via "Foodvalley".
  const pairs = aliases
    .flatMap((a) => a.names.map((n) => ({ n, alias: a.alias[lang] })))
    .sort((x, y) => y.n.length - x.n.length);
  for (const { n, alias } of pairs)
    out = out.replace(
      new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(n)}(?![\\p{L}\\p{N}])`, 'giu'),
      alias,
    );
  return out;
}

const QUOTE_CHARS = 320;
/** A long quote is cut at a word and marked as cut. */
function clipQuote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= QUOTE_CHARS) return t;
  const space = t.lastIndexOf(' ', QUOTE_CHARS);
  return `${t.slice(0, space > QUOTE_CHARS / 2 ? space : QUOTE_CHARS).trimEnd()} …`;
}

export function buildSnapshot(r: Reader, item: ReviewItemRow, takenAt: string): SnapshotContent {
  const spec = itemSpec(item);
  const focus = itemFocus(item);
  const show = itemShow(item);
  const m = computeMatrix(r, spec, { includeSegments: false });
  // Shades on the whole matrix's scales, so a focused row looks as it does in the grid.
  const scale = heatScale(m);
  const rows = focusedRows(m.rows, focus);
  const cols = focusedCols(r, spec, m.cols, focus);
  const aliases = caseAliases(r);
  const aliasOf = new Map(aliases.map((a) => [a.id, a]));
  const hide = show.hideCases;

  // A header's label as the room sees it: a hidden case becomes its alias.
  const shownLabel = (dim: string | undefined, id: string, label: Bilingual): Bilingual =>
    hide && dim === 'case' ? (aliasOf.get(id)?.alias ?? label) : label;
  const partId = (id: string, i: number) => id.split(':')[i] ?? id;
  const snapshotRows: SnapshotRow[] = rows.map((h) => ({
    id: h.id,
    label: shownLabel(
      spec.rows.split ?? spec.rows.dim,
      partId(h.id, spec.rows.split ? 1 : 0),
      h.label,
    ),
    parent: h.parentLabel
      ? {
          id: partId(h.id, 0),
          label: shownLabel(spec.rows.dim, partId(h.id, 0), h.parentLabel),
        }
      : null,
    depth: h.depth,
    group: h.group,
  }));
  const snapshotCols: SnapshotCol[] = cols.map((h) => {
    const main = shownLabel(spec.cols.dim, partId(h.id, 0), h.parentLabel ?? h.label);
    const sub = h.parentLabel ? shownLabel(spec.cols.split, partId(h.id, 1), h.label) : null;
    const label = sub ? { nl: `${main.nl} — ${sub.nl}`, en: `${main.en} — ${sub.en}` } : main;
    const real = h.parentLabel
      ? { nl: `${h.parentLabel.nl} — ${h.label.nl}`, en: `${h.parentLabel.en} — ${h.label.en}` }
      : h.label;
    return { id: h.id, label, hidden: label.nl === real.nl ? null : real };
  });

  const values = new Map(m.cells.map((c) => [`${c.row}\n${c.col}`, c.value]));
  const syntheses = show.syntheses ? viewSyntheses(r, spec, { rows, cols }) : null;
  const synthAt = new Map((syntheses?.cells ?? []).map((c) => [`${c.row}\n${c.col}`, c.own]));
  const docTypes = new Map(
    vocabulary(r, 'document-type').map((v) => [v.key, { nl: v.label_nl, en: v.label_en }]),
  );
  // Respondents numbered within their case when case names are hidden (R1, R2… per case).
  const numbered = new Map<string, Bilingual>();
  const perCase = new Map<string, number>();
  const respondentName = (pseudonym: string, caseId: string | null): Bilingual => {
    if (!hide) return { nl: pseudonym, en: pseudonym };
    const known = numbered.get(pseudonym);
    if (known) return known;
    const a = caseId ? aliasOf.get(caseId) : undefined;
    const n = (perCase.get(caseId ?? '') ?? 0) + 1;
    perCase.set(caseId ?? '', n);
    const name = a
      ? { nl: `${a.alias.nl}, R${n}`, en: `${a.alias.en}, R${n}` }
      : { nl: `R${n}`, en: `R${n}` };
    numbered.set(pseudonym, name);
    return name;
  };
  // Pseudonyms often carry their case ("ACH-R1"): where a text names one, it gets its number too.
  const pseudonyms = hide
    ? listRespondents(r)
        .filter((x) => x.pseudonym.length > 1)
        .sort((a, b) => b.pseudonym.length - a.pseudonym.length)
    : [];
  const text = (t: string, lang: 'nl' | 'en') => {
    if (!hide) return t;
    let out = t;
    for (const p of pseudonyms)
      out = out.replace(
        new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(p.pseudonym)}(?![\\p{L}\\p{N}])`, 'gu'),
        () => respondentName(p.pseudonym, p.case_id)[lang],
      );
    return scrub(out, aliases, lang);
  };

  const quotesOf = (row: string, col: string, cited: string[]): SnapshotQuote[] => {
    if (show.quotes === 0) return [];
    // The synthesis's own references first (the evidence it rests on), then the cell's segments.
    const ids = [...new Set([...cited, ...cellSegments(r, spec, row, col)])].slice(0, 200);
    if (ids.length === 0) return [];
    const found = retrieveSegments(
      r,
      SegmentQuerySchema.parse({ segmentIds: ids, limit: 200, context: 0 }),
    ).segments;
    const byId = new Map(found.map((s) => [s.id, s]));
    return ids
      .map((id) => byId.get(id))
      .filter((s) => s !== undefined)
      .slice(0, show.quotes)
      .map((s) => ({
        text: clipQuote(text(s.text, 'nl')),
        by: s.respondentPseudonym
          ? respondentName(s.respondentPseudonym, s.caseId)
          : (docTypes.get(s.documentType) ?? { nl: s.documentType, en: s.documentType }),
      }));
  };

  const cells: SnapshotCell[] = [];
  for (const row of rows)
    for (const col of cols) {
      const key = `${row.id}\n${col.id}`;
      const value = values.get(key) ?? 0;
      const own = synthAt.get(key) ?? null;
      cells.push({
        row: row.id,
        col: col.id,
        value,
        shown: show.counts ? formatValue(value, m.measure, m.percent) : '',
        heat: show.counts ? heatIndex(value, maxFor(scale, row)) : null,
        synthesis:
          show.syntheses && own && own.status !== 'empty'
            ? { text: text(own.bodyText, 'nl'), status: own.status }
            : null,
        quotes: quotesOf(
          row.id,
          col.id,
          (own?.refs ?? []).filter((x) => !x.deleted).map((x) => x.segmentId),
        ),
      });
    }

  const dim = (d: keyof typeof DIMENSION_WORDS) => DIMENSION_WORDS[d];
  const axis = (a: ParsedMatrixSpec['rows'], lang: 0 | 1) =>
    `${dim(a.dim)[lang]}${a.split ? ` (${dim(a.split)[lang]})` : ''}`;
  const caption = (lang: 0 | 1) =>
    `${axis(spec.rows, lang)} × ${axis(spec.cols, lang)} · ${MEASURE_WORDS[spec.measure][lang]}`;
  const rowLabel = (id: string): Bilingual => {
    const own = snapshotRows.find((x) => x.id === id);
    if (own)
      return own.parent
        ? {
            nl: `${own.parent.label.nl} — ${own.label.nl}`,
            en: `${own.parent.label.en} — ${own.label.en}`,
          }
        : own.label;
    const group = snapshotRows.find((x) => x.parent?.id === id)?.parent;
    return group?.label ?? { nl: id, en: id };
  };
  const focusLabel: Bilingual =
    focus.kind === 'grid'
      ? { nl: '', en: '' }
      : focus.kind === 'row'
        ? rowLabel(focus.row)
        : (() => {
            const a = rowLabel(focus.row);
            const b = snapshotCols[0]?.label ?? { nl: focus.col, en: focus.col };
            return { nl: `${a.nl} × ${b.nl}`, en: `${a.en} × ${b.en}` };
          })();

  return {
    takenAt,
    name: { nl: item.name_nl, en: item.name_en },
    focusLabel,
    caption: { nl: caption(0), en: caption(1) },
    question: item.question,
    measure: m.measure,
    percent: m.percent,
    max: scale.max,
    maxShown: formatValue(scale.max, m.measure, m.percent),
    groupMaxShown:
      scale.groupMax === null ? null : formatValue(scale.groupMax, m.measure, m.percent),
    show,
    focus,
    reveal: item.reveal,
    rows: snapshotRows,
    cols: snapshotCols,
    cells,
  };
}

/** The snapshot as an audience screen gets it: without the real names behind hidden cases. */
export function forAudience(s: SnapshotContent): SnapshotContent {
  return { ...s, cols: s.cols.map((c) => ({ ...c, hidden: null })) };
}
