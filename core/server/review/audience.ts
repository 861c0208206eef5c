import type { Audience, LeakHit } from '../../shared/contract/confidentiality.js';
import type { AudienceState, SnapshotContent } from '../../shared/contract/review.js';
import { CasusError } from '../../shared/errors.js';
import type { Lens } from '../confidentiality/lens.js';
import { scanParts } from '../confidentiality/leak-check.js';

/**
 * A group review as the people in the room may see it (issue 17): what an agenda item shows,
 * and the live audience screen, passed through the audience's lens. The snapshot is kept as the
 * team saw it (the presenter needs the real case behind a hidden one); the lens applies on the
 * way to the room and into the minutes.
 */

type Showing = Extract<AudienceState, { kind: 'showing' }>;

/** A snapshot with every string that came from the project passed through the lens. */
export function snapshotForLens(s: SnapshotContent, lens: Lens): SnapshotContent {
  const t = lens.text;
  const b = lens.bilingual;
  const rows = s.rows.map((r) => ({
    ...r,
    label: b(r.label),
    parent: r.parent && { ...r.parent, label: b(r.parent.label) },
  }));
  const cols = s.cols.map((c) => ({ ...c, label: b(c.label), hidden: c.hidden && b(c.hidden) }));
  // Where a quote is, in the words the room reads (for the list of quotes worth a look).
  const rowName = new Map(rows.map((r) => [r.id, r.label.nl]));
  const colName = new Map(cols.map((c) => [c.id, c.label.nl]));
  return {
    ...s,
    takenAt: lens.date(s.takenAt),
    name: b(s.name),
    focusLabel: b(s.focusLabel),
    caption: b(s.caption),
    question: t(s.question),
    rows,
    cols,
    cells: s.cells.map((c) => ({
      ...c,
      synthesis: c.synthesis && { ...c.synthesis, text: t(c.synthesis.text) },
      quotes: c.quotes.map((q) => ({
        text: lens.quote(q.text, `${rowName.get(c.row) ?? c.row} × ${colName.get(c.col) ?? c.col}`),
        by: b(q.by),
      })),
    })),
  };
}

/** Every string a value holds (what the room's screen could show of it). */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) stringsOf(v, out);
  return out;
}

const AUDIENCE_WORDS: Record<Audience['kind'], string> = {
  team: 'the team',
  respondents: 'respondents',
  public: 'the public',
};

/**
 * The leak check of what goes to the room: every string of the audience state scanned for the
 * register. A hit keeps the item off the screen ('leak_found', described without the term).
 */
export function checkShowing(state: Omit<Showing, 'seq'>, lens: Lens): void {
  if (lens.entries.length === 0) return;
  const found = scanParts(
    [{ name: 'audience view', unit: 'value', blocks: stringsOf(state) }],
    lens.entries,
  );
  if (found.total === 0) return;
  const hits: LeakHit[] = found.hits;
  const first = hits
    .slice(0, 3)
    .map((h) => `${h.kind} → “${h.replacement}”: “${h.context}”`)
    .join('; ');
  throw new CasusError(
    'leak_found',
    `Not shown to the room (${AUDIENCE_WORDS[lens.audience.kind]}): the leak check found ${found.total} register ${found.total === 1 ? 'term' : 'terms'} in the audience view: ${first}`,
    { audience: lens.audience.kind, hits, unreadable: lens.unreadable },
  );
}
