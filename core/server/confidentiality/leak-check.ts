import { TermMatcher, type TermEntry } from '../../shared/confidentiality/matcher.js';
import type {
  ExportCheck,
  LeakDetails,
  LeakHit,
  TermKind,
  UnreadableQuote,
} from '../../shared/contract/confidentiality.js';
import { TERM_KINDS } from '../../shared/contract/confidentiality.js';
import { CasusError } from '../../shared/errors.js';
import { fileParts, type TextPart } from './file-text.js';
import type { Lens } from './lens.js';

/**
 * The leak check: every register term (and variant) looked for in every block of text a file
 * holds, as its reader would see it (file-text.ts). A hit is described by the entry's kind and
 * replacement, where it is, and the text around it with the term blacked out: never by the
 * term, so that no message or log line ever carries it.
 */

const MASK = '███';
const CONTEXT = 40;
/** More hits than anyone reads in a message; the count says how many there were. */
const MAX_HITS = 200;

const asKind = (k: string): TermKind =>
  (TERM_KINDS as readonly string[]).includes(k) ? (k as TermKind) : 'other';

const UNIT_WORDS: Record<TextPart['unit'], string> = {
  paragraph: 'paragraph',
  line: 'line',
  value: 'value',
};

/** The hits of the register in text parts (from `fileParts`). */
export function scanParts(
  parts: readonly TextPart[],
  entries: readonly TermEntry[],
): { hits: LeakHit[]; total: number } {
  const matcher = new TermMatcher(entries);
  const hits: LeakHit[] = [];
  let total = 0;
  if (matcher.empty) return { hits, total };
  // A part is named by its file (or archive entry), whose name may hold a term itself.
  const masked = (name: string) => {
    let out = '';
    let at = 0;
    for (const x of matcher.find(name)) {
      out += name.slice(at, Math.max(at, x.start)) + MASK;
      at = Math.max(at, x.end);
    }
    return out + name.slice(at);
  };
  for (const part of parts) {
    const partName = masked(part.name);
    part.blocks.forEach((block, i) => {
      const found = matcher.find(block);
      for (const m of found) {
        total++;
        if (hits.length >= MAX_HITS) continue;
        const from = Math.max(0, m.start - CONTEXT);
        const to = Math.min(block.length, m.end + CONTEXT);
        let context = '';
        let at = from;
        for (const x of found) {
          if (x.end <= from || x.start >= to) continue;
          context += block.slice(at, Math.max(at, x.start)) + MASK;
          at = Math.max(at, x.end);
        }
        context += block.slice(at, to);
        const entry = matcher.entry(m.entryId);
        hits.push({
          entryId: m.entryId,
          kind: asKind(entry?.kind ?? 'other'),
          replacement: entry?.replacement ?? '',
          where: `${partName}, ${UNIT_WORDS[part.unit]} ${i + 1}`,
          context: `${from > 0 ? '…' : ''}${context.replace(/\s+/g, ' ').trim()}${to < block.length ? '…' : ''}`,
        });
      }
    });
  }
  return { hits, total };
}

/** The hits of the register in a file's bytes. */
export function leakHits(bytes: Uint8Array, fileName: string, entries: readonly TermEntry[]) {
  const parts = fileParts(bytes, fileName);
  return { parts, ...scanParts(parts, entries) };
}

/** The error that stops an export: how many terms remain, the first few places, and why. */
export function leakError(
  audience: LeakDetails['audience'],
  file: string,
  found: { hits: LeakHit[]; total: number },
  unreadable: UnreadableQuote[],
): CasusError {
  const first = found.hits
    .slice(0, 5)
    .map((h) => `${h.where} (${h.kind} → “${h.replacement}”): “${h.context}”`)
    .join('; ');
  const details: LeakDetails = { audience, hits: found.hits, unreadable };
  return new CasusError(
    'leak_found',
    `${file} was not exported for ${audience}: the leak check found ${found.total} register ${found.total === 1 ? 'term' : 'terms'} in it: ${first}${found.total > 5 ? ' …' : ''}`,
    details,
  );
}

/** A file name for an audience: it leaves the project as the file does (a title, a case key). */
export function exportName(fileName: string, lens: Lens | null): string {
  return lens ? lens.text(fileName).replace(/[\s/\\]+/g, '-') : fileName;
}

/**
 * Decides on a built export: what the leak check found in its bytes (in the export worker or
 * here), plus its file name. Any hit stops it ('leak_found'); else the check it passed.
 */
export function passOrStop(
  fileName: string,
  lens: Lens,
  leaks: { hits: LeakHit[]; total: number },
): ExportCheck {
  const named = scanParts([{ name: 'file name', unit: 'value', blocks: [fileName] }], lens.entries);
  const total = leaks.total + named.total;
  if (total > 0)
    throw leakError(
      lens.audience.kind,
      fileName,
      { hits: [...named.hits, ...leaks.hits], total },
      lens.unreadable,
    );
  return lens.check();
}

/**
 * Checks an export's bytes (and its name) against what its lens replaced, and stops it (throws
 * 'leak_found') when a term remains. For the team there is no lens and nothing to check.
 */
export function checkExport(
  bytes: Uint8Array,
  fileName: string,
  lens: Lens | null,
): ExportCheck | null {
  if (!lens) return null;
  // An empty register has nothing to find: the file is not read again.
  if (lens.entries.length === 0) return lens.check();
  return passOrStop(fileName, lens, leakHits(bytes, fileName, lens.entries));
}
