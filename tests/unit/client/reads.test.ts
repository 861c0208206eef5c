import { beforeAll, describe, expect, it } from 'vitest';
import type { MatrixSpec } from '../../../core/shared/contract/matrix.js';
import { createClient } from '../../../core/client/client.js';
import {
  changesOf,
  isAffected,
  METHOD_READS,
  readsOf,
  TABLES,
  WRITE,
} from '../../../core/client/reads.js';
import { dispatch } from '../../../core/server/dispatch.js';
import { CLI_CALLER } from '../../../core/server/files/access.js';
import {
  contract,
  type Contract,
  type InputOf,
  type Method,
} from '../../../core/shared/contract/index.js';
import { TABLES as DB_TABLES } from '../../../db/tables.js';
import { join } from 'node:path';
import { tempDir, tempProject, type TestProject } from '../helpers.js';

describe('the read map of the client', () => {
  it('places every method of the contract, and nothing else', () => {
    expect(Object.keys(METHOD_READS).sort()).toEqual(Object.keys(contract).sort());
  });

  it('names the tables the server names', () => {
    expect([...TABLES].sort()).toEqual(Object.keys(DB_TABLES).sort());
    const known = new Set<string>([...TABLES, 'session', 'log', 'snapshots']);
    for (const [method, reads] of Object.entries(METHOD_READS)) {
      if (reads === WRITE) continue;
      for (const d of reads) expect(known.has(d), `${method} reads "${d}"`).toBe(true);
    }
  });

  it('matches a change against what an answer depends on', () => {
    expect(isAffected(['codes'], ['segments', 'codings'])).toBe(false);
    expect(isAffected(['codes', 'codings'], ['segments', 'codings'])).toBe(true);
    expect(isAffected(['memos'], ['*'])).toBe(true);
    expect(isAffected([], ['*'])).toBe(true);
    expect(isAffected(['log'], ['memos'])).toBe(true);
    expect(isAffected(['log'], ['session'])).toBe(false);
    expect(isAffected(['project', 'session'], ['session'])).toBe(true);
    expect(isAffected(['codes'], [])).toBe(false);
    expect(readsOf('codes.tree')).toEqual(['codes', 'codings', 'segments']);
    expect(readsOf('coding.apply')).toBeNull();
    expect(readsOf('no.such')).toBeNull();
    expect(changesOf('session.setCoder', undefined)).toEqual(['session']);
    expect(changesOf('coding.apply', ['segments', 'codings'])).toEqual(['segments', 'codings']);
  });

  it('the client passes what a call changed on, and nothing for a read or a failed call', async () => {
    const p = await tempProject({ demo: true });
    const told: { changed: string[]; method: string }[] = [];
    const client = createClient((m, input) => dispatch(m, input, p.ctx, CLI_CALLER), {
      onChanged: (changed, method) => told.push({ changed, method }),
    });
    await client.call('codes.tree', {});
    await expect(client.call('codes.update', { id: 'nope', color: '#000000' })).rejects.toThrow();
    expect(told).toEqual([]);
    await client.call('cases.create', { label: { nl: 'Nieuw', en: 'New' } });
    expect(told).toEqual([{ changed: ['cases'], method: 'cases.create' }]);
  });
});

type Inputs = { [K in Method]?: InputOf<Contract, K> };
type Answers = Map<string, string>;

/**
 * The map checked against the server: on the demo study, a series of writes; after each, every
 * read answer that changed must depend on something the write said it changed. A table missing
 * from a read's list (a view that would show stale data) fails here.
 */
