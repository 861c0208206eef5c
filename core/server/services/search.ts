import type { Reader } from '../../../db/access.js';
import { retrieveSegments } from '../../../db/queries/retrieval.js';
import { caseRows } from '../../../db/repo/cases.js';
import { listCoders } from '../../../db/repo/coders.js';
import { codeRow, codeRows } from '../../../db/repo/codes.js';
import { codingOf, deleteCoding, insertCoding } from '../../../db/repo/codings.js';
import { memoHeads } from '../../../db/repo/memos.js';
import { respondentsWithFirstSource } from '../../../db/repo/respondents.js';
import { vocabulary } from '../../../db/repo/vocabulary.js';
import { segmentRow } from '../../../db/repo/segments.js';
import { blockSpansOver, getSourceText, listSources } from '../../../db/repo/sources.js';
import type { PaletteItem, searchContract } from '../../shared/contract/search.js';
import { CasusError } from '../../shared/errors.js';
import { newId, now } from '../domain/ids.js';
import { codeRange, removeCodings } from '../domain/segments.js';
import type { HandlersFor } from '../handlers.js';
import { exportName, passOrStop } from '../confidentiality/leak-check.js';
import { lensFor } from '../confidentiality/lens.js';
import { segmentsForAudience } from '../confidentiality/outputs.js';
import { buildInExportWorker } from '../export/worker.js';
import { exportRows } from '../search/export.js';
import { fullTextSearch, unitRange } from '../search/fulltext.js';

function requireSegment(r: Reader, id: string) {
  const seg = segmentRow(r, id);
  if (!seg) throw new CasusError('not_found', `No segment with id ${id}`);
  return seg;
}

function requireCode(r: Reader, id: string) {
  const code = codeRow(r, id);
  if (!code) throw new CasusError('not_found', `No code with id ${id}`);
  return code;
}

const same = (text: string) => ({ nl: text, en: text });
/** Parts joined by ' · ', empty ones left out, per language. */
const joined = (...parts: { nl: string; en: string }[]) => ({
  nl: parts
    .map((p) => p.nl)
    .filter(Boolean)
    .join(' · '),
  en: parts
    .map((p) => p.en)
    .filter(Boolean)
    .join(' · '),
});

function paletteItems(r: Reader): PaletteItem[] {
  const items: PaletteItem[] = [];
  const cases = caseRows(r);
  const caseLabel = new Map(cases.map((c) => [c.id, { nl: c.label_nl, en: c.label_en }]));
  // Roles are shown by their label, never by their key.
  const roles = new Map(
    vocabulary(r, 'role').map((v) => [v.key, { nl: v.label_nl, en: v.label_en }]),
  );
  for (const s of listSources(r)) {
    const inCase = (s.caseId && caseLabel.get(s.caseId)) || same('');
    items.push({
      type: 'source',
      id: s.id,
      title: s.title,
      alt: `${inCase.nl} ${s.respondentPseudonym ?? ''}`.trim(),
      label: same(s.title),
      detail: joined(inCase, same(s.respondentPseudonym ?? '')),
      sourceId: s.id,
    });
  }
  for (const c of codeRows(r))
    items.push({
      type: 'code',
      id: c.id,
      title: c.label_nl,
      alt: `${c.label_en} ${c.key ?? ''}`.trim(),
      label: { nl: c.label_nl, en: c.label_en || c.label_nl },
      detail: same(''),
      sourceId: null,
    });
  for (const c of cases)
    items.push({
      type: 'case',
      id: c.id,
      title: c.label_nl,
      alt: `${c.label_en} ${c.key}`,
      label: { nl: c.label_nl, en: c.label_en || c.label_nl },
      detail: same(''),
      sourceId: null,
    });
  // Real names are confidential: only the pseudonym, role and organisation are offered.
  for (const x of respondentsWithFirstSource(r)) {
    const role = roles.get(x.role) ?? same(x.role);
    items.push({
      type: 'respondent',
      id: x.id,
      title: x.pseudonym,
      alt: `${x.role} ${role.nl} ${role.en} ${x.organisation}`.trim(),
      label: same(x.pseudonym),
      detail: joined(role, same(x.organisation)),
      sourceId: x.source_id,
    });
  }
  for (const m of memoHeads(r)) {
    const title = m.title || m.head.split('\n')[0] || '(memo)';
    items.push({
      type: 'memo',
      id: m.id,
      title,
      alt: m.head,
      label: same(title),
      detail: same(m.head === title ? '' : m.head),
      sourceId: m.target_type === 'source' ? m.target_id : null,
    });
  }
  return items;
}

