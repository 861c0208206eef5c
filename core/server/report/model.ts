import type { Reader } from '../../../db/access.js';
import { retrieveSegments } from '../../../db/queries/retrieval.js';
import { caseById, listCases } from '../../../db/repo/cases.js';
import { entityVersions } from '../../../db/repo/changelog.js';
import { codeByKey, codeTree } from '../../../db/repo/codes.js';
import { projectRow } from '../../../db/repo/project.js';
import { listRespondents } from '../../../db/repo/respondents.js';
import { getSourceBlocks, listSources } from '../../../db/repo/sources.js';
import { vocabulary } from '../../../db/repo/vocabulary.js';
import type { Block } from '../../shared/blocks.js';
import type { ReportModel, ReportQuote, ReportSection } from '../../shared/contract/report.js';
import type { Code } from '../../shared/contract/schemas.js';
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
  const codes = codeTree(r);
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
    return { key, title, coordinate, synthesis, evidence: evidence(r, coordinate), sections };
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
