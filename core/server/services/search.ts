import type { Db } from '../../../db/open.js';
import type { PaletteItem, searchContract } from '../../shared/contract/search.js';
import { CasusError } from '../../shared/errors.js';
import { codeRange, removeCodings, type CodingRow, type SegmentRow } from '../domain/segments.js';
import type { HandlersFor } from '../handlers.js';
import { toCsv } from '../../shared/table/csv.js';
import { exportRows, toXlsx } from '../search/export.js';
import { fullTextSearch, unitRange } from '../search/fulltext.js';
import { retrieveSegments } from '../search/retrieval.js';
import { newId, now } from '../domain/ids.js';

function requireRow<T>(db: Db, table: string, id: string, what: string): T {
  const row = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as T | undefined;
  if (!row) throw new CasusError('not_found', `No ${what} with id ${id}`);
  return row;
}

function paletteItems(db: Db): PaletteItem[] {
  const items: PaletteItem[] = [];
  for (const s of db
    .prepare(
      `SELECT s.id, s.title, coalesce(c.label_nl, '') AS c_nl, coalesce(r.pseudonym, '') AS who
       FROM sources s LEFT JOIN cases c ON c.id = s.case_id
       LEFT JOIN respondents r ON r.id = s.respondent_id ORDER BY s.sort`,
    )
    .all() as { id: string; title: string; c_nl: string; who: string }[]) {
    items.push({
      type: 'source',
      id: s.id,
      title: s.title,
      alt: `${s.c_nl} ${s.who}`.trim(),
      sourceId: s.id,
    });
  }
  for (const c of db
    .prepare('SELECT id, key, label_nl, label_en FROM codes ORDER BY sort')
    .all() as { id: string; key: string | null; label_nl: string; label_en: string }[]) {
    items.push({
      type: 'code',
      id: c.id,
      title: c.label_nl,
      alt: `${c.label_en} ${c.key ?? ''}`.trim(),
      sourceId: null,
    });
  }
  for (const c of db
    .prepare('SELECT id, key, label_nl, label_en FROM cases ORDER BY sort')
    .all() as { id: string; key: string; label_nl: string; label_en: string }[]) {
    items.push({
      type: 'case',
      id: c.id,
      title: c.label_nl,
      alt: `${c.label_en} ${c.key}`,
      sourceId: null,
    });
  }
  for (const r of db
    .prepare(
      `SELECT r.id, r.pseudonym, r.role, r.organisation,
         (SELECT s.id FROM sources s WHERE s.respondent_id = r.id ORDER BY s.sort LIMIT 1) AS source_id
       FROM respondents r ORDER BY r.pseudonym`,
    )
    .all() as {
    id: string;
    pseudonym: string;
    role: string;
    organisation: string;
    source_id: string | null;
  }[]) {
    // Real names are confidential: only the pseudonym, role and organisation are offered.
    items.push({
      type: 'respondent',
      id: r.id,
      title: r.pseudonym,
      alt: `${r.role} ${r.organisation}`.trim(),
      sourceId: r.source_id,
    });
  }
  for (const m of db
    .prepare(
      `SELECT id, title, substr(body_text, 1, 200) AS head, target_type, target_id FROM memos
       ORDER BY updated_at DESC`,
    )
    .all() as {
    id: string;
    title: string;
    head: string;
    target_type: string;
    target_id: string;
  }[]) {
    items.push({
      type: 'memo',
      id: m.id,
      title: m.title || m.head.split('\n')[0] || '(memo)',
      alt: m.head,
      sourceId: m.target_type === 'source' ? m.target_id : null,
    });
  }
  return items;
}

