import type { Reader } from '../../../db/access.js';
import { caseSegments, type CaseSegment } from '../../../db/queries/evidence.js';
import { retrieveSegments } from '../../../db/queries/retrieval.js';
import { caseById, listCases } from '../../../db/repo/cases.js';
import { entityVersions } from '../../../db/repo/changelog.js';
import { codeByKey, codeRows, type CodeRow } from '../../../db/repo/codes.js';
import { projectRow } from '../../../db/repo/project.js';
import { listRespondents } from '../../../db/repo/respondents.js';
import { getSourceBlocks, listSources } from '../../../db/repo/sources.js';
import { vocabulary } from '../../../db/repo/vocabulary.js';
import type { Block } from '../../shared/blocks.js';
import type { ReportModel, ReportQuote, ReportSection } from '../../shared/contract/report.js';
import type { Code as CodeWithCounts } from '../../shared/contract/schemas.js';
import type { Coordinate } from '../../shared/contract/synthesis.js';
import { CasusError } from '../../shared/errors.js';
import { TEMPLATES, type Dimension, type ReportPlan } from '../../shared/template/index.js';
import { getCellRow, toCell } from '../matrix/synthesis.js';

type Lang = 'nl' | 'en';
const pick = (b: { nl: string; en: string }, lang: Lang) =>
  lang === 'nl' ? b.nl || b.en : b.en || b.nl;

/** A synthesis version the report was built from. */
export interface UsedSynthesis {
  id: string;
  seq: number;
}

/** Where a passage sits in its source: its page (when the source has pages) and paragraph. */
function locate(blocks: readonly Block[], start: number, lang: Lang): string {
  let page = 1;
  let pages = false;
  let paragraph = 0;
  for (const b of blocks) {
    if (b.type === 'page_break') {
      pages = true;
      if (b.start <= start) page = b.page + 1;
      continue;
    }
    if (b.start > start) break;
    paragraph++;
  }
  const para = `¶ ${Math.max(1, paragraph)}`;
  return pages ? `${lang === 'nl' ? 'p.' : 'p.'} ${page}, ${para}` : para;
}

/** What a report needs of a code: its place in the tree and its names, not its counts. */
type Code = Pick<CodeWithCounts, 'id' | 'parentId' | 'key' | 'dimension' | 'label'>;

/**
 * The codes in depth-first tree order (siblings by sort, then label, as the code tree shows
 * them). Read without the code tree's counts of codings and sources per code, which a report does
 * not show and which cost a pass over every coding of the project (a second on the 2,000-source
 * bench study).
 */
function codesInTreeOrder(r: Reader): Code[] {
  const kids = new Map<string | null, CodeRow[]>();
  for (const c of codeRows(r)) {
    const list = kids.get(c.parent_id);
    if (list) list.push(c);
    else kids.set(c.parent_id, [c]);
  }
  const out: Code[] = [];
  const walk = (parent: string | null) => {
    for (const c of kids.get(parent) ?? []) {
      out.push({
        id: c.id,
        parentId: c.parent_id,
        key: c.key,
        dimension: c.dimension,
        label: { nl: c.label_nl, en: c.label_en },
      });
      walk(c.id);
    }
  };
  walk(null);
  return out;
}

/**
 * The chapters' codes: leaves of the chapter dimension in tree order, each with the label of
 * the group it sits in (a parent of the same dimension, e.g. "Opgavegericht werken").
 */
function chapterCodes(codes: Code[], dim: Dimension) {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const ofDim = codes.filter((c) => c.dimension === dim);
  const parents = new Set(ofDim.map((c) => c.parentId));
  return ofDim
    .filter((c) => !parents.has(c.id))
    .map((c) => {
      let group: Code | undefined;
      for (let p = c.parentId; p; p = byId.get(p)?.parentId ?? null) {
        const x = byId.get(p);
        if (x?.dimension === dim) group = x;
      }
      return { code: c, group };
    });
}

/** The codes of a dimension that take a section each (leaves, tree order). */
const leavesOf = (codes: Code[], dim: Dimension) => chapterCodes(codes, dim).map((x) => x.code);

/** The plan of a project: its template's, or one chapter per principle (or free code). */
function planOf(r: Reader, codes: Code[]): ReportPlan {
  const template = TEMPLATES[projectRow(r).template];
  if (template?.report) return template.report;
  const dim: Dimension = codes.some((c) => c.dimension === 'principle') ? 'principle' : 'free';
  return { chapters: dim, sections: [] };
}

const QUERY_FIELD: Partial<
  Record<keyof Coordinate, 'principles' | 'categories' | 'phases' | 'facets'>
