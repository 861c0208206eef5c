import { diffSentences } from 'diff';
import type { ReportDiff, ReportModel, ReportSection } from '../../shared/contract/report.js';
import { flattenSections } from './model.js';

type Change = ReportDiff['sections'][number]['changes'][number];

/** A section as compared: its text, and its quotations as lines of their own. */
function sectionText(s: ReportSection): { text: string; quotes: string[] } {
  return {
    text: s.synthesis?.paragraphs.join('\n\n') ?? '',
    quotes: (s.synthesis?.quotes ?? []).map((q) => `“${q.quote}” (${q.respondent ?? q.source})`),
  };
}

/** Sentence-level changes of one text: a removed run followed by an added one is a change. */
function textChanges(before: string, after: string): Change[] {
  const parts = diffSentences(before, after);
  const out: Change[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (!p || (!p.added && !p.removed)) continue;
    const next = parts[i + 1];
    if (p.removed && next?.added) {
      out.push({ kind: 'changed', before: p.value.trim(), after: next.value.trim() });
      i++;
    } else if (p.removed) out.push({ kind: 'removed', before: p.value.trim(), after: null });
    else out.push({ kind: 'added', before: null, after: p.value.trim() });
  }
  return out.filter((c) => (c.before ?? '') !== '' || (c.after ?? '') !== '');
}

function quoteChanges(before: string[], after: string[]): Change[] {
  return [
    ...before
      .filter((q) => !after.includes(q))
      .map((q): Change => ({ kind: 'removed', before: q, after: null })),
    ...after
      .filter((q) => !before.includes(q))
      .map((q): Change => ({ kind: 'added', before: null, after: q })),
  ];
}

/**
 * What changed from one version of a case report to another, per section (in the order of the
 * newer version, then sections that are gone): sentences added, removed and changed, and
 * quotations added or removed. Sections without changes are left out.
 */
export function diffReports(
  older: ReportModel,
  newer: ReportModel,
  to: { number: number | null; date: string },
): ReportDiff {
  const a = new Map(flattenSections(older).map((x) => [x.section.key, x]));
  const b = flattenSections(newer);
  const sections: ReportDiff['sections'] = [];
  const push = (key: string, path: string[], changes: Change[]) => {
    if (changes.length) sections.push({ key, title: path.join(' › '), changes });
  };
  for (const { section, path } of b) {
    const old = a.get(section.key);
    const now = sectionText(section);
    const was = old ? sectionText(old.section) : { text: '', quotes: [] };
    push(section.key, path, [
      ...textChanges(was.text, now.text),
      ...quoteChanges(was.quotes, now.quotes),
    ]);
  }
  const keys = new Set(b.map((x) => x.section.key));
  for (const [key, old] of a) {
    if (keys.has(key)) continue;
    const was = sectionText(old.section);
    push(key, old.path, [...textChanges(was.text, ''), ...quoteChanges(was.quotes, [])]);
  }
  return { from: { number: older.version, date: older.date }, to, sections };
}