export const searchHandlers: HandlersFor<typeof searchContract> = {
  'search.query': (input, ctx) => fullTextSearch(ctx.db(), input),

  'search.autocode': ({ hits, unit, codeIds }, ctx) => {
    const db = ctx.db();
    for (const id of codeIds) requireRow(db, 'codes', id, 'code');
    const texts = new Map<string, string>();
    const ranges = new Map<string, { sourceId: string; start: number; end: number }>();
    for (const h of hits) {
      let text = texts.get(h.sourceId);
      if (text === undefined) {
        text = requireRow<{ text: string }>(db, 'sources', h.sourceId, 'source').text;
        texts.set(h.sourceId, text);
      }
      if (!(h.start >= 0 && h.end > h.start && h.end <= text.length)) {
        throw new CasusError(
          'invalid_input',
          `Hit ${h.start}-${h.end} lies outside source ${h.sourceId} (${text.length} characters)`,
        );
      }
      const blocks = db
        .prepare(
          `SELECT start, end FROM blocks WHERE source_id = ? AND end > ? AND start < ?
             AND type != 'page_break' ORDER BY seq`,
        )
        .all(h.sourceId, h.start, h.end) as { start: number; end: number }[];
      const r = unitRange(text, blocks, h, unit);
      if (r.end <= r.start) continue;
      ranges.set(`${h.sourceId}:${r.start}:${r.end}`, { sourceId: h.sourceId, ...r });
    }
    if (ranges.size === 0) {
      throw new CasusError('invalid_input', 'The selected hits contain no text to code');
    }
    // One action: undo removes every segment and coding this made, together.
    return ctx.action('search.autocode', (log) => {
      let codingsAdded = 0;
      const segmentIds: string[] = [];
      for (const r of ranges.values()) {
        const { segment, added } = codeRange(db, log, { ...r, codeIds, coderId: ctx.coderId() });
        segmentIds.push(segment.id);
        codingsAdded += added.length;
      }
      return { segmentIds, codingsAdded };
    });
  },

  'search.palette': (_input, ctx) => paletteItems(ctx.db()),

  'segments.query': (input, ctx) => retrieveSegments(ctx.db(), input),

  'segments.export': async ({ format, lang, ...query }, ctx) => {
    const db = ctx.db();
    const { segments } = retrieveSegments(db, { ...query, limit: 10000 });
    const coders = new Map(
      (db.prepare('SELECT id, name FROM coders').all() as { id: string; name: string }[]).map(
        (c) => [c.id, c.name],
      ),
    );
    const { headers, rows } = exportRows(segments, lang, coders);
    const stamp = now().slice(0, 10);
    if (format === 'csv') {
      return {
        fileName: `segments-${stamp}.csv`,
        mimeType: 'text/csv',
        base64: Buffer.from(toCsv([headers, ...rows]), 'utf8').toString('base64'),
      };
    }
    return {
      fileName: `segments-${stamp}.xlsx`,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      base64: (await toXlsx(headers, rows)).toString('base64'),
    };
  },

  'segments.uncode': ({ segmentId, codeId }, ctx) => {
    const db = ctx.db();
    const segment = requireRow<SegmentRow>(db, 'segments', segmentId, 'segment');
    const coding = db
      .prepare('SELECT * FROM codings WHERE segment_id = ? AND code_id = ?')
      .get(segmentId, codeId) as CodingRow | undefined;
    if (!coding) {
      throw new CasusError('not_found', `Segment ${segmentId} is not coded with code ${codeId}`);
    }
    return ctx.action('segments.uncode', (log) => ({
      segmentDeleted: removeCodings(db, log, segment, [coding]),
    }));
  },

  'segments.recode': ({ segmentId, fromCodeId, toCodeId }, ctx) => {
    const db = ctx.db();
    requireRow(db, 'segments', segmentId, 'segment');
    requireRow(db, 'codes', toCodeId, 'code');
    const coding = db
      .prepare('SELECT * FROM codings WHERE segment_id = ? AND code_id = ?')
      .get(segmentId, fromCodeId) as CodingRow | undefined;
    if (!coding) {
      throw new CasusError(
        'not_found',
        `Segment ${segmentId} is not coded with code ${fromCodeId}`,
      );
    }
    if (fromCodeId === toCodeId) return { segmentId };
    ctx.action('segments.recode', (log) => {
      db.prepare('DELETE FROM codings WHERE id = ?').run(coding.id);
      log.record('codings', coding.id, coding, null);
      if (
        !db
          .prepare('SELECT 1 FROM codings WHERE segment_id = ? AND code_id = ?')
          .get(segmentId, toCodeId)
      ) {
        const row: CodingRow = {
          id: newId(),
          segment_id: segmentId,
          code_id: toCodeId,
          coder_id: ctx.coderId(),
          created_at: now(),
        };
        db.prepare(
          `INSERT INTO codings (id, segment_id, code_id, coder_id, created_at)
           VALUES (@id, @segment_id, @code_id, @coder_id, @created_at)`,
        ).run(row);
        log.record('codings', row.id, null, row);
      }
    });
    return { segmentId };
  },
};
