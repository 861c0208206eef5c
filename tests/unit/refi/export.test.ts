import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  buildQdc,
  buildQdpx,
  emptyProject,
  POSITION_STATEMENT,
  readQdc,
  readQdpx,
  validateAgainstSchema,
  type RefiProject,
} from '../../../core/server/refi/index.js';

const U1 = 'a0000000-0000-4000-8000-000000000001';
const C1 = 'c0000000-0000-4000-8000-000000000001';
const C2 = 'c0000000-0000-4000-8000-000000000002';
const S1 = '50000000-0000-4000-8000-000000000001';
const SEL1 = '5e100000-0000-4000-8000-000000000001';
const SEL2 = '5e100000-0000-4000-8000-000000000002';
const K1 = 'c0d10000-0000-4000-8000-000000000001';
const K2 = 'c0d10000-0000-4000-8000-000000000002';
const N1 = 'a0be0000-0000-4000-8000-000000000001';
const N2 = 'a0be0000-0000-4000-8000-000000000002';
const N3 = 'a0be0000-0000-4000-8000-000000000003';
const CASE1 = 'ca5e0000-0000-4000-8000-000000000001';
const V1 = 'fa110000-0000-4000-8000-000000000001';
const V2 = 'fa110000-0000-4000-8000-000000000002';
const SET1 = '5e700000-0000-4000-8000-000000000001';

function sample(): RefiProject {
  const text = 'Gemeente & regio <samen>: "één" 😀 plan.\nTweede regel\tmet tab.\n';
  const p = emptyProject('Regio & <deals>');
  p.description = 'Vergelijkende casestudie';
  p.users = [{ guid: U1, name: 'Anna de Vries' }];
  p.codes = [
    {
      guid: C1,
      name: 'Samenwerking',
      color: '#336699',
      description: 'Tussen "partners" & overheden',
      isCodable: true,
      children: [{ guid: C2, name: 'Conflict', color: '#aa0000', isCodable: true, children: [] }],
    },
  ];
  p.variables = [
    { guid: V1, name: 'Inwoners', type: 'Integer' },
    { guid: V2, name: 'Regio', type: 'Text', description: 'Provincie' },
  ];
  p.textSources = [
    {
      guid: S1,
      name: 'Interview 1',
      text,
      origin: { kind: 'text' },
      variableValues: [{ variableGuid: V2, value: 'Noord' }],
      createdAt: '2024-05-01T10:00:00.000Z',
      selections: [
        {
          guid: SEL1,
          name: 'één',
          start: text.indexOf('"één"'),
          end: text.indexOf('"één"') + 5,
          creatingUser: U1,
          codings: [
            { guid: K1, codeGuid: C1, creatingUser: U1, createdAt: '2024-05-01T10:05:00Z' },
          ],
        },
        {
          guid: SEL2,
          name: 'emoji plan',
          start: text.indexOf('😀'),
          end: text.indexOf('plan') + 4,
          creatingUser: U1,
          codings: [{ guid: K2, codeGuid: C2, creatingUser: U1 }],
        },
      ],
    },
  ];
  p.cases = [
    {
      guid: CASE1,
      name: 'Regio Noord',
      description: 'De eerste casus',
      sourceGuids: [S1],
      selectionGuids: [],
      codeGuids: [],
      variableValues: [
        { variableGuid: V1, value: '120000' },
        { variableGuid: V2, value: 'Groningen' },
      ],
    },
  ];
  p.notes = [
    {
      guid: N1,
      name: 'Memo code',
      text: 'Over samenwerking\nmet regel.',
      targets: [{ guid: C1, kind: 'code' }],
    },
    { guid: N2, name: 'Memo casus', text: 'Casus-memo', targets: [{ guid: CASE1, kind: 'case' }] },
    {
      guid: N3,
      name: 'Memo segment',
      text: 'Bij het segment',
      targets: [
        { guid: SEL1, kind: 'selection' },
        { guid: '', kind: 'project' },
      ],
    },
  ];
  p.sets = [{ guid: SET1, name: 'Kerncodes', codeGuids: [C1], sourceGuids: [S1], noteGuids: [] }];
  return p;
}

