import { beforeAll, describe, expect, it } from 'vitest';
import { newId, now } from '../../../core/server/domain/ids.js';
import { tempProject, withCoder, type TestProject } from '../helpers.js';
import { rng } from '../random.js';
import { addSource, rawCodings } from './fixture.js';

/*
 * segments.query answers a lone code from the kept counts (migration 022) and anything else by
 * testing segments. Both must give the same segments, totals and counts per case as a naive
 * recount, on a study where that is easy to get wrong: overlapping and identical segments, codes
 * with sub-codes (a segment coded with a code and its sub-code), several coders and a deleted
 * one, sources without a case, and deleted sources.
 */

let p: TestProject;
let codes: { id: string; parent_id: string | null; dimension: string }[] = [];
let cases: string[] = [];

beforeAll(async () => {
  p = await tempProject();
  const rand = rng(19_2026);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)] as T;
  const db = p.db;
  const coders = [await withCoder(p, 'Anna'), await withCoder(p, 'Bea')];
  const gone = await withCoder(p, 'Gone');
  const caseKeys = (db.prepare('SELECT key FROM cases ORDER BY sort').all() as { key: string }[])
    .map((c) => c.key)
    .slice(0, 3);
  // Sub-codes under a principle and under a category (one two levels deep).
  const parentOf = (dim: string) =>
    (
      db.prepare('SELECT id FROM codes WHERE dimension = ? ORDER BY sort LIMIT 1').get(dim) as {
        id: string;
      }
    ).id;
  const insertCode = db.prepare(
    `INSERT INTO codes (id, parent_id, key, dimension, label_nl, label_en, color, sort, created_at)
     VALUES (?, ?, NULL, ?, ?, ?, '#4477AA', 99, ?)`,
  );
  const sub1 = newId();
  insertCode.run(sub1, parentOf('principle'), 'principle', 'Sub 1', 'Sub 1', now());
  insertCode.run(newId(), sub1, 'principle', 'Sub 1.1', 'Sub 1.1', now());
  insertCode.run(newId(), parentOf('category'), 'category', 'Sub 2', 'Sub 2', now());
  codes = db.prepare('SELECT id, parent_id, dimension FROM codes').all() as typeof codes;
  const used = codes.filter((c) => c.dimension === 'principle' || c.dimension === 'category');

  const line = 'De regio werkt samen aan brede welvaart en gezondheid. '.repeat(2);
  const sources: string[] = [];
  for (let i = 0; i < 12; i++)
    sources.push(
      addSource(p, {
        title: `Bron ${i % 7}`,
        paragraphs: [line, line, line],
        ...(i % 5 === 4 ? {} : { caseKey: caseKeys[i % caseKeys.length] as string }),
        // Dates with ties and gaps, for the order by date.
        ...(i % 3 === 0 ? {} : { date: `2020-0${1 + (i % 4)}-01` }),
      }),
    );
  // Positions with ties, against the titles' order.
  sources.forEach((id, i) =>
    db.prepare('UPDATE sources SET sort = ? WHERE id = ?').run((12 - i) % 4, id),
  );
  const raw = rawCodings(p);
  const spans: [number, number][] = [];
  for (let i = 0; i < 400; i++) {
    const [start, end] =
      spans.length && rand() < 0.2
        ? pick(spans)
        : ((s) => [s, s + 1 + Math.floor(rand() * 60)] as [number, number])(
            Math.floor(rand() * 250),
          );
    spans.push([start, end]);
    const id = raw.segment(pick(sources), start, end, line.repeat(3).slice(start, end));
    for (let k = rand() < 0.1 ? 0 : 1 + Math.floor(rand() * 4); k > 0; k--)
      raw.code(id, pick(used).id, pick([...coders, gone]));
  }
  db.prepare('DELETE FROM coders WHERE id = ?').run(gone);
  // Deleted sources take their segments, codings and kept counts with them.
  db.prepare('DELETE FROM sources WHERE id IN (?, ?)').run(sources[1], sources[6]);
  cases = (db.prepare('SELECT id FROM cases ORDER BY sort').all() as { id: string }[]).map(
    (c) => c.id,
  );
});

/** A code and every code below it. */
function withSubcodes(id: string): string[] {
  const out = [id];
  for (let i = 0; i < out.length; i++)
    for (const c of codes) if (c.parent_id === out[i]) out.push(c.id);
  return out;
}