export const searchHandlers: HandlersFor<typeof searchContract> = {
  'search.query': (input, ctx) => {
    // The past is rebuilt without its full-text index: an empty answer there would read as "not
    // found", so it is refused, saying why.
    const past = ctx.session.past;
    if (past)
      throw new CasusError(
        'in_the_past',
        `Search looks at the project as it is now, not as it was on ${past.at.slice(0, 16).replace('T', ' ')}. Return to the present to search.`,
        { at: past.at, what: 'search' },
      );
    return fullTextSearch(ctx.read(), input);
  },

  'search.autocode': ({ hits, unit, codeIds }, ctx) =>
    // One action: undo removes every segment and coding this made, together.
    ctx.action('search.autocode', (w) => {
      for (const id of codeIds) requireCode(w, id);
      const texts = new Map<string, string>();
      const ranges = new Map<string, { sourceId: string; start: number; end: number }>();
      for (const h of hits) {
        let text = texts.get(h.sourceId);
        if (text === undefined) {
          text = getSourceText(w, h.sourceId);
          if (text === undefined)
            throw new CasusError('not_found', `No source with id ${h.sourceId}`);
          texts.set(h.sourceId, text);
        }
        if (!(h.start >= 0 && h.end > h.start && h.end <= text.length)) {
          throw new CasusError(
            'invalid_input',
            `Hit ${h.start}-${h.end} lies outside source ${h.sourceId} (${text.length} characters)`,
          );
        }
        const r = unitRange(text, blockSpansOver(w, h.sourceId, h.start, h.end), h, unit);
        if (r.end <= r.start) continue;
        ranges.set(`${h.sourceId}:${r.start}:${r.end}`, { sourceId: h.sourceId, ...r });
      }
      if (ranges.size === 0)
        throw new CasusError('invalid_input', 'The selected hits contain no text to code');
      let codingsAdded = 0;
      const segmentIds: string[] = [];
      for (const r of ranges.values()) {
        const { segment, added } = codeRange(w, { ...r, codeIds, coderId: ctx.coderId() });
        segmentIds.push(segment.id);
        codingsAdded += added.length;
      }
      return { segmentIds, codingsAdded };
    }),

  'search.palette': (_input, ctx) => paletteItems(ctx.read()),

  'segments.query': (input, ctx) => retrieveSegments(ctx.read(), input),

  'segments.export': async ({ format, lang, audience, ...query }, ctx) => {
    const r = ctx.read();
    const { segments } = retrieveSegments(r, { ...query, limit: 10000 });
    const lens = lensFor(r, audience, lang);
    const coders = new Map(listCoders(r).map((c) => [c.id, lens ? lens.text(c.name) : c.name]));
    const shown = lens ? segmentsForAudience(segments, lens) : segments;
    const { headers, rows } = exportRows(shown, lang, coders);
    const stamp = now().slice(0, 10);
    const fileName = exportName(`segments-${stamp}.${format}`, lens);
    // The file is built (and leak-checked) in the export worker from the rows read here.
    const { bytes, leaks } = await buildInExportWorker({
      kind: 'segments',
      format,
      headers,
      rows,
      ...(lens?.entries.length ? { check: { fileName, entries: [...lens.entries] } } : {}),
    });
    const check = lens ? passOrStop(fileName, lens, leaks ?? { hits: [], total: 0 }) : null;
    return {
      fileName,
      mimeType:
        format === 'csv'
          ? 'text/csv'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
      check,
    };
  },

  'segments.uncode': ({ segmentId, codeId }, ctx) =>
    ctx.action('segments.uncode', (w) => {
      const segment = requireSegment(w, segmentId);
      const coding = codingOf(w, segmentId, codeId);
      if (!coding)
        throw new CasusError('not_found', `Segment ${segmentId} is not coded with code ${codeId}`);
      return { segmentDeleted: removeCodings(w, segment, [coding]) };
    }),

  'segments.recode': ({ segmentId, fromCodeId, toCodeId }, ctx) => {
    ctx.action('segments.recode', (w) => {
      requireSegment(w, segmentId);
      requireCode(w, toCodeId);
      const coding = codingOf(w, segmentId, fromCodeId);
      if (!coding)
        throw new CasusError(
          'not_found',
          `Segment ${segmentId} is not coded with code ${fromCodeId}`,
        );
      if (fromCodeId === toCodeId) return;
      // Recoding keeps the segment even when it held this code alone: delete, then add.
      deleteCoding(w, coding);
      if (!codingOf(w, segmentId, toCodeId))
        insertCoding(w, {
          id: newId(),
          segment_id: segmentId,
          code_id: toCodeId,
          coder_id: ctx.coderId(),
          created_at: now(),
        });
    });
    return { segmentId };
  },
};
