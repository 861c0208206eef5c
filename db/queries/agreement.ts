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
const presence = sql.tuples<[string, string], { coders: string }>(
  `SELECT DISTINCT g.source_id, k.coder_id FROM codings k JOIN segments g ON g.id = k.segment_id
   WHERE k.coder_id IN (SELECT value FROM json_each(@coders))`,
);
const textBlocks = sql.tuples<[string, number, number]>(
  `SELECT source_id, start, end FROM blocks WHERE type <> 'page_break' ORDER BY source_id, seq`,
);

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

/** source id → the coders (of these) who coded anything in it. */
export function codersBySource(r: Reader, coderIds: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [source, coder] of reading(r).all(presence, { coders: JSON.stringify(coderIds) })) {
    const set = out.get(source);
    if (set) set.add(coder);
    else out.set(source, new Set([coder]));
  }
  return out;
}

/** source id → its text blocks' ranges (page breaks left out), in order. */
export function blockRanges(r: Reader): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  for (const [source, start, end] of reading(r).all(textBlocks)) {
    const list = out.get(source);
    if (list) list.push([start, end]);
    else out.set(source, [[start, end]]);
  }
  return out;
}