describe('the read map against the server', () => {
  let p: TestProject;
  let reads: Inputs;
  const ids: Record<string, string> = {};
  let view: MatrixSpec;

  const envelope = async (method: string, input: unknown) => {
    const e = await dispatch(method, input, p.ctx, CLI_CALLER);
    if (!e.ok) throw new Error(`${method}: ${e.error.message}`);
    return e;
  };
  const answers = async (): Promise<Answers> => {
    const out: Answers = new Map();
    for (const [method, input] of Object.entries(reads)) {
      const e = await envelope(method, input);
      expect(e.changed, `${method} is a read but changed something`).toBeUndefined();
      out.set(method, JSON.stringify(e.value));
    }
    return out;
  };

  beforeAll(async () => {
    p = await tempProject({ demo: true, file: true });
    const sources = await p.call('sources.list', {});
    const source = sources.find((s) => s.segmentCount > 1) ?? sources[0];
    const segments = await p.call('segments.forSource', { sourceId: source?.id ?? '' });
    const codes = await p.call('codes.tree', {});
    const code = (key: string) => codes.find((c) => c.key === key)?.id ?? '';
    const spec = (await p.call('matrix.definitions.list', {}))[0]?.spec;
    const cell = (await p.call('matrix.synthesis.list', {}))[0];
    if (!source || !segments[0] || !spec || !cell) throw new Error('the demo study lacks data');
    const caseId = cell.coordinate.case ?? '';
    const saved = await p.call('report.save', { caseId, lang: 'nl' });
    const snapshot = await p.call('snapshots.take', { reason: 'read map' });
    Object.assign(ids, {
      source: source.id,
      segment: segments[0].id,
      principle: code('brede-welvaart'),
      phase: code('beleidsvorming'),
      row: `${cell.coordinate.principle}:${cell.coordinate.category}`,
      col: cell.coordinate.case,
    });
    view = spec;
    const [mj, tv] = (await p.call('coders.list', {})).map((c) => c.id);
    const pair = { coderIds: [mj ?? '', tv ?? ''], dimension: 'principle' as const };
    const copy = join(tempDir(), 'copy.casus');
    p.db.exec(`VACUUM INTO '${copy}'`);
    const review = await p.call('review.sessions.create', { title: 'Review', date: '2022-03-14' });
    ids.review = review.id;
    const key = { at: { spec, row: ids.row as string, col: ids.col as string } };
    reads = {
      'session.get': {},
      'project.info': {},
      'project.recent': {},
      'project.templates': {},
      'projects.browse': {},
      'coders.list': {},
      'vocabulary.list': {},
      'cases.list': {},
      'respondents.list': {},
      'sources.list': {},
      'sources.get': { id: source.id },
      'codes.tree': {},
      'import.info': {},
      'coding.favourites': {},
      'segments.forSource': { sourceId: source.id },
      'segments.forCode': { codeId: ids.principle as string },
      'codes.deletePreview': { id: ids.principle as string },
      'memos.get': { targetType: 'source', targetId: source.id },
      'memos.list': {},
      'history.state': {},
      'search.query': { query: 'regio*' },
      'search.palette': {},
      'segments.query': { limit: 10000 },
      'segments.export': { format: 'csv' },
      'matrix.compute': spec,
      'matrix.cell': key.at,
      'matrix.cellSegments': key.at,
      'matrix.definitions.list': {},
      'matrix.synthesis.list': {},
      'matrix.synthesis.get': key,
      'matrix.synthesis.forView': { spec },
      'matrix.synthesis.history': key,
      'matrix.export': { spec, format: 'json' },
      'refi.export': { format: 'qdc' },
      'refi.progress': {},
      'refi.cancel': {},
      'report.build': { caseId },
      'report.versions': { caseId },
      'report.diff': { caseId, from: saved.id },
      'report.export': { caseId, format: 'html' },
      'validation.status': { caseId },
      'agreement.compute': pair,
      'agreement.disagreements': { coderA: mj ?? '', coderB: tv ?? '', dimension: 'principle' },
      'agreement.export': { ...pair, format: 'csv' },
      'merge.preview': { filePath: copy },
      'merge.list': {},
      'activity.list': { limit: 20 },
      'activity.export': { format: 'csv' },
      'matrix.compare': { spec, then: { at: new Date(Date.now() + 60_000).toISOString() } },
      'comments.list': {},
      'comments.count': { target: { type: 'source', id: source.id } },
      'comments.inbox': {},
      'reviews.states': {},
      'reviews.summary': {},
      'snapshots.list': {},
      'snapshots.preview': { id: snapshot.id },
      'review.sessions.list': {},
      'review.sessions.get': { id: review.id },
      'review.live': {},
      'review.snapshots.list': { sessionId: review.id },
      'review.remarks.list': { sessionId: review.id },
      'review.followups.list': {},
      'review.followups.forView': { spec },
      'review.minutes': { sessionId: review.id, format: 'html' },
      'transcripts.inspect': {
        file: {
          fileName: 'kort.vtt',
          dataBase64: Buffer.from(
            'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>Hallo.</v>\n',
          ).toString('base64'),
        },
      },
      'transcripts.turns': { sourceId: source.id },
      'media.status': { sourceId: source.id },
      'media.locate': { sourceId: source.id },
      'names.list': {},
      'confidentiality.apply': {
        texts: ['Achterhoek'],
        audience: { kind: 'public', hideCases: true },
      },
      'names.occurrences': {},
      'names.candidates': {},
      'names.dismissed': {},
      'confidentiality.leakCheck': {
        data: Buffer.from('Achterhoek en Utrecht').toString('base64'),
        fileName: 'x.txt',
      },
    };
  });

  it('has an input here for every read of the contract', () => {
    const readMethods = Object.keys(METHOD_READS).filter((m) => readsOf(m) !== null);
    expect(Object.keys(reads).sort()).toEqual(readMethods.sort());
  });

  // Some 40 writes, each followed by every read of the contract on the demo study: slow on a
  // loaded machine, whatever its speed says (speed goals live in the bench).
  it('every answer a write changes depends on what the write says it changed', async () => {
    let before = await answers();
    const explained: string[] = [];
    const write = async (method: Method, input: (a: Record<string, unknown>) => unknown) => {
      const e = await envelope(method, input(ids));
      const changed = changesOf(method, e.changed);
      expect(changed.length, `${method} says it changed nothing`).toBeGreaterThan(0);
      const after = await answers();
      for (const [read, answer] of after) {
        // A REFI export names its code sets with fresh GUIDs each time; it reads every table.
        if (answer === before.get(read) || read === 'refi.export') continue;
        const deps = readsOf(read) ?? [];
        expect(
          isAffected(deps, changed),
          `${method} changed [${changed.join(', ')}], and the answer of ${read} ` +
            `(which reads [${deps.join(', ')}]) changed with it`,
        ).toBe(true);
        explained.push(`${method} → ${read}`);
      }
      before = after;
      return e.ok ? (e.value as Record<string, unknown>) : {};
    };

    const coder = await write('coders.create', () => ({ name: 'Tess Test' }));
    await write('session.setCoder', () => ({ coderId: coder.id }));
    const seg = await write('coding.apply', (x) => ({
      sourceId: x.source,
      start: 0,
      end: 12,
      codeIds: [x.principle],
    }));
    ids.newSegment = seg.id as string;
    await write('memos.save', (x) => ({
      targetType: 'segment',
      targetId: x.newSegment,
      body: '',
      bodyText: 'Een memo',
    }));
    await write('memos.save', (x) => ({
      targetType: 'source',
      targetId: x.source,
      body: '',
      bodyText: 'Over deze bron',
    }));
    await write('coding.setFavourite', (x) => ({ digit: 1, codeId: x.principle }));
    await write('codes.update', (x) => ({ id: x.principle, label: { nl: 'Welvaart', en: 'W' } }));
    await write('segments.update', (x) => ({ id: x.newSegment, start: 0, end: 20 }));
    await write('coding.apply', (x) => ({ segmentId: x.newSegment, codeIds: [x.phase] }));
    await write('segments.recode', (x) => ({
      segmentId: x.newSegment,
      fromCodeId: x.phase,
      toCodeId: x.principle,
    }));
    await write('coding.remove', (x) => ({ segmentId: x.newSegment }));
    await write('history.undo', () => ({}));
    const created = await write('codes.create', () => ({
      parentId: null,
      dimension: 'free',
      label: { nl: 'Nieuw', en: 'New' },
    }));
    await write('codes.move', (x) => ({ id: created.id, parentId: x.principle }));
    await write('cases.create', () => ({ label: { nl: 'Casus X', en: 'Case X' } }));
    await write('import.updateSource', (x) => ({ id: x.source, title: 'Hernoemd' }));
    await write('matrix.synthesis.save', (x) => ({
      at: { spec: view, row: x.row as string, col: x.col as string },
      body: '',
      bodyText: 'Nieuwe synthese',
    }));
    await write('matrix.synthesis.cite', (x) => ({
      at: { spec: view, row: x.row as string, col: x.col as string },
      segmentId: x.segment,
    }));
    await write('matrix.definitions.save', () => ({
      name: { nl: 'Mijn matrix', en: 'My matrix' },
      spec: { rows: { dim: 'phase' }, cols: { dim: 'case' } },
    }));
    await write('codes.delete', () => ({ id: created.id }));
    // A group review: the agenda, the room, what it saw and said, and what follows from it.
    const item = await write('review.items.add', (x) => ({
      sessionId: x.review,
      matrix: 'framework',
      focus: { kind: 'row', row: (x.row as string).split(':')[0] },
    }));
    await write('review.participants.save', (x) => ({
      sessionId: x.review,
      name: 'Anna',
      caseRef: x.col,
    }));
    await write('review.present', (x) => ({ sessionId: x.review, itemId: item.id }));
    const remark = await write('review.remarks.add', (x) => ({
      sessionId: x.review,
      item: 1,
      tag: 'disputed',
      text: 'Klopt niet',
      by: 'Anna',
      cell: { row: x.row, col: x.col },
    }));
    await write('review.items.update', () => ({ id: item.id, question: 'Herkent u dit?' }));
    await write('matrix.synthesis.save', (x) => ({
      at: { spec: view, row: x.row as string, col: x.col as string },
      body: '',
      bodyText: 'Aangepast na de review',
    }));
    await write('review.followups.setState', () => ({
      id: (remark.followUp as { id: string }).id,
      state: 'done',
    }));
    await write('cases.create', () => ({ label: { nl: 'Casus Y', en: 'Case Y' } }));
    await write('review.sessions.update', (x) => ({ id: x.review, closed: true }));
    await write('names.add', () => ({
      kind: 'place',
      term: 'Achterhoek',
      replacement: '[regio]',
    }));
    await write('names.dismiss', () => ({ text: 'Utrecht', kind: 'proper-noun' }));
    // The series did exercise the map: many answers changed, each explained.
    expect(explained.length).toBeGreaterThan(40);
    // Every read after every write of the series: over a hundred methods on the demo study.
  }, 300_000);
});
