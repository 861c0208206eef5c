import type { Reader } from '../../../db/access.js';
import { listCases } from '../../../db/repo/cases.js';
import { codeRows } from '../../../db/repo/codes.js';
import { projectRow } from '../../../db/repo/project.js';
import { registerDismissals } from '../../../db/repo/register.js';
import { getSourceText, listSources } from '../../../db/repo/sources.js';
import { vocabulary } from '../../../db/repo/vocabulary.js';
import { findCandidates, type FoundCandidate } from '../../shared/confidentiality/candidates.js';
import { termKey } from '../../shared/confidentiality/fold.js';
import { TermMatcher, type TermMatch } from '../../shared/confidentiality/matcher.js';
import type {
  Candidate,
  CandidateKind,
  Occurrence,
  TermKind,
} from '../../shared/contract/confidentiality.js';
import { registerEntries } from './register.js';

/**
 * Find in text: the register's terms in the sources (how often, and where), and the candidates
 * the register does not hold yet. Sources are read as stored (their text never changes); only
 * current versions are read, since an earlier version's text lives on in its successor.
 */

const CONTEXT = 60;

function currentSources(r: Reader) {
  return listSources(r).filter((s) => s.replacedById === null);
}

function occurrence(
  source: { id: string; title: string },
  text: string,
  start: number,
  end: number,
): Occurrence {
  const from = Math.max(0, start - CONTEXT);
  const to = Math.min(text.length, end + CONTEXT);
  return {
    sourceId: source.id,
    sourceTitle: source.title,
    start,
    end,
    before: (from > 0 ? '…' : '') + text.slice(from, start).replace(/\s+/g, ' ').trimStart(),
    text: text.slice(start, end),
    after: text.slice(end, to).replace(/\s+/g, ' ').trimEnd() + (to < text.length ? '…' : ''),
  };
}

/** The register's matches in every current source: counts per entry, and one entry's places. */
export function registerOccurrences(r: Reader, id: string | undefined, limit: number) {
  const matcher = new TermMatcher(registerEntries(r));
  const counts = new Map<string, { count: number; sources: Set<string> }>();
  const places: Occurrence[] = [];
  if (!matcher.empty)
    for (const s of currentSources(r)) {
      const text = getSourceText(r, s.id) ?? '';
      for (const m of matcher.find(text)) {
        const c = counts.get(m.entryId) ?? { count: 0, sources: new Set<string>() };
        c.count++;
        c.sources.add(s.id);
        counts.set(m.entryId, c);
        if (m.entryId === id && places.length < limit)
          places.push(occurrence(s, text, m.start, m.end));
      }
    }
  return {
    counts: [...counts].map(([entryId, c]) => ({
      entryId,
      count: c.count,
      sources: c.sources.size,
    })),
    places,
  };
}

/** Words and phrases the study uses itself: never candidates. */
function knownWords(r: Reader): Set<string> {
  const known = new Set<string>();
  const add = (phrase: string | null | undefined) => {
    if (!phrase) return;
    const key = termKey(phrase);
    if (!key) return;
    known.add(key);
    for (const w of key.split(/[^\p{L}\p{N}']+/u)) if (w.length > 1) known.add(w);
  };
  add(projectRow(r).name);
  for (const c of listCases(r)) {
    add(c.label.nl);
    add(c.label.en);
    add(c.key.replace(/-/g, ' '));
    // The case's own public facts (signatories, pillars): the template's attributes.
    for (const a of c.attributes) add(a.value);
  }
  for (const c of codeRows(r)) {
    add(c.label_nl);
    add(c.label_en);
  }
  for (const v of vocabulary(r)) {
    add(v.label_nl);
    add(v.label_en);
  }
  return known;
}

const KIND_ORDER: CandidateKind[] = ['titled-name', 'email', 'phone', 'proper-noun'];
const TERM_KIND: Record<CandidateKind, TermKind> = {
  'titled-name': 'person',
  email: 'email',
  phone: 'phone',
  'proper-noun': 'other',
};
const REPLACEMENT: Record<CandidateKind, { nl: string; en: string }> = {
  'titled-name': { nl: '[persoon]', en: '[person]' },
  email: { nl: '[e-mailadres]', en: '[e-mail address]' },
  phone: { nl: '[telefoonnummer]', en: '[phone number]' },
  'proper-noun': { nl: '[naam]', en: '[name]' },
};

const overlapsAny = (c: FoundCandidate, matches: readonly TermMatch[]) =>
  matches.some((m) => c.start < m.end && c.end > m.start);

/**
 * The candidates in the current sources: grouped by their folded form, the ones the register
 * covers and the ones the team dismissed left out; most telling kinds first, then the most
 * frequent.
 */
export function candidatesIn(
  r: Reader,
  opts: { kinds?: readonly CandidateKind[]; limit: number; lang?: 'nl' | 'en' },
): { sources: number; total: number; candidates: Candidate[] } {
  const matcher = new TermMatcher(registerEntries(r));
  const known = knownWords(r);
  const dismissed = new Set(registerDismissals(r).map((d) => `${d.kind}\n${d.key ?? ''}`));
  const kinds = new Set(opts.kinds ?? KIND_ORDER);
  const lang = opts.lang ?? 'nl';
  interface Group {
    kind: CandidateKind;
    key: string;
    spellings: Map<string, number>;
    count: number;
    sources: Set<string>;
    occurrences: Occurrence[];
    title: string | undefined;
  }
  const groups = new Map<string, Group>();
  const sources = currentSources(r);
  for (const s of sources) {
    const text = getSourceText(r, s.id) ?? '';
    const registered = matcher.empty ? [] : matcher.find(text);
    for (const c of findCandidates(text, known)) {
      if (!kinds.has(c.kind) || dismissed.has(`${c.kind}\n${c.key}`)) continue;
      if (overlapsAny(c, registered)) continue;
      const id = `${c.kind}\n${c.key}`;
      let g = groups.get(id);
      if (!g) {
        g = {
          kind: c.kind,
          key: c.key,
          spellings: new Map(),
          count: 0,
          sources: new Set(),
          occurrences: [],
          title: c.title,
        };
        groups.set(id, g);
      }
      g.count++;
      g.sources.add(s.id);
      g.spellings.set(c.text, (g.spellings.get(c.text) ?? 0) + 1);
      if (g.occurrences.length < 3) g.occurrences.push(occurrence(s, text, c.start, c.end));
    }
  }
  const all = [...groups.values()].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      b.count - a.count ||
      a.key.localeCompare(b.key),
  );
  return {
    sources: sources.length,
    total: all.length,
    candidates: all.slice(0, opts.limit).map((g) => ({
      key: g.key,
      kind: g.kind,
      text: [...g.spellings].sort((a, b) => b[1] - a[1])[0]?.[0] ?? g.key,
      termKind: TERM_KIND[g.kind],
      replacement: g.title ? `[${g.title.toLowerCase()}]` : REPLACEMENT[g.kind][lang],
      count: g.count,
      sources: g.sources.size,
      occurrences: g.occurrences,
    })),
  };
}