describe('export', () => {
  it('writes a .qdpx that validates and reads back field by field', async () => {
    const p = sample();
    const { bytes, xml } = await buildQdpx(p);
    expect((await validateAgainstSchema(xml, 'project')).valid).toBe(true);
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(['project.qde', `sources/${S1}.txt`]);
    expect(new TextDecoder().decode(files[`sources/${S1}.txt`])).toBe(p.textSources[0]!.text);
    expect(xml).toContain(`plainTextPath="internal://${S1}.txt"`);
    expect(xml).toContain(POSITION_STATEMENT);

    const { project: back, report } = await readQdpx(bytes, 'roundtrip.qdpx');
    expect(report.skipped).toEqual([]);
    expect(report.positionRuleText).toMatch(/stated in the file by Casus/);
    expect(back.name).toBe(p.name);
    expect(back.description).toBe(p.description);
    expect(back.users).toEqual(p.users);
    expect(back.codes).toEqual([
      { ...p.codes[0], children: [{ ...p.codes[0]!.children[0], description: undefined }] },
    ]);
    expect(back.variables).toEqual([{ ...p.variables[0], description: undefined }, p.variables[1]]);
    expect(back.cases).toEqual(p.cases);
    expect(back.sets).toEqual([{ ...p.sets[0], description: undefined }]);
    const src = back.textSources[0]!;
    expect(src.text).toBe(p.textSources[0]!.text);
    expect(src.variableValues).toEqual(p.textSources[0]!.variableValues);
    expect(src.createdAt).toBe('2024-05-01T10:00:00.000Z');
    expect(
      src.selections.map((s) => ({
        guid: s.guid,
        text: src.text.slice(s.start, s.end),
        start: s.start,
        end: s.end,
        user: s.creatingUser,
        codings: s.codings,
      })),
    ).toEqual(
      p.textSources[0]!.selections.map((s) => ({
        guid: s.guid,
        text: p.textSources[0]!.text.slice(s.start, s.end),
        start: s.start,
        end: s.end,
        user: s.creatingUser,
        codings: s.codings.map((c) => ({ ...c, createdAt: c.createdAt })),
      })),
    );
    const notes = new Map(back.notes.map((n) => [n.guid, n]));
    expect(notes.get(N1)).toMatchObject({
      text: 'Over samenwerking\nmet regel.',
      targets: [{ guid: C1, kind: 'code' }],
    });
    expect(notes.get(N2)?.targets).toEqual([{ guid: CASE1, kind: 'case' }]);
    expect(new Set(notes.get(N3)?.targets.map((t) => t.kind))).toEqual(
      new Set(['selection', 'project']),
    );
  });

  it('writes valid XML for hostile names (control characters, quotes, CR)', async () => {
    const p = sample();
    p.codes[0]!.name = 'bad\u0001name "quoted" \r\n<tag>';
    const { xml } = await buildQdpx(p);
    expect((await validateAgainstSchema(xml, 'project')).valid).toBe(true);
  });

  it('reads back character references and literal ampersands exactly', async () => {
    const p = sample();
    p.codes[0]!.name = 'Twee\nregels\tmet tab, 😀 en een letterlijke &#10; & &amp;';
    p.codes[0]!.description = 'Tekst met &lt; letterlijk, en <echt>';
    const { bytes, xml } = await buildQdpx(p);
    expect(xml).toContain('&#10;');
    const { project } = await readQdpx(bytes, 'refs.qdpx');
    expect(project.codes[0]!.name).toBe(p.codes[0]!.name);
    expect(project.codes[0]!.description).toBe(p.codes[0]!.description);
  });

  it('writes an empty project that still validates', async () => {
    const { xml } = await buildQdpx(emptyProject('Leeg'));
    expect((await validateAgainstSchema(xml, 'project')).valid).toBe(true);
  });

  it('writes a .qdc that validates and reads back', async () => {
    const p = sample();
    const xml = await buildQdc({ codes: p.codes, sets: p.sets });
    expect((await validateAgainstSchema(xml, 'codebook')).valid).toBe(true);
    expect(xml).toContain('xmlns="urn:QDA-XML:codebook:1.0"');
    const { codebook } = await readQdc(new TextEncoder().encode(xml), 'codes.qdc');
    expect(codebook.codes[0]).toMatchObject({ guid: C1, name: 'Samenwerking', color: '#336699' });
    expect(codebook.codes[0]!.children[0]).toMatchObject({ guid: C2, name: 'Conflict' });
    expect(codebook.sets).toEqual([
      {
        guid: SET1,
        name: 'Kerncodes',
        description: undefined,
        codeGuids: [C1],
        sourceGuids: [],
        noteGuids: [],
      },
    ]);
  });

  it('refuses to write a codebook without codes', async () => {
    await expect(buildQdc({ codes: [], sets: [] })).rejects.toThrow(/no codes to export/);
  });
});
