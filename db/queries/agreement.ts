import type { Reader } from '../access.js';
import { reading } from '../internal/access.js';
import { sql } from '../sql.js';

/** One coding with its segment's place: what agreement and reconciliation work from. */
export interface CodingPlace {
  codingId: string;
  segmentId: string;
  sourceId: string;
  start: number;
  end: number;
  coderId: string;
  codeId: string;
}

type PlaceTuple = [string, string, string, number, number, string, string];

const PLACE = `SELECT k.id, k.segment_id, g.source_id, g.start, g.end, k.coder_id, k.code_id
  FROM codings k JOIN segments g ON g.id = k.segment_id`;

const placesOf = sql.tuples<PlaceTuple, { coders: string; codes: string }>(
  `${PLACE}
   WHERE k.code_id IN (SELECT value FROM json_each(@codes))
     AND k.coder_id IN (SELECT value FROM json_each(@coders))`,
);
const placesIn = sql.tuples<
  PlaceTuple,
  { source: string; coders: string; start: number; end: number }
>(
  `${PLACE}
   WHERE g.source_id = @source AND g.end > @start AND g.start < @end
     AND k.coder_id IN (SELECT value FROM json_each(@coders))
   ORDER BY g.start, g.end, k.created_at`,
);
const textBlocks = sql.tuples<[string, number, number], { sources: string }>(
  `SELECT source_id, start, end FROM blocks
   WHERE source_id IN (SELECT value FROM json_each(@sources)) AND type <> 'page_break'
   ORDER BY source_id, seq`,
);

/** One coding of a chosen code by a chosen coder, where it is (no ids: the bulk read). */
export interface CodingSpan {
  sourceId: string;
  start: number;
  end: number;
  coderId: string;
  codeId: string;
}

// Coders and codes come back as their index in the lists given, so the bulk read builds one
// string (the source id) per row. codings_code covers the codings (code, segment_seq, coder), and
// the segment is found by its integer key: joining on the text id instead read every coding's
// row for its segment_id and searched segments_span by a UUID (1.7 s against 0.9 s for the
// 100,000 codings of two coders on the bench study, under load).
const spansOf = sql.tuples<
  [string, number, number, number, number],
  { coders: string; codes: string }
>(
  `SELECT g.source_id, g.start, g.end, c.key, d.key FROM json_each(@codes) d
   JOIN codings k INDEXED BY codings_code ON k.code_id = d.value
   JOIN json_each(@coders) c ON c.value = k.coder_id
   JOIN segments g ON g.seq = k.segment_seq`,
);
const codedIn = sql.values<number, { source: string; coder: string }>(
  `SELECT 1 FROM segments g JOIN codings k ON k.segment_id = g.id
   WHERE g.source_id = @source AND k.coder_id = @coder LIMIT 1`,
);

/** Every coding of these codes by these coders, with its segment's source and range. */
export function codingSpans(
  r: Reader,
  coderIds: readonly string[],
  codeIds: readonly string[],
): CodingSpan[] {
  const rows = reading(r).all(spansOf, {
    coders: JSON.stringify(coderIds),
    codes: JSON.stringify(codeIds),
  });
  return rows.map(([sourceId, start, end, coder, code]) => ({
    sourceId,
    start,
    end,
    coderId: coderIds[coder] as string,
    codeId: codeIds[code] as string,
  }));
}

/** Whether a coder made any coding in a source. */
export const hasCodedIn = (r: Reader, sourceId: string, coderId: string): boolean =>
  reading(r).get(codedIn, { source: sourceId, coder: coderId }) !== undefined;

const toPlace = (t: PlaceTuple): CodingPlace => ({
  codingId: t[0],
  segmentId: t[1],
  sourceId: t[2],
  start: t[3],
  end: t[4],
  coderId: t[5],
  codeId: t[6],
});

/** Every coding of these codes by these coders, with its segment's source and range. */
export const codingPlaces = (
  r: Reader,
  coderIds: readonly string[],
  codeIds: readonly string[],
): CodingPlace[] =>
  reading(r)
    .all(placesOf, { coders: JSON.stringify(coderIds), codes: JSON.stringify(codeIds) })
    .map(toPlace);

/** The codings of these coders (any code) on segments overlapping start–end of a source. */
export const codingPlacesIn = (
  r: Reader,
  args: { sourceId: string; coderIds: readonly string[]; start: number; end: number },
): CodingPlace[] =>
  reading(r)
    .all(placesIn, {
      source: args.sourceId,
      coders: JSON.stringify(args.coderIds),
      start: args.start,
      end: args.end,
    })
    .map(toPlace);

/** source id → its text blocks' ranges (page breaks left out), in order. */
export function blockRanges(
  r: Reader,
  sourceIds: readonly string[],
): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  for (const [source, start, end] of reading(r).all(textBlocks, {
    sources: JSON.stringify(sourceIds),
  })) {
    const list = out.get(source);
    if (list) list.push([start, end]);
    else out.set(source, [[start, end]]);
  }
  return out;
}
