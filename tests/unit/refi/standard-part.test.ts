import Database from 'better-sqlite3';
import { unzipSync, zipSync } from 'fflate';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editorState, paragraphNode } from '../../../core/server/domain/memo-body.js';
import { kid, kids, kidText, parseXml, type XNode } from '../../../core/server/refi/xml.js';
import { CITATION_NODE, citationsIn } from '../../../core/shared/matrix/citations.js';
import { packQdpx, refiFixture } from '../../refi-fixtures.js';
import { tempDir, tempProject, type TestProject } from '../helpers.js';

// What other programs see of Casus's work and what Casus reads back of the standard part of a
// .qdpx (issue 18): files of other programs, and Casus's own files without casus.json.

describe('notes of another program', () => {
  const dir = tempDir();

  it('opens a note on the project through memos.get', async () => {
    const p = await tempProject();
    const out = join(dir, 'atlas.casus');
    await p.call('refi.importProject', { filePath: refiFixture('atlas-style.qde'), outPath: out });
    await p.call('project.open', { path: out });
    const memo = await p.call('memos.get', { targetType: 'project', targetId: '' });
    expect(memo?.bodyText).toMatch(/^Four cases, two rounds of interviews/);
  });
});

/** A project's rows as the standard part can carry them, by id. */
function standardRows(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    return {
      codes: db.prepare('SELECT id, dimension FROM codes ORDER BY id').all(),
      sources: db
        .prepare(
          `SELECT s.id, s.kind, s.document_type, s.date, s.validation, r.pseudonym, r.role
             FROM sources s LEFT JOIN respondents r ON r.id = s.respondent_id ORDER BY s.id`,
        )
        .all(),
    };
  } finally {
    db.close();
  }
}

/** The demo study exported, with casus.json taken out of the archive. */
async function withoutExtension(dir: string, name: string) {
  const p = await tempProject({ demo: true, file: true });
  const qdpx = join(dir, `${name}.qdpx`);
  await p.call('refi.export', { format: 'qdpx', outPath: qdpx });
  const files = unzipSync(new Uint8Array(readFileSync(qdpx)));
  delete files['casus.json'];
  writeFileSync(qdpx, zipSync(files));
  const out = join(dir, `${name}.casus`);
  const { report } = await p.call('refi.importProject', { filePath: qdpx, outPath: out });
  return { p, qdpx, out, report, xml: new TextDecoder().decode(files['project.qde']) };
}

describe('a Casus .qdpx without casus.json', () => {
  const dir = tempDir();

  it('keeps code dimensions and source metadata from the Sets and Variables Casus writes', async () => {
    const { p, out, report } = await withoutExtension(dir, 'standard');
    const before = standardRows(p.path);
    const after = standardRows(out);
    expect(
      new Set(before.codes.map((c) => (c as { dimension: string }).dimension)).size,
    ).toBeGreaterThanOrEqual(4);
    expect(after.codes).toEqual(before.codes);
    expect(before.sources.some((s) => (s as { pseudonym: string | null }).pseudonym)).toBe(true);
    expect(after.sources).toEqual(before.sources);
    // Recognised as Casus's own, so not listed as left out.
    expect(report.skipped.filter((s) => s.kind === 'set' || s.kind === 'variable')).toEqual([]);
  });
});

/** The Notes of a project.qde, and which element holds a NoteRef to which note. */
function notesIn(xml: string) {
  const { root } = parseXml(xml, 'project.qde');
  const notes = kids(kid(root, 'Notes'), 'Note').map((n) => ({
    guid: n.attrs.guid ?? '',
    name: n.attrs.name ?? '',
    text: kidText(n, 'PlainTextContent') ?? '',
  }));
  const noteRefs: { element: string; guid: string; note: string }[] = [];
  const walk = (element: string, node: XNode) => {
    for (const [name, list] of node.children) {
      for (const child of list) {
        if (name === 'NoteRef')
          noteRefs.push({
            element,
            guid: node.attrs.guid ?? '',
            note: child.attrs.targetGUID ?? '',
          });
        else walk(name, child);
      }
    }
  };
  walk('Project', root);
  return { notes, noteRefs };
}