> = {
  principle: 'principles',
  category: 'categories',
  phase: 'phases',
  facet: 'facets',
};

/** How many coded passages of the case lie in a cell. */
function evidence(r: Reader, c: Coordinate): number {
  const q: Record<string, string[]> = {};
  for (const [dim, value] of Object.entries(c) as [keyof Coordinate, string][]) {
    const field = QUERY_FIELD[dim];
    if (field) q[field] = [value];
    else if (dim === 'case') q.caseIds = [value];
    else if (dim === 'free') q.anyCodes = [value];
    else if (dim === 'sourceType') q.documentTypes = [value];
    else if (dim === 'role') q.roles = [value];
  }
  return retrieveSegments(r, {
    ...q,
    sort: 'case',
    groupBy: 'none',
    limit: 1,
    context: 0,
  }).total;
}

/**
 * The number of coded passages in the cells of one case, as `evidence` counts them (a code
 * stands for itself and the codes below it), counted from one read of the case's segments with
 * their codes instead of one retrieval per section: a report has dozens of sections, and each
 * retrieval scanned every segment of the project (0.4 s a report on the 2,000-source bench
 * study, under load). A cell outside the case, or naming a code that does not exist, is counted
 * by retrieval, which says what is wrong.
 */
function evidenceOfCase(r: Reader, caseId: string, codes: readonly Code[]) {
  const segments = caseSegments(r, caseId);
  const children = new Map<string, string[]>();
  for (const c of codes)
    if (c.parentId) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c.id]);
  // code id → the segments (by their index) coded with it.
  const coded = new Map<string, number[]>();
  segments.forEach((s, i) => {
    for (const id of s.codeIds) {
      const list = coded.get(id);
      if (list) list.push(i);
      else coded.set(id, [i]);
    }
  });
  /** The segments coded with a code or a code below it (worked out once per code). */
  const under = new Map<string, Set<number>>();
  const segmentsUnder = (id: string): Set<number> => {
    let out = under.get(id);
    if (out) return out;
    out = new Set<number>();
    const walk = (x: string) => {
      for (const i of coded.get(x) ?? []) out.add(i);
      for (const k of children.get(x) ?? []) walk(k);
    };
    walk(id);
    under.set(id, out);
    return out;
  };
  const known = new Set(codes.map((c) => c.id));
  const counted = new Map<string, number>();
  return (c: Coordinate): number => {
    if (c.case !== caseId) return evidence(r, c);
    const key = JSON.stringify(c);
    const done = counted.get(key);
    if (done !== undefined) return done;
    const sets: Set<number>[] = [];
    const tests: ((s: CaseSegment) => boolean)[] = [];
    for (const [dim, value] of Object.entries(c) as [keyof Coordinate, string][]) {
      if (QUERY_FIELD[dim] || dim === 'free') {
        if (!known.has(value)) return evidence(r, c);
        sets.push(segmentsUnder(value));
      } else if (dim === 'sourceType') tests.push((s) => s.documentType === value);
      else if (dim === 'role') tests.push((s) => s.role === value);
    }
    // The segments of the code with the fewest, tested against the rest.
    sets.sort((x, y) => x.size - y.size);
    const [first, ...rest] = sets;
    const candidates = first ?? segments.keys();
    let n = 0;
    for (const i of candidates) {
      const s = segments[i] as CaseSegment;
      if (rest.every((set) => set.has(i)) && tests.every((t) => t(s))) n++;
    }
    counted.set(key, n);
    return n;
  };
}

/**
 * Builds the case report model from the project as it is: the study's structure (template plan),
 * each section filled with the synthesis written for its cell, its cited passages as quotations,
 * and — where nothing is written yet — the number of coded passages there are.
 */
