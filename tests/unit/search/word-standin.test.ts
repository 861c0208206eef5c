import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  indexedWords,
  keepIndexedWords,
  readWordListOfFile,
  wordListFile,
  type WordList,
} from '../../../db/queries/fulltext.js';
import { closeWordsWorker } from '../../../core/server/search/words/worker.js';
import { preparedTexts } from '../../../db/sql.js';
import { createContext } from '../../../core/server/context.js';
import { Session } from '../../../core/server/session.js';
import { callerFor } from '../helpers.js';
import { addSource, codeId, smallStudy } from './fixture.js';

/**
 * Inside-word search answers a plain substring (letters a-z, digits) from the word index's
 * words that hold it (core/server/search/word-standin.ts). That is exact only if both indexes
 * fold every character alike and split words only where the trigram index cannot match across.
 * These tests check that for every code point with the tokenizers the project is built with,
 * and that the words are renewed when the index changes and not otherwise.
 */

/** The tokenize option of a full-text table as the project's schema declares it. */
function tokenizerOf(db: Database.Database, table: string): string {
  const { sql } = db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(table) as {
    sql: string;
  };
  const m = /tokenize\s*=\s*'([^']+)'/.exec(sql);
  if (!m) throw new Error(`no tokenizer in ${sql}`);
  return m[1] as string;
}

describe('the word index stands in for the trigram index', async () => {
  const { p } = await smallStudy();

  it('for every code point but NUL: a-z and digits after folding are in one word in both', () => {
    const db = new Database(':memory:');
    try {
      db.exec(`CREATE VIRTUAL TABLE w USING fts5 (x, tokenize = '${tokenizerOf(p.db, 'blocks_fts')}');
        CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = '${tokenizerOf(p.db, 'blocks_trigram')}');
        CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, w, 'instance');`);
      const insertW = db.prepare('INSERT INTO w (rowid, x) VALUES (?, ?)');
      const insertT = db.prepare('INSERT INTO t (rowid, x) VALUES (?, ?)');
      // Every code point of the Basic Multilingual Plane, and every 7th beyond it: above it
      // SQLite folds case for one alphabet (Deseret, 0x10400-0x1044F) and removes no diacritics.
      const points: number[] = [];
      for (let c = 0; c < 0x110000; c++) {
        if (c >= 0xd800 && c <= 0xdfff) continue;
        if (c < 0x10000 || c % 7 === 0 || (c >= 0x10400 && c < 0x10450)) points.push(c);
      }
      db.transaction(() => {
        for (const c of points) {
          const text = `qa${String.fromCodePoint(c)}bq`;
          insertW.run(c, text);
          insertT.run(c, text);
        }
      })();
      const words = new Map<number, string[]>();
      for (const { doc, term } of db
        .prepare('SELECT doc, term FROM temp.words')
        .iterate() as Iterable<{
        doc: number;
        term: string;
      }>) {
        words.set(doc, [...(words.get(doc) ?? []), term]);
      }
      // The code points that fold to nothing or to a-z or a digit in the trigram index: the
      // substring qa?bq is in their document. The word index must then hold it as one word.
      const differ: string[] = [];
      let folded = 0;
      for (const x of ['', ...'abcdefghijklmnopqrstuvwxyz0123456789']) {
        const ids = db
          .prepare('SELECT rowid FROM t WHERE t MATCH ?')
          .pluck()
          .all(`"qa${x}bq"`) as number[];
        folded += ids.length;
        for (const id of ids) {
          if (!(words.get(id) ?? []).includes(`qa${x}bq`)) differ.push(id.toString(16));
        }
      }
      // Folded: the 36 themselves, upper case A-Z, and hundreds of letters with diacritics.
      expect(folded).toBeGreaterThan(500);
      expect(differ).toEqual(['0']);
    } finally {
      db.close();
    }
  });

  it('is renewed when the word index changes, and kept when only codings change', async () => {
    const before = indexedWords(p.ctx.read());
    expect(before).not.toBeNull();
    const find = async (query: string) =>
      (await p.call('search.query', { query, insideWords: true })).total;
    expect(await find('quux')).toBe(0);
    const source = addSource(p, { title: 'Nieuw', paragraphs: ['De zzquuxbeleid telt.'] });
    expect(await find('quux')).toBe(1);
    const words = indexedWords(p.ctx.read());
    expect(words).toContain('zzquuxbeleid');
    await p.call('coding.apply', {
      sourceId: source,
      start: 3,
      end: 15,
      codeIds: [codeId(p, 'multi-actor')],
    });
    expect(indexedWords(p.ctx.read())).toBe(words);
  });

  it('leaves the first search after a change to the trigram index, and reads the words after it', async () => {
    const find = async (query: string) =>
      (await p.call('search.query', { query, insideWords: true })).total;
    addSource(p, { title: 'Later', paragraphs: ['Een zzlaterwoord.'] });
    expect(await find('laterwoord')).toBe(1);
    expect(indexedWords(p.ctx.read(), { read: false })).toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(indexedWords(p.ctx.read(), { read: false })).toContain('zzlaterwoord');
    expect(await find('laterwoord')).toBe(1);
  });

  it('stands aside while a block holds a NUL, which joins words for the trigram index only', async () => {
    const find = async (query: string) =>
      (await p.call('search.query', { query, insideWords: true })).total;
    const trigram = (query: string) =>
      (
        p.db
          .prepare('SELECT count(*) AS n FROM blocks_trigram WHERE blocks_trigram MATCH ?')
          .get(query) as { n: number }
      ).n;
    addSource(p, { title: 'Met NUL', paragraphs: ['Het omgevings\u0000plan en zzquux.'] });
    expect(indexedWords(p.ctx.read())).toBeNull();
    // Asked of the partial index of such blocks (migration 026), not by reading every text.
    const asked = preparedTexts(p.db).filter((t) => t.includes('char(0)'));
    expect(asked).toHaveLength(1);
    const plan = p.db.prepare(`EXPLAIN QUERY PLAN ${asked[0] as string}`).all() as {
      detail: string;
    }[];
    expect(plan.map((r) => r.detail).join('\n')).toMatch(
      /SCAN blocks USING (COVERING )?INDEX blocks_with_nul/,
    );
    expect(trigram('"gsplan"')).toBe(1);
    expect(await find('gsplan')).toBe(1);
    expect(await find('quux')).toBe(trigram('"quux"'));
  });
});