describe('syntheses in project.qde', () => {
  const dir = tempDir();

  it('are Notes other programs show, linked to their codes and passages, and read back without casus.json', async () => {
    const { p, out, xml, report } = await withoutExtension(dir, 'syntheses');
    const before = await p.call('matrix.synthesis.list', {});
    const written = before.filter((c) => c.bodyText.trim() !== '');
    expect(written.length).toBeGreaterThan(0);
    const { notes, noteRefs } = notesIn(xml);
    const synthesisNotes = notes.filter((n) => n.name.startsWith('Synthese: '));
    expect(synthesisNotes.length).toBe(
      before.filter((c) => c.bodyText.trim() !== '' || c.refs.length > 0 || c.status !== 'empty')
        .length,
    );
    // One cell in full: its text, and NoteRefs on the codes of its cell and the cited selections.
    const cell = written.find((c) => c.refs.length > 0)!;
    expect(cell).toBeDefined();
    const note = synthesisNotes.find((n) => n.text.startsWith(cell.bodyText.trimEnd()));
    expect(note).toBeDefined();
    for (const r of cell.refs) expect(note!.text).toContain(r.quote.replace(/\s+/g, ' ').trim());
    const holders = noteRefs.filter((r) => r.note === note!.guid);
    const codeGuids = holders.filter((h) => h.element === 'Code').map((h) => h.guid);
    for (const d of ['principle', 'category', 'phase', 'facet'] as const) {
      const v = cell.coordinate[d];
      if (v) expect(codeGuids).toContain(v);
    }
    const selectionGuids = holders
      .filter((h) => h.element === 'PlainTextSelection')
      .map((h) => h.guid);
    expect(selectionGuids.sort()).toEqual(
      cell.refs
        .filter((r) => !r.deleted)
        .map((r) => r.segmentId)
        .sort(),
    );

    expect(report.warnings.filter((w) => w.startsWith('synthesis'))).toEqual([]);
    const memosBefore = await p.call('memos.list', {});
    await p.call('project.open', { path: out });
    const after = await p.call('matrix.synthesis.list', {});
    const shape = (cells: typeof before) =>
      cells
        .filter((c) => c.bodyText.trim() !== '' || c.refs.length > 0 || c.status !== 'empty')
        .map((c) => ({
          coordinate: c.coordinate,
          bodyText: c.bodyText.trimEnd(),
          status: c.status,
          refs: c.refs.map((r) => r.segmentId),
        }))
        .sort((a, b) => JSON.stringify(a.coordinate).localeCompare(JSON.stringify(b.coordinate)));
    expect(shape(after)).toEqual(shape(before));
    // Not also as memos.
    expect(await p.call('memos.list', {})).toHaveLength(memosBefore.length);
  });
});

describe('citation markers of a synthesis read back from its note', () => {
  const dir = tempDir();

  it('are citation markers of the cited passages again, numbered as in the text', async () => {
    const p = await tempProject({ demo: true, file: true });
    const cell = (await p.call('matrix.synthesis.list', {})).find((c) => c.refs.length >= 2)!;
    expect(cell).toBeDefined();
    const [a, b] = cell.refs.map((r) => r.segmentId);
    const marker = (segmentId: string, n: number) => ({
      type: CITATION_NODE,
      version: 1,
      text: `[${n}]`,
      format: 0,
      style: '',
      mode: 'token',
      detail: 0,
      segmentId,
    });
    const text = (t: string) => ({ ...marker('', 0), type: 'text', text: t, mode: 'normal' });
    // The second passage cited first: markers number in text order, so it becomes [1].
    const body = editorState([
      {
        ...paragraphNode(''),
        children: [text('Eerst '), marker(b!, 1), text(' dan '), marker(a!, 2)],
      },
      { ...paragraphNode(''), children: [text('Een lijst [99] is geen verwijzing.')] },
    ]);
    const bodyText = 'Eerst [1] dan [2]\nEen lijst [99] is geen verwijzing.';
    const at = { coordinate: cell.coordinate };
    await p.call('matrix.synthesis.save', { at, body, bodyText });
    const qdpx = join(dir, 'markers.qdpx');
    await p.call('refi.export', { format: 'qdpx', outPath: qdpx });
    const files = unzipSync(new Uint8Array(readFileSync(qdpx)));
    delete files['casus.json'];
    writeFileSync(qdpx, zipSync(files));
    const out = join(dir, 'markers.casus');
    await p.call('refi.importProject', { filePath: qdpx, outPath: out });
    await p.call('project.open', { path: out });
    const back = await p.call('matrix.synthesis.get', { at });
    expect(citationsIn(back.body)).toEqual([b, a]);
    expect(back.refs.slice(0, 2).map((r) => r.segmentId)).toEqual([b, a]);
    expect(back.bodyText).toBe(bodyText);
    const markers: { text: string; segmentId: string }[] = [];
    const walk = (n: {
      type?: string;
      text?: string;
      segmentId?: string;
      children?: unknown[];
    }) => {
      if (n.type === CITATION_NODE) markers.push({ text: n.text!, segmentId: n.segmentId! });
      for (const c of n.children ?? []) walk(c as typeof n);
    };
    walk((JSON.parse(back.body) as { root: Parameters<typeof walk>[0] }).root);
    expect(markers).toEqual([
      { text: '[1]', segmentId: b },
      { text: '[2]', segmentId: a },
    ]);
  });
});

/** The project.qde of an export of the open project. */
async function exportedXml(p: TestProject, file: string): Promise<string> {
  await p.call('refi.export', { format: 'qdpx', outPath: file });
  const files = unzipSync(new Uint8Array(readFileSync(file)));
  return new TextDecoder().decode(files['project.qde']);
}

/** The GUIDs of the elements named `tag` under `group`, in file order. */
function guidsOf(xml: string, group: string, tag: string): string[] {
  const { root } = parseXml(xml, 'project.qde');
  return kids(kid(root, group), tag).map((e) => e.attrs.guid ?? '');
}