/** The naive answer: every segment with a coding of one of `codeIds`, in a case if given. */
function recount(codeIds: string[], caseId?: string) {
  const rows = p.db
    .prepare(
      `SELECT DISTINCT g.id, s.case_id FROM segments g JOIN sources s ON s.id = g.source_id
       JOIN codings k ON k.segment_id = g.id
       WHERE k.code_id IN (SELECT value FROM json_each(?)) AND (? IS NULL OR s.case_id = ?)`,
    )
    .all(JSON.stringify(codeIds), caseId ?? null, caseId ?? null) as {
    id: string;
    case_id: string | null;
  }[];
  const perCase = new Map<string | null, number>();
  for (const r of rows) perCase.set(r.case_id, (perCase.get(r.case_id) ?? 0) + 1);
  return { ids: rows.map((r) => r.id).sort(), perCase };
}

describe('segments.query: a lone code (kept counts) and the general path agree', () => {
  it('for every code, with and without sub-codes and a case, whole and cut off', async () => {
    let checked = 0;
    for (const code of codes.filter(
      (c) => c.dimension === 'principle' || c.dimension === 'category',
    ))
      for (const caseId of [undefined, cases[0], cases[1]])
        for (const subcodes of [true, false]) {
          const ids = subcodes ? withSubcodes(code.id) : [code.id];
          const inCase = caseId ? { caseIds: [caseId] } : {};
          const lone = await p.call('segments.query', {
            anyCodes: [code.id],
            subcodes,
            limit: 5000,
            ...inCase,
          });
          const naive = recount(ids, caseId);
          expect(lone.segments.map((s) => s.id).sort()).toEqual(naive.ids);
          expect(lone.total).toBe(naive.ids.length);
          expect(new Map(lone.perCase.map((c) => [c.caseId, c.count]))).toEqual(naive.perCase);
          // The same code twice is two conditions: the general path, which tests segments.
          const general = await p.call('segments.query', {
            allCodes: [code.id, code.id],
            subcodes,
            limit: 5000,
            ...inCase,
          });
          expect(lone).toEqual(general);
          // Cut off after a few: the same first segments, in the same order.
          for (const limit of [1, 7]) {
            const a = await p.call('segments.query', {
              anyCodes: [code.id],
              subcodes,
              limit,
              ...inCase,
            });
            const b = await p.call('segments.query', {
              allCodes: [code.id, code.id],
              subcodes,
              limit,
              ...inCase,
            });
            expect(a).toEqual(b);
            expect(a.truncated).toBe(naive.ids.length > limit);
          }
          if (naive.ids.length > 0) checked++;
        }
    expect(checked).toBeGreaterThan(20);
  });

  it('lists in each order as a naive ORDER BY does, counted by kept counts or by testing segments', async () => {
    const ORDER = {
      case: 'c.sort IS NULL, c.sort, s.sort, s.title, g.start, g.id',
      source: 's.title, s.sort, g.start, g.id',
      date: 's.date IS NULL, s.date, s.sort, g.start, g.id',
    } as const;
    const naive = (
      codeIds: string[][],
      none: string[],
      caseId: string | undefined,
      sort: keyof typeof ORDER,
    ) =>
      (
        p.db
          .prepare(
            `SELECT g.id FROM segments g JOIN sources s ON s.id = g.source_id
               LEFT JOIN cases c ON c.id = s.case_id
             WHERE (SELECT count(*) FROM json_each(@all) a WHERE EXISTS (SELECT 1 FROM codings k
                     WHERE k.segment_id = g.id AND k.code_id IN (SELECT value FROM json_each(a.value))))
                   = json_array_length(@all)
               AND NOT EXISTS (SELECT 1 FROM codings k WHERE k.segment_id = g.id
                     AND k.code_id IN (SELECT value FROM json_each(@none)))
               AND (@case IS NULL OR s.case_id = @case)
             ORDER BY ${ORDER[sort]}`,
          )
          .all({
            all: JSON.stringify(codeIds),
            none: JSON.stringify(none),
            case: caseId ?? null,
          }) as {
          id: string;
        }[]
      ).map((r) => r.id);
    const principles = codes.filter((c) => c.dimension === 'principle');
    const categories = codes.filter((c) => c.dimension === 'category');
    let round = 0;
    let cut = 0;
    for (const sort of ['case', 'source', 'date'] as const)
      for (const caseId of [undefined, cases[0]])
        for (const limit of [1, 5, 40, 5000]) {
          const inCase = caseId ? { caseIds: [caseId] } : {};
          round++;
          const a = principles[round % principles.length]!;
          const b = categories[round % categories.length]!;
          const not = categories[(round + 1) % categories.length]!;
          // One code: kept counts. Two conditions, and a code that must not apply: tested.
          const lone = await p.call('segments.query', { anyCodes: [a.id], sort, limit, ...inCase });
          expect(lone.segments.map((s) => s.id)).toEqual(
            naive([withSubcodes(a.id)], [], caseId, sort).slice(0, limit),
          );
          const both = await p.call('segments.query', {
            principles: [a.id],
            categories: [b.id],
            noneCodes: [not.id],
            sort,
            limit,
            ...inCase,
          });
          const expected = naive(
            [withSubcodes(a.id), withSubcodes(b.id)],
            withSubcodes(not.id),
            caseId,
            sort,
          );
          expect(both.segments.map((s) => s.id)).toEqual(expected.slice(0, limit));
          expect(both.total).toBe(expected.length);
          // Cut off inside the list: the page must be its start.
          if (expected.length > limit) cut++;
        }
    expect(cut).toBeGreaterThan(6);
  });

  it('explicit segments (a matrix cell) read in one step equal the counted path', async () => {
    const all = (
      p.db.prepare('SELECT id FROM segments ORDER BY seq').all() as { id: string }[]
    ).map((s) => s.id);
    const someOf = (step: number, from: number) => all.filter((_, i) => i % step === from);
    let compared = 0;
    for (const ids of [all, someOf(3, 0), someOf(7, 2), all.slice(0, 5)])
      for (const filter of [{}, { caseIds: [cases[0] as string] }, { anyCodes: [codes[0]!.id] }]) {
        // No longer than the limit: one step. The same ids twice are longer: counted first.
        const one = await p.call('segments.query', {
          segmentIds: ids,
          limit: ids.length,
          ...filter,
        });
        const two = await p.call('segments.query', {
          segmentIds: [...ids, ...ids],
          limit: ids.length,
          ...filter,
        });
        expect(one).toEqual(two);
        expect(one.truncated).toBe(false);
        // Counts per case: no case first, then by the cases' sort.
        const present = one.perCase.map((c) => c.caseId);
        expect(present).toEqual([null, ...cases].filter((c) => present.includes(c)));
        if (one.total > 0) compared++;
      }
    expect(compared).toBeGreaterThan(6);
  });

  it('explicit segments beyond the limit: the start of the whole ordered list, counted in full', async () => {
    const all = (
      p.db.prepare('SELECT id FROM segments ORDER BY seq').all() as { id: string }[]
    ).map((s) => s.id);
    let cut = 0;
    for (const sort of ['case', 'source', 'date'] as const)
      for (const ids of [all, all.filter((_, i) => i % 3 === 1)])
        for (const filter of [
          {},
          { caseIds: [cases[1] as string] },
          { anyCodes: [codes[1]!.id] },
        ]) {
          // All of them (no more than the limit): read in one step.
          const whole = await p.call('segments.query', {
            segmentIds: ids,
            limit: ids.length,
            sort,
            context: 20,
            ...filter,
          });
          for (const limit of [1, 7, Math.max(1, Math.floor(whole.total / 2))]) {
            const page = await p.call('segments.query', {
              segmentIds: ids,
              limit,
              sort,
              context: 20,
              ...filter,
            });
            expect(page.segments).toEqual(whole.segments.slice(0, limit));
            expect(page.total).toBe(whole.total);
            expect(page.perCase).toEqual(whole.perCase);
            expect(page.truncated).toBe(whole.total > limit);
            if (whole.total > limit) cut++;
          }
        }
    expect(cut).toBeGreaterThan(20);
  });

  it('a principle and its sub-codes counted once per segment coded with both', async () => {
    const principle = codes.find(
      (c) => c.dimension === 'principle' && codes.some((d) => d.parent_id === c.id),
    );
    if (!principle) throw new Error('the study has a principle with sub-codes');
    // Coded with the principle and its sub-code: one segment, not two.
    const db = p.db;
    const segment = (db.prepare('SELECT id FROM segments LIMIT 1').get() as { id: string }).id;
    for (const code of withSubcodes(principle.id).slice(0, 2))
      db.prepare(
        `INSERT OR IGNORE INTO codings (id, segment_id, segment_seq, code_id, coder_id, created_at)
         SELECT ?, g.id, g.seq, ?, NULL, ? FROM segments g WHERE g.id = ?`,
      ).run(newId(), code, now(), segment);
    const r = await p.call('segments.query', { principles: [principle.id], limit: 5000 });
    const naive = recount(withSubcodes(principle.id));
    expect(r.total).toBe(naive.ids.length);
    expect(r.segments.map((s) => s.id).sort()).toEqual(naive.ids);
  });
});