describe('the words of a project file are read by a worker thread', async () => {
  const { p } = await smallStudy({ file: true });
  afterAll(() => closeWordsWorker());

  /** Waits until the connection keeps words for the index as it is (the worker's answer). */
  async function keptWords(on = p): Promise<readonly string[] | null> {
    for (;;) {
      const words = indexedWords(on.ctx.read(), { read: false });
      if (words !== undefined) return words;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('after the first inside-word search, and the next search answers the same from them', async () => {
    const find = async (query: string) =>
      (await p.call('search.query', { query, insideWords: true })).total;
    expect(wordListFile(p.ctx.read())).not.toBeNull();
    addSource(p, { title: 'Later', paragraphs: ['Een zzwerkwoord en nog een zzwerkwoord.'] });
    expect(indexedWords(p.ctx.read(), { read: false })).toBeUndefined();
    expect(await find('werkwoord')).toBe(1);
    // Not read on the connection that answers: the worker reads them.
    expect(indexedWords(p.ctx.read(), { read: false })).toBeUndefined();
    expect(await keptWords()).toContain('zzwerkwoord');
    expect(preparedTexts(p.db).filter((t) => t.includes('blocks_fts_words'))).toEqual([]);
    expect(await find('werkwoord')).toBe(1);
  });

  it('after any search, so that the first inside-word search finds them', async () => {
    addSource(p, { title: 'Woorden', paragraphs: ['Een zzzoekwoord.'] });
    expect(indexedWords(p.ctx.read(), { read: false })).toBeUndefined();
    expect((await p.call('search.query', { query: 'een' })).total).toBeGreaterThan(0);
    expect(await keptWords()).toContain('zzzoekwoord');
  });

  it('for each connection to the file that asks while they are read', async () => {
    addSource(p, { title: 'Twee', paragraphs: ['Een zzbeidewoord.'] });
    const other = new Session({ remember: false });
    other.open(p.path);
    const second = { ctx: createContext(other) };
    try {
      await Promise.all([
        p.call('search.query', { query: 'een' }),
        callerFor(second.ctx)('search.query', { query: 'een' }),
      ]);
      expect(await keptWords()).toContain('zzbeidewoord');
      expect(await keptWords(second as typeof p)).toContain('zzbeidewoord');
    } finally {
      other.close();
    }
  });

  it('are dropped when the index changed after they were read', () => {
    const list = readWordListOfFile(wordListFile(p.ctx.read()) as string);
    expect(list?.words).toContain('zzwerkwoord');
    addSource(p, { title: 'Nog later', paragraphs: ['Een zzdaarnawoord.'] });
    expect(keepIndexedWords(p.ctx.read(), list as WordList)).toBe(false);
    expect(indexedWords(p.ctx.read(), { read: false })).toBeUndefined();
    const fresh = readWordListOfFile(wordListFile(p.ctx.read()) as string) as WordList;
    expect(keepIndexedWords(p.ctx.read(), fresh)).toBe(true);
    expect(indexedWords(p.ctx.read(), { read: false })).toContain('zzdaarnawoord');
  });

  it('are not read for a project in memory, which reads them itself', async () => {
    const { p: inMemory } = await smallStudy();
    expect(wordListFile(inMemory.ctx.read())).toBeNull();
  });
});