export function buildReport(
  r: Reader,
  caseId: string,
  lang: Lang,
  meta: { version: number; date: string },
): { model: ReportModel; used: UsedSynthesis[] } {
  const kase = caseById(r, caseId);
  if (!kase) throw new CasusError('not_found', `No case with id ${caseId}`);
  const codes = codesInTreeOrder(r);
  const plan = planOf(r, codes);
  const used: UsedSynthesis[] = [];
  const blocks = new Map<string, Block[]>();
  const blocksOf = (sourceId: string) => {
    let b = blocks.get(sourceId);
    if (!b) {
      b = getSourceBlocks(r, sourceId);
      blocks.set(sourceId, b);
    }
    return b;
  };
  let missing = 0;
  const evidenceIn = evidenceOfCase(r, caseId, codes);

  /** The section of the first candidate cell that has a synthesis, else of the first one. */
  const section = (
    key: string,
    title: string,
    candidates: Coordinate[],
    sections: ReportSection[] = [],
  ): ReportSection => {
    const found = candidates
      .map((coordinate) => ({ coordinate, row: getCellRow(r, coordinate) }))
      .find((x) => x.row && x.row.body_text.trim());
    const coordinate = found?.coordinate ?? (candidates[0] as Coordinate);
    let synthesis: ReportSection['synthesis'] = null;
    if (found?.row) {
      const cell = toCell(r, coordinate, found.row);
      const seq = entityVersions(r, 'synthesis_cells', found.row.id)[0]?.seq ?? 0;
      used.push({ id: found.row.id, seq });
      synthesis = {
        id: found.row.id,
        seq,
        status: cell.status,
        paragraphs: cell.bodyText
          .split(/\n{2,}/)
          .map((p) => p.trim())
          .filter(Boolean),
        quotes: cell.refs.map((ref): ReportQuote => ({
          n: ref.n,
          quote: ref.quote,
          respondent: ref.respondent,
          source: ref.sourceTitle,
          location: ref.deleted ? '' : locate(blocksOf(ref.sourceId), ref.start, lang),
          segmentId: ref.segmentId,
          deleted: ref.deleted,
        })),
      };
    } else if (sections.length === 0) missing++;
    return { key, title, coordinate, synthesis, evidence: evidenceIn(coordinate), sections };
  };

  const chapters = chapterCodes(codes, plan.chapters).map(({ code, group }) => {
    const base: Coordinate = { [plan.chapters]: code.id, case: caseId };
    const sections =
      plan.sections.length === 0
        ? [section(`${code.id}/summary`, pick(code.label, lang), [base])]
        : plan.sections.map((s) => {
            const facet = s.facet ? codeByKey(r, s.facet) : undefined;
            const own: Coordinate =
              facet?.dimension === 'facet' ? { ...base, facet: facet.id } : base;
            const title = pick(s.title, lang);
            if (!s.splitBy) return section(`${code.id}/${s.key}`, title, [own]);
            // Factors per category: written with the facet fixed, or in the default matrix
            // (principle × category × case), whichever has text.
            const subs = leavesOf(codes, s.splitBy).map((k) =>
              section(`${code.id}/${s.key}/${k.id}`, pick(k.label, lang), [
                { ...own, [s.splitBy as Dimension]: k.id },
                { ...base, [s.splitBy as Dimension]: k.id },
              ]),
            );
            return section(`${code.id}/${s.key}`, title, [own], subs);
          });
    return {
      key: code.id,
      title: pick(code.label, lang),
      group: group ? pick(group.label, lang) : null,
      sections,
    };
  });

  const info = listCases(r).find((c) => c.id === caseId);
  const vocab = vocabulary(r);
  const vocabLabel = (kind: 'role' | 'document-type', key: string) => {
    const v = vocab.find((x) => x.kind === kind && x.key === key);
    return v ? pick({ nl: v.label_nl, en: v.label_en }, lang) : key;
  };
  const sources = listSources(r, caseId)
    .filter((s) => s.replacedById === null)
    .map((s) => ({
      title: s.title,
      type: vocabLabel('document-type', s.documentType),
      date: s.date,
    }))
    .sort((a, b) => a.type.localeCompare(b.type) || (a.date ?? '').localeCompare(b.date ?? ''));
  const model: ReportModel = {
    caseId,
    caseLabel: pick({ nl: kase.label_nl, en: kase.label_en }, lang),
    study: projectRow(r).name,
    version: meta.version,
    date: meta.date,
    lang,
    intro: {
      attributes: (info?.attributes ?? []).map((a) => ({
        label: pick(a.label, lang),
        value: a.value,
      })),
      sources,
      // Pseudonyms and roles only: a report never names a respondent.
      respondents: listRespondents(r, caseId).map((x) => ({
        pseudonym: x.pseudonym,
        role: vocabLabel('role', x.role),
      })),
    },
    chapters,
    missing,
  };
  return { model, used };
}

/** Every section of a report, depth first, with its chapter and parent titles. */
export function flattenSections(model: ReportModel) {
  const out: { section: ReportSection; path: string[] }[] = [];
  const walk = (s: ReportSection, path: string[]) => {
    out.push({ section: s, path: [...path, s.title] });
    for (const sub of s.sections) walk(sub, [...path, s.title]);
  };
  for (const ch of model.chapters) for (const s of ch.sections) walk(s, [ch.title]);
  return out;
}
