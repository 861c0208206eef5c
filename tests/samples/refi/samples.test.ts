import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readQdc,
  readQde,
  readQdpx,
  readRefiFile,
  walkCodes,
  type RefiProject,
} from '../../../core/server/refi/index.js';
import { SAMPLES } from '../paths.js';

function sample(name: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve(SAMPLES, name)));
}

function selectionText(p: RefiProject, sourceName: string, selName: string): string {
  const src = p.textSources.find((s) => s.name === sourceName);
  if (!src) throw new Error(`no source ${sourceName}`);
  const sel = src.selections.find((s) => s.name === selName);
  if (!sel) throw new Error(`no selection ${selName}`);
  return src.text.slice(sel.start, sel.end);
}

describe('qc 1.3.2 demo.qdpx', () => {
  it('imports users, the code tree, both sources, 158 selections with 205 codings', async () => {
    const { project, report } = await readQdpx(sample('qc132_demo.qdpx'), 'qc132_demo.qdpx');
    expect(report.format).toBe('qdpx');
    expect(report.origin).toBe('qc 1.3.2');
    expect(report.counts).toEqual({
      users: 1,
      codes: 262,
      sources: 2,
      segments: 158,
      codings: 205,
      notes: 0,
      cases: 0,
      variables: 0,
      sets: 0,
    });
    expect(report.skipped).toEqual([]);
    expect(project.users).toEqual([{ guid: '39633935-3331-3962-6632-373436373264', name: 'cp' }]);
    // plainTextPath without intern:// still finds sources/board_2017.txt.
    expect(project.textSources.map((s) => s.name)).toEqual(['board_2017', 'admin-1']);
    expect(project.textSources[0]!.text.length).toBe(52543);
    const top = project.codes.map((c) => c.name);
    expect(top).toContain('rq1_definition');
    const programming = [...walkCodes(project.codes)].find((x) => x.code.name === 'programming');
    expect(programming?.parent?.name).toBe('competencies');
    expect(programming?.depth).toBe(2);
  });

  it('gives the exact text of selections', async () => {
    const { project } = await readQdpx(sample('qc132_demo.qdpx'), 'qc132_demo.qdpx');
    expect(selectionText(project, 'board_2017', 'line:6')).toBe(
      'This district goal is engage every student in joyful, purposeful learning that \n',
    );
    expect(selectionText(project, 'board_2017', 'line:8')).toBe(
      "maximizes each student's opportunity to excel academically. Action step five \n",
    );
    expect(selectionText(project, 'board_2017', 'line:23')).toBe(
      'that all students feel empowered by complex problem solving in computer \n',
    );
    expect(selectionText(project, 'board_2017', 'line:840')).toBe(
      'similar equity issues [inaudible 00:54:11] access to that curriculum, which we \n',
    );
  });

  it('reports the position rule (ASCII without CRLF: all readings agree, NVivo reading used)', async () => {
    const { report } = await readQdpx(sample('qc132_demo.qdpx'), 'qc132_demo.qdpx');
    expect(report.positionRule).toBe('utf16');
    expect(report.positionRuleText).toMatch(/all readings agree/);
    expect(report.positionRules.every((r) => r.ambiguous)).toBe(true);
  });
});

describe('ATLAS.ti 8.4 bare project.qde', () => {
  it('imports users, codes, notes and sets; reports every source it cannot read', async () => {
    const { project, report } = await readQde(
      sample('atlas84mac_standard_project.qde'),
      'atlas84mac_standard_project.qde',
    );
    expect(report.format).toBe('qde');
    expect(report.counts).toMatchObject({
      users: 3,
      codes: 14,
      sources: 0,
      segments: 0,
      notes: 2,
      sets: 16,
    });
    const coke = project.codes.find((c) => c.name === 'Coke::diet Coke');
    expect(coke).toMatchObject({ color: '#966450', description: 'non sucré' });
    expect(project.codes.find((c) => c.name === 'milk')?.color).toBeUndefined();
    expect(project.codes.find((c) => c.name === '"rushed"')).toBeDefined();
    // Upper-case GUIDs in the file are normalised to lower case.
    expect(project.users.map((u) => u.guid)).toContain('ad68fbe7-e1ee-4a82-a279-23cc698c89eb');
    const notes = Object.fromEntries(project.notes.map((n) => [n.name, n]));
    expect(notes['Research Plan']?.text).toBe(
      'This is a great project by a dynamic team of researcher-developers. ',
    );
    expect(notes['Research Plan']?.description).toBe('day to day log about this amazing project');
    expect(notes['My favorite Coke ad']?.text).toBe(
      'This version is much better than the new Director’s cut ',
    );
    // Text files are missing in a bare .qde: every text source is reported, with its selections.
    const skippedSources = report.skipped.filter((s) => s.kind === 'source');
    expect(skippedSources.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'Mabel.txt',
        'Simon.docx',
        'Mabêl 2ième.txt',
        'cornflakes-n-milk.jpg',
        "Jeanine's Breakfast.m4a",
      ]),
    );
    const simon = skippedSources.find((s) => s.name === 'Simon.docx');
    expect(simon?.reason).toMatch(/not included.*3 selection\(s\) with 3 coding\(s\)/);
    expect(report.skipped.find((s) => s.name === 'cornflakes-n-milk.jpg')?.reason).toMatch(
      /pictures are not supported/,
    );
    expect(report.skipped.filter((s) => s.kind === 'graph')).toHaveLength(1);
    expect(report.skipped.some((s) => s.kind === 'selection' && /PDF area/.test(s.reason))).toBe(
      true,
    );
    // The memo-quotation link points at a video selection that is not imported.
    expect(report.skipped.some((s) => s.kind === 'link')).toBe(true);
  });

  it('is recognised by readRefiFile from its extension', async () => {
    const r = await readRefiFile(resolve(SAMPLES, 'atlas84mac_standard_project.qde'));
    expect('project' in r && r.project.name).toBe('ATLAS.ti standard project');
  });
});

describe('ATLAS.ti 23.4 codebook .qdc', () => {
  it('imports the code with colour and description, and the code group', async () => {
    const { codebook, report } = await readQdc(
      sample('atlas234win_codebook_from_requal_test.qdc'),
      'atlas234win_codebook_from_requal_test.qdc',
    );
    expect(report.counts.codes).toBe(1);
    expect(codebook.codes).toEqual([
      {
        guid: '1ff58b12-6f6f-4b0c-8be5-bbdc91f55294',
        name: 'code1',
        color: '#46AA00',
        description: 'description',
        isCodable: true,
        children: [],
      },
    ]);
    expect(codebook.sets).toEqual([
      {
        guid: 'eca18d76-2b8b-4f26-bc1d-19eca19fb3f0',
        name: 'code group 1',
        description: 'kategorie 1',
        codeGuids: ['1ff58b12-6f6f-4b0c-8be5-bbdc91f55294'],
        sourceGuids: [],
        noteGuids: [],
      },
    ]);
  });
});
