import { describe, expect, it } from 'vitest';
import { newId, now } from '../../../core/server/domain/ids.js';
import {
  deleteSource,
  getSourceText,
  insertSource,
  sourceRow,
  type NewSource,
} from '../../../db/repo/sources.js';
import type { SourceRow } from '../../../db/tables.js';
import { refused } from '../helpers.js';
import { addSource, codingProject, paragraphs } from './fixture.js';

/**
 * A long source's text is kept by the connection once read (db/repo/sources.ts): coding it must
 * still store exactly the passage, and a source that is gone (undone, rolled back) must be gone.
 */
const LONG = Array.from(
  { length: 1500 },
  (_, i) => `Alinea ${i}: de regio en het Rijk werken samen aan brede welvaart.`,
).join('\n');

const content = { text: LONG, blocks: paragraphs(LONG), marks: [] };
const newSource = (id: string): NewSource => ({
  id,
  caseId: null,
  title: 'Lang verslag',
  kind: 'document',
  documentType: 'other',
  date: null,
  respondentId: null,
  validation: null,
  originalName: 'lang.txt',
  sha256: 'a'.repeat(64),
  textSha256: 'a'.repeat(64),
  originalBytes: new TextEncoder().encode(LONG),
  createdAt: now(),
  createdBy: null,
});

describe('coding a long source, whose text the connection keeps', () => {
  it('stores each passage, refuses once the source is undone, and codes it again after redo', async () => {
    const { p, byKey } = await codingProject();
    expect(LONG.length).toBeGreaterThan(50_000);
    const id = addSource(p, LONG, 'Lang verslag');
    const passage = (n: number) => {
      const start = LONG.indexOf(`Alinea ${n}:`);
      return { start, end: start + `Alinea ${n}`.length };
    };
    const stored = () =>
      p.db.prepare('SELECT text FROM segments WHERE source_id = ? ORDER BY start').pluck().all(id);
    for (const n of [700, 20, 1400]) {
      const { start, end } = passage(n);
      await p.call('coding.apply', { sourceId: id, start, end, codeIds: [byKey('factor')] });
    }
    expect(stored()).toEqual(['Alinea 20', 'Alinea 700', 'Alinea 1400']);

    for (let i = 0; i < 3; i++) await p.call('history.undo', {});
    expect(stored()).toEqual([]);
    const row = sourceRow(p.ctx.read(), id);
    const rowid = p.db.prepare('SELECT rowid FROM sources WHERE id = ?').pluck().get(id);
    p.ctx.action('test.deleteSource', (w) => deleteSource(w, row as SourceRow));
    const gone = await refused(() =>
      p.call('coding.apply', { sourceId: id, ...passage(3), codeIds: [byKey('factor')] }),
    );
    expect(gone.code).toBe('not_found');

    // Back under the same id, with the same file's hash and the same rowid but another text:
    // coded from that text.
    const other = LONG.replace('Alinea 3:', 'Paragraaf 3:');
    p.ctx.action('test.restoreSource', (w) =>
      insertSource(
        w,
        { ...newSource(id), sha256: (row as SourceRow).sha256 },
        { text: other, blocks: paragraphs(other), marks: [] },
      ),
    );
    expect(p.db.prepare('SELECT rowid FROM sources WHERE id = ?').pluck().get(id)).toBe(rowid);
    const at = other.indexOf('Paragraaf 3:');
    await p.call('coding.apply', {
      sourceId: id,
      start: at,
      end: at + 11,
      codeIds: [byKey('factor')],
    });
    expect(stored()).toEqual(['Paragraaf 3']);
  });

  it('keeps the text read to show the source, and codes from the text the source has now', async () => {
    const { p, byKey } = await codingProject();
    const id = addSource(p, LONG, 'Lang verslag');
    // Opened in the viewer: its text is read, and kept for the coding that follows.
    expect((await p.call('sources.get', { id })).text).toBe(LONG);
    const row = sourceRow(p.ctx.read(), id) as SourceRow;
    p.ctx.action('test.deleteSource', (w) => deleteSource(w, row));
    const other = LONG.replace('Alinea 5:', 'Paragraaf 5:');
    p.ctx.action('test.restoreSource', (w) =>
      insertSource(
        w,
        { ...newSource(id), sha256: row.sha256 },
        { text: other, blocks: paragraphs(other), marks: [] },
      ),
    );
    const at = other.indexOf('Paragraaf 5:');
    const seg = await p.call('coding.apply', {
      sourceId: id,
      start: at,
      end: at + 11,
      codeIds: [byKey('factor')],
    });
    expect(seg.text).toBe('Paragraaf 5');
    expect((await p.call('sources.get', { id })).text).toBe(other);
  });

  it('has no text for a source whose import was rolled back after its text was read', async () => {
    const { p } = await codingProject();
    const id = newId();
    expect(() =>
      p.ctx.action('test.rolledBack', (w) => {
        insertSource(w, newSource(id), content);
        expect(getSourceText(w, id)).toBe(LONG);
        throw new Error('stopped');
      }),
    ).toThrow('stopped');
    expect(getSourceText(p.ctx.read(), id)).toBeUndefined();
  });
});