describe('what other programs see of a Casus export', () => {
  const dir = tempDir();

  it('keeps the GUIDs of Variables, Sets and Links from one export to the next', async () => {
    const p = await tempProject({ demo: true });
    const cases = await p.call('cases.list', {});
    await p.call('memos.save', {
      targetType: 'case',
      targetId: cases[0]!.id,
      body: '',
      bodyText: 'Over deze casus.',
    });
    const first = await exportedXml(p, join(dir, 'first.qdpx'));
    const second = await exportedXml(p, join(dir, 'second.qdpx'));
    for (const [group, tag] of [
      ['Variables', 'Variable'],
      ['Sets', 'Set'],
      ['Links', 'Link'],
    ] as const) {
      const guids = guidsOf(first, group, tag);
      expect(guids.length, tag).toBeGreaterThan(0);
      expect(guidsOf(second, group, tag), tag).toEqual(guids);
    }
  });

  it('names an untitled memo by its first words', async () => {
    const p = await tempProject();
    await p.call('memos.save', {
      targetType: 'project',
      targetId: '',
      body: '',
      bodyText:
        'Alle casussen zijn in twee rondes bezocht, met telkens een terugkoppeling aan de gemeente en de provincie.',
    });
    const { notes } = notesIn(await exportedXml(p, join(dir, 'untitled.qdpx')));
    expect(notes.map((n) => n.name)).toEqual([
      'Alle casussen zijn in twee rondes bezocht, met telkens een…',
    ]);
  });

  it('writes codes that came without a colour without one, until the user gives them one', async () => {
    const p = await tempProject();
    const out = join(dir, 'qc.casus');
    const qdpx = join(dir, 'qc-style.qdpx');
    writeFileSync(qdpx, packQdpx('qc-style'));
    await p.call('refi.importProject', { filePath: qdpx, outPath: out });
    await p.call('project.open', { path: out });
    const codes = await p.call('codes.tree', {});
    await p.call('codes.update', { id: codes[0]!.id, color: '#123456' });
    const { root } = parseXml(await exportedXml(p, join(dir, 'qc-back.qdpx')), 'project.qde');
    const coloured: string[] = [];
    const walk = (node: XNode) => {
      for (const c of kids(node, 'Code')) {
        if (c.attrs.color !== undefined) coloured.push(`${c.attrs.guid} ${c.attrs.color}`);
        walk(c);
      }
    };
    walk(kid(kid(root, 'CodeBook'), 'Codes')!);
    expect(coloured).toEqual([`${codes[0]!.id} #123456`]);
  });
});

describe('an ATLAS.ti note with a description', () => {
  it('keeps the description in the memo', async () => {
    const p = await tempProject();
    const out = join(tempDir(), 'atlas.casus');
    await p.call('refi.importProject', { filePath: refiFixture('atlas-style.qde'), outPath: out });
    await p.call('project.open', { path: out });
    const memo = await p.call('memos.get', { targetType: 'project', targetId: '' });
    expect(memo?.bodyText).toBe(
      'Four cases, two rounds of interviews, one site visit per case.\n\nday to day log of the fieldwork',
    );
  });
});

describe('export with one selection per code', () => {
  const dir = tempDir();

  /** Per selection in a project.qde: how many Codings it has. */
  function codingsPerSelection(xml: string): number[] {
    const { root } = parseXml(xml, 'project.qde');
    return kids(kid(root, 'Sources'), 'TextSource').flatMap((s) =>
      kids(s, 'PlainTextSelection').map((sel) => kids(sel, 'Coding').length),
    );
  }

  it('writes one Coding per selection for readers that take only the first, and reads back the same segments', async () => {
    const p = await tempProject({ demo: true, file: true });
    const plain = codingsPerSelection(await exportedXml(p, join(dir, 'plain.qdpx')));
    expect(Math.max(...plain)).toBeGreaterThan(1);
    const qdpx = join(dir, 'per-code.qdpx');
    await p.call('refi.export', { format: 'qdpx', outPath: qdpx, selectionPerCode: true });
    const files = unzipSync(new Uint8Array(readFileSync(qdpx)));
    const split = codingsPerSelection(new TextDecoder().decode(files['project.qde']));
    expect(Math.max(...split)).toBe(1);
    expect(split.reduce((a, b) => a + b, 0)).toBe(plain.reduce((a, b) => a + b, 0));

    const out = join(dir, 'per-code.casus');
    const { report } = await p.call('refi.importProject', { filePath: qdpx, outPath: out });
    expect(report.skipped).toEqual([]);
    const rows = (path: string) => {
      const db = new Database(path, { readonly: true });
      try {
        return {
          segments: db.prepare('SELECT id, source_id, start, end FROM segments ORDER BY id').all(),
          codings: db.prepare('SELECT id, segment_id, code_id FROM codings ORDER BY id').all(),
        };
      } finally {
        db.close();
      }
    };
    expect(rows(out)).toEqual(rows(p.path));
  });
});
