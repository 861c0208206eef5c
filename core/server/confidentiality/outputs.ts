import type { ReportDiff, ReportModel, ReportSection } from '../../shared/contract/report.js';
import type { RetrievedSegment } from '../../shared/contract/search.js';
import type { SynthesisCell } from '../../shared/contract/synthesis.js';
import type { MatrixExportJob } from '../matrix/export-files.js';
import type { Lens } from './lens.js';

/**
 * Each output's model as an audience may read it: a copy with every string that came from the
 * project passed through the lens (quotations as quotes, dates as dates). Ids, keys and
 * numbers stay as they are. What an output adds of its own (headings, column names) is
 * not the project's, and the leak check covers it all the same.
 */

const joinPath = (path: string[]) => path.filter(Boolean).join(' › ');

/** A case report for an audience. */
export function reportForAudience(m: ReportModel, lens: Lens): ReportModel {
  const t = lens.text;
  const section = (s: ReportSection, path: string[]): ReportSection => {
    const title = t(s.title);
    const here = [...path, title];
    return {
      ...s,
      title,
      synthesis: s.synthesis && {
        ...s.synthesis,
        paragraphs: s.synthesis.paragraphs.map(t),
        quotes: s.synthesis.quotes.map((q) => ({
          ...q,
          quote: lens.quote(q.quote, `${joinPath(here)}, [${q.n}]`),
          respondent: q.respondent === null ? null : t(q.respondent),
          source: t(q.source),
          location: t(q.location),
        })),
      },
      sections: s.sections.map((x) => section(x, here)),
    };
  };
  return {
    ...m,
    caseLabel: t(m.caseLabel),
    study: t(m.study),
    date: lens.date(m.date),
    intro: {
      attributes: m.intro.attributes.map((a) => ({ label: t(a.label), value: t(a.value) })),
      sources: m.intro.sources.map((s) => ({
        title: t(s.title),
        type: t(s.type),
        date: lens.date(s.date === null ? null : t(s.date)),
      })),
      respondents: m.intro.respondents.map((r) => ({ pseudonym: t(r.pseudonym), role: t(r.role) })),
    },
    chapters: m.chapters.map((ch) => {
      const title = t(ch.title);
      const group = ch.group === null ? null : t(ch.group);
      return {
        ...ch,
        title,
        group,
        sections: ch.sections.map((s) => section(s, [group ?? '', title])),
      };
    }),
  };
}

/** What changed between two report versions, for an audience. */
export function diffForAudience(d: ReportDiff, lens: Lens): ReportDiff {
  const t = lens.text;
  return {
    from: { ...d.from, date: lens.date(t(d.from.date)) },
    to: { ...d.to, date: lens.date(t(d.to.date)) },
    sections: d.sections.map((s) => {
      const title = t(s.title);
      return {
        ...s,
        title,
        changes: s.changes.map((c) => ({
          ...c,
          before: c.before === null ? null : lens.quote(c.before, title),
          after: c.after === null ? null : lens.quote(c.after, title),
        })),
      };
    }),
  };
}

/** A synthesis cell as an audience reads it; its editor body (Lexical JSON) is not sent. */
export function cellForAudience(c: SynthesisCell, lens: Lens, where: string): SynthesisCell {
  const t = lens.text;
  return {
    ...c,
    label: lens.bilingual(c.label),
    body: '',
    bodyText: t(c.bodyText),
    statusAt: lens.date(c.statusAt),
    updatedAt: lens.date(c.updatedAt),
    refs: c.refs.map((r) => ({
      ...r,
      quote: lens.quote(r.quote, `${where}, [${r.n}]`),
      sourceTitle: t(r.sourceTitle),
      respondent: r.respondent === null ? null : t(r.respondent),
    })),
  };
}

/** A matrix export's data for an audience: headers, title, syntheses and their quotations. */
export function matrixJobForAudience(job: MatrixExportJob, lens: Lens): MatrixExportJob {
  const header = (h: MatrixExportJob['matrix']['rows'][number]) => ({
    ...h,
    label: lens.bilingual(h.label),
    parentLabel: h.parentLabel && lens.bilingual(h.parentLabel),
  });
  const rows = new Map(job.matrix.rows.map((r) => [r.id, r.label[job.lang]]));
  const cols = new Map(job.matrix.cols.map((c) => [c.id, c.label[job.lang]]));
  return {
    ...job,
    title: lens.text(job.title),
    ...(job.scope === undefined ? {} : { scope: lens.text(job.scope) }),
    ...(job.key === undefined ? {} : { key: job.key.map(lens.text) }),
    matrix: {
      ...job.matrix,
      rows: job.matrix.rows.map(header),
      cols: job.matrix.cols.map(header),
    },
    syntheses: job.syntheses.map((s) => ({
      ...s,
      cell: cellForAudience(
        s.cell,
        lens,
        lens.text(`${rows.get(s.row) ?? s.row} × ${cols.get(s.col) ?? s.col}`),
      ),
    })),
  };
}

/** Retrieved segments for an audience (a segments export). */
export function segmentsForAudience(segments: RetrievedSegment[], lens: Lens): RetrievedSegment[] {
  const t = lens.text;
  return segments.map((s) => ({
    ...s,
    sourceTitle: t(s.sourceTitle),
    caseLabel: s.caseLabel && lens.bilingual(s.caseLabel),
    date: s.date === null ? null : lens.date(t(s.date)),
    documentType: t(s.documentType),
    respondentPseudonym: s.respondentPseudonym === null ? null : t(s.respondentPseudonym),
    respondentRole: s.respondentRole === null ? null : t(s.respondentRole),
    text: lens.quote(s.text, `segment ${s.id} (${t(s.sourceTitle)})`),
    before: t(s.before),
    after: t(s.after),
    codes: s.codes.map((c) => ({ ...c, label: lens.bilingual(c.label) })),
    createdAt: lens.date(s.createdAt),
  }));
}
