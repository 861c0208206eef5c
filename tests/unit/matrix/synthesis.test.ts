import { unzipSync, strFromU8 } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { matrixCommands } from '../../../cli/commands/matrix.js';
import { contrast, HEAT_PALETTE, heatColors } from '../../../core/shared/contract/matrix.js';
import { caseId, id, matrixStudy } from './fixture.js';

type Study = Awaited<ReturnType<typeof matrixStudy>>;
let s: Study;
let A: string;
let bw: string;
const body = (text: string) =>
  JSON.stringify({
    root: {
      type: 'root',
      version: 1,
      children: [{ type: 'paragraph', version: 1, children: [{ type: 'text', text, version: 1 }] }],
    },
  });
/** The principles × cases view the tests write in; `at(row, col)` names one of its cells. */
const VIEW = { rows: { dim: 'principle' }, cols: { dim: 'case' } } as const;
const at = (row: string, col: string) => ({ at: { spec: VIEW, row, col } });
beforeAll(async () => {
  s = await matrixStudy({ file: true });
  A = caseId(s.p, 'achterhoek');
  bw = id(s.p, 'brede-welvaart');
});

describe('framework matrix: synthesis cells', () => {
  it('writes a synthesis with numbered references and a status, all in the change log', async () => {
    const empty = await s.p.call('matrix.synthesis.get', at(bw, A));
    expect(empty).toMatchObject({ status: 'empty', bodyText: '', refs: [] });
    await s.p.call('matrix.synthesis.save', {
      ...at(bw, A),
      body: body('Brede welvaart is leidend <b>in</b> de Achterhoek.'),
      bodyText: 'Brede welvaart is leidend <b>in</b> de Achterhoek.',
    });
    await s.p.call('matrix.synthesis.cite', { ...at(bw, A), segmentId: s.g1 });
    await s.p.call('matrix.synthesis.cite', { ...at(bw, A), segmentId: s.g2 });
    const cell = await s.p.call('matrix.synthesis.setStatus', {
      ...at(bw, A),
      status: 'agreed',
    });
    expect(cell.status).toBe('agreed');
    expect(cell.statusBy).toBe('Anna de Vries');
    expect(cell.refs.map((r) => [r.n, r.segmentId, r.quote, r.respondent])).toEqual([
      [1, s.g1, 'abcdefghij', 'R1'],
      [2, s.g2, 'fghijklmno', 'R1'],
    ]);
    const log = s.p.db
      .prepare("SELECT action FROM change_log WHERE entity = 'synthesis_cells' ORDER BY seq")
      .all() as { action: string }[];
    expect(log.map((l) => l.action)).toEqual([
      'matrix.synthesis.save',
      'matrix.synthesis.cite',
      'matrix.synthesis.cite',
      'matrix.synthesis.setStatus',
    ]);
    const list = await s.p.call('matrix.synthesis.list', {});
    expect(list.map((c) => c.coordinate)).toEqual([{ principle: bw, case: A }]);
    expect(list[0]?.label).toEqual({
      nl: 'Brede welvaart centraal × Achterhoek',
      en: 'Broad well-being is central × Achterhoek',
    });
  });

  it('shows the history and restores an old version', async () => {
    const history = await s.p.call('matrix.synthesis.history', at(bw, A));
    expect(history.map((h) => [h.status, h.refCount])).toEqual([
      ['agreed', 2],
      ['draft', 2],
      ['draft', 1],
      ['draft', 0],
    ]);
    const first = history[3];
    if (!first) throw new Error('no first version');
    const restored = await s.p.call('matrix.synthesis.restore', {
      ...at(bw, A),
      seq: first.seq,
    });
    expect(restored.refs).toEqual([]);
    expect(restored.status).toBe('draft');
    // Restoring is itself a version; the later one can be brought back.
    const again = await s.p.call('matrix.synthesis.restore', {
      ...at(bw, A),
      seq: history[0]?.seq ?? -1,
    });
    expect(again.refs).toHaveLength(2);
    expect(again.status).toBe('agreed');
  });

  it('references survive recoding and are flagged when their segment is deleted', async () => {
    await s.p.call('segments.recode', {
      segmentId: s.g1,
      fromCodeId: id(s.p, 'analytisch-inhoudelijk'),
      toCodeId: id(s.p, 'institutioneel'),
    });
    let cell = await s.p.call('matrix.synthesis.get', at(bw, A));
    expect(cell.refs[0]).toMatchObject({ segmentId: s.g1, deleted: false });
    await s.p.call('segments.uncode', { segmentId: s.g2, codeId: id(s.p, 'politiek-bestuurlijk') });
    await s.p.call('segments.uncode', { segmentId: s.g2, codeId: bw });
    cell = await s.p.call('matrix.synthesis.get', at(bw, A));
    expect(cell.refs[1]).toMatchObject({
      n: 2,
      segmentId: s.g2,
      deleted: true,
      quote: 'fghijklmno',
    });
  });

  it('numbers the references by the markers in the text; a marker cites its passage', async () => {
    const ra = id(s.p, 'regionale-afbakening');
    const marker = (segmentId: string, n: number) => ({
      type: 'citation',
      segmentId,
      text: `[${n}]`,
      version: 1,
    });
    const withMarkers = (...ids: string[]) =>
      JSON.stringify({
        root: {
          type: 'root',
          version: 1,
          children: [
            {
              type: 'paragraph',
              version: 1,
              children: [
                { type: 'text', text: 'De regio bakent af ', version: 1 },
                ...ids.map((x, i) => marker(x, i + 1)),
              ],
            },
          ],
        },
      });
    // g5 cited first from the list, not placed; then the text places g3, then g4.
    await s.p.call('matrix.synthesis.cite', { ...at(ra, A), segmentId: s.g5 });
    const cell = await s.p.call('matrix.synthesis.save', {
      ...at(ra, A),
      body: withMarkers(s.g3, s.g4, s.g3),
      bodyText: 'De regio bakent af [1][2][1]',
    });
    expect(cell.refs.map((r) => [r.n, r.segmentId, r.placed])).toEqual([
      [1, s.g3, true],
      [2, s.g4, true],
      [3, s.g5, false],
    ]);
    // Moving a marker renumbers; a marker removed leaves its reference, not placed.
    const moved = await s.p.call('matrix.synthesis.save', {
      ...at(ra, A),
      body: withMarkers(s.g4),
      bodyText: 'De regio bakent af [1]',
    });
    expect(moved.refs.map((r) => [r.n, r.segmentId, r.placed])).toEqual([
      [1, s.g4, true],
      [2, s.g3, false],
      [3, s.g5, false],
    ]);
    await expect(
      s.p.call('matrix.synthesis.save', {
        ...at(ra, A),
        body: withMarkers('no-such-segment'),
        bodyText: 'x',
      }),
    ).rejects.toThrow(/No segment with id no-such-segment/);
  });

  it('takes no synthesis in a "(no category)" row, and says why', async () => {
    const spec = { rows: { dim: 'principle', split: 'category' }, cols: { dim: 'case' } } as const;
    const row = `${bw}:_none`;
    const cell = await s.p.call('matrix.synthesis.get', { at: { spec, row, col: A } });
    expect(cell.notWritable).toEqual({ kind: 'unassigned', dimension: 'category' });
    await expect(
      s.p.call('matrix.synthesis.save', { at: { spec, row, col: A }, body: '', bodyText: 'x' }),
    ).rejects.toThrow(/passages without a category/);
  });

  it('refuses unknown cells, segments and versions by name', async () => {
    await expect(
      s.p.call('matrix.synthesis.save', { ...at('bogus', A), body: '', bodyText: 'x' }),
    ).rejects.toThrow(/row "bogus": "bogus" is not a principle/);
    await expect(
      s.p.call('matrix.synthesis.cite', { ...at(bw, A), segmentId: 'nope' }),
    ).rejects.toThrow(/No segment with id nope/);
    await expect(
      s.p.call('matrix.synthesis.save', { ...at(bw, A), body: '{bad', bodyText: 'x' }),
    ).rejects.toThrow(/not editor JSON/);
    await expect(
      s.p.call('matrix.synthesis.restore', { ...at(bw, A), seq: 999999 }),
    ).rejects.toThrow(/no version 999999/);
  });
});

describe('heatmap colours', () => {
  it('write every count in an ink that reads on its shade (WCAG AA, 4.5:1)', () => {
    const shades = new Set<string>();
    for (let value = 1; value <= 12; value++) {
      const c = heatColors(value, 12);
      if (!c) throw new Error(`no colour for ${value}`);
      shades.add(c.bg);
      expect(contrast(c.fg, c.bg), `${c.fg} on ${c.bg}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(shades.size).toBe(HEAT_PALETTE.length);
    expect(contrast('#FFFFFF', '#000000')).toBeCloseTo(21, 5);
  });
});

describe('exports', () => {
  const spec = { rows: { dim: 'principle' }, cols: { dim: 'case' } } as const;
  const get = async (format: 'csv' | 'xlsx' | 'html' | 'docx' | 'svg' | 'json') =>
    Buffer.from(
      (await s.p.call('matrix.export', { spec, format, lang: 'en', title: 'Test matrix' })).base64,
      'base64',
    );

  it('XLSX: counts sheet and syntheses sheet with references as text', async () => {
    const sheets = await readXlsxFile(await get('xlsx'));
    const counts = sheets[0]?.data ?? [];
    expect(counts[0]).toEqual([
      'Row',
      'Achterhoek',
      'The Hague Southwest',
      'Foodvalley',
      'South and East Drenthe',
      'Pattern',
    ]);
    expect(counts[1]?.slice(0, 5)).toEqual(['Broad well-being is central', 1, 1, 1, null]);
    const synth = sheets[1]?.data ?? [];
    expect(synth[1]?.[4]).toBe('Brede welvaart is leidend <b>in</b> de Achterhoek.');
    expect(String(synth[1]?.[5])).toContain('[1] “abcdefghij” (R1)');
    expect(String(synth[1]?.[5])).toContain('(segment deleted)');
  });

  it('DOCX: one table with the synthesis and its references', async () => {
    const files = unzipSync(new Uint8Array(await get('docx')));
    const xml = strFromU8(files['word/document.xml'] as Uint8Array);
    expect(xml).toContain('<w:tbl>');
    expect(xml).toContain('Brede welvaart is leidend &lt;b&gt;in&lt;/b&gt; de Achterhoek.');
    expect(xml).toContain('[1] “abcdefghij” (R1)');
  });

  it('DOCX a researcher can hand in: scope under the title, a heading row per principle with its categories indented, the pseudonyms explained, light text on dark cells', async () => {
    const split = { rows: { dim: 'principle', split: 'category' }, cols: { dim: 'case' } } as const;
    const { base64 } = await s.p.call('matrix.export', {
      spec: split,
      format: 'docx',
      lang: 'nl',
      title: 'Factoren',
    });
    const files = unzipSync(new Uint8Array(Buffer.from(base64, 'base64')));
    const xml = strFromU8(files['word/document.xml'] as Uint8Array);
    expect(xml).toMatch(
      /Uitgangspunt \(Factorcategorie\) × Casus · segmenten · Filter: geen filter · Gemaakt op \d+ \w+ \d{4}/,
    );
    // "Brede welvaart centraal" heads its own row across the table; its categories sit under it.
    const rows = xml.split('<w:tr>').slice(1);
    const heading = rows.findIndex((r) => r.includes('Brede welvaart centraal'));
    expect(rows[heading]).toContain('<w:gridSpan w:val="6"/>');
    expect(rows[heading + 1]).toContain('Analytisch-inhoudelijk');
    expect(rows[heading + 1]).toMatch(/<w:ind w:left="\d+"\/>/);
    // Every heat cell's text reads on its fill (WCAG AA); the dark ones set it white.
    const heat = HEAT_PALETTE.map((c) => c.slice(1).toUpperCase());
    let darkCells = 0;
    for (const row of rows)
      for (const cell of row.split('<w:tc>').slice(1)) {
        const fill = /w:fill="([0-9A-F]{6})"/i.exec(cell)?.[1]?.toUpperCase() ?? '';
        if (!heat.includes(fill)) continue;
        const ink = /<w:color w:val="([0-9A-F]{6})"\/>/i.exec(cell)?.[1] ?? '000000';
        expect(contrast(`#${ink}`, `#${fill}`)).toBeGreaterThanOrEqual(4.5);
        if (ink.toUpperCase() === 'FFFFFF') darkCells++;
      }
    expect(darkCells).toBeGreaterThan(0);
    // The references' pseudonyms explained under the table.
    const plain = strFromU8(unzipSync(new Uint8Array(await get('docx')))['word/document.xml']!);
    expect(plain).toContain('Key to the pseudonyms');
    expect(plain).toMatch(/R1 = respondent, [^<]+, Achterhoek/);
  });

  it('names the filter in the scope line by its labels', async () => {
    const { base64 } = await s.p.call('matrix.export', {
      spec: { ...spec, filter: { codes: ['beleidsvorming'], cases: [A] } },
      format: 'html',
      lang: 'nl',
    });
    expect(Buffer.from(base64, 'base64').toString('utf8')).toContain(
      'Filter: Beleidsvorming; Achterhoek',
    );
  });

  it('XLSX printed: landscape, one page wide, the header row on every page and frozen, a legend sheet', async () => {
    const bytes = await get('xlsx');
    const files = unzipSync(new Uint8Array(bytes));
    for (const sheet of ['sheet1', 'sheet2']) {
      const xml = strFromU8(files[`xl/worksheets/${sheet}.xml`] as Uint8Array);
      expect(xml).toContain('<pageSetUpPr fitToPage="1"/>');
      expect(xml).toMatch(/<pageSetup fitToWidth="1" fitToHeight="0"[^>]*orientation="landscape"/);
      expect(xml).toMatch(/<pane [^>]*state="frozen"/);
    }
    const book = strFromU8(files['xl/workbook.xml'] as Uint8Array);
    expect(book).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="0">'Counts'!$1:$1</definedName>`,
    );
    const sheets = await readXlsxFile(bytes);
    expect(sheets.map((x) => x.sheet)).toEqual(['Counts', 'Syntheses', 'Legend']);
    const legend = (sheets[2]?.data ?? []).map((r) => String(r[0]));
    expect(legend).toContain('Measure: segments');
    expect(legend.some((l) => l.startsWith('Scope: Principle × Case · segments'))).toBe(true);
    expect(legend.some((l) => l.startsWith('R1 = respondent'))).toBe(true);
  });

  it('HTML escapes content; CSV and SVG carry the counts; JSON has ids', async () => {
    const html = (await get('html')).toString('utf8');
    expect(html).toContain('&lt;b&gt;in&lt;/b&gt;');
    expect(html).not.toContain('<b>in</b>');
    const csv = (await get('csv')).toString('utf8');
    expect(csv.split('\r\n')[1]).toBe('Broad well-being is central,1,1,1,,in 3 of 4 cases');
    const svg = (await get('svg')).toString('utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const json = JSON.parse((await get('json')).toString('utf8')) as {
      cells: { row: string; col: string; value: number; segments: string[] }[];
    };
    expect(json.cells.find((c) => c.row === bw && c.col === A)?.segments).toEqual([s.g1]);
  });

  it('CSV of the syntheses: one line per written cell, references as text, formulas defused', async () => {
    const file = await s.p.call('matrix.export', {
      spec,
      format: 'csv',
      lang: 'en',
      title: 'Test matrix',
      table: 'syntheses',
    });
    expect(file.filename).toBe('Test-matrix-syntheses.csv');
    const csv = Buffer.from(file.base64, 'base64').toString('utf8');
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Row,Column,Value,Status,Synthesis,References');
    expect(lines[1]).toMatch(
      /^Broad well-being is central,Achterhoek,1,agreed in team,Brede welvaart is leidend <b>in<\/b> de Achterhoek\.,"\[1\] “abcdefghij” \(R1\)/,
    );
    expect(csv).toContain('(segment deleted)');
    // A synthesis that starts like a formula is text, not a formula, when the file is opened.
    const fv = caseId(s.p, 'foodvalley');
    await s.p.call('matrix.synthesis.save', {
      ...at(bw, fv),
      body: body('=HYPERLINK("http://x")'),
      bodyText: '=HYPERLINK("http://x")',
    });
    const again = Buffer.from(
      (await s.p.call('matrix.export', { spec, format: 'csv', lang: 'en', table: 'syntheses' }))
        .base64,
      'base64',
    ).toString('utf8');
    expect(again).toContain(`,"'=HYPERLINK(""http://x"")",`);
  });

  it('CLI: `casus matrix --format json` prints rows, cols and cells', async () => {
    const out: string[] = [];
    const cmd = matrixCommands[0];
    if (!cmd) throw new Error('no matrix command');
    const row = `${bw}:${id(s.p, 'analytisch-inhoudelijk')}`;
    const foodvalley = caseId(s.p, 'foodvalley');
    // The CLI opens the file itself, as a separate process would.
    s.p.session.close();
    await cmd.run(
      {
        positionals: [s.p.path],
        values: {
          rows: 'principle:category',
          cols: 'case',
          format: 'json',
          filter: ['phase=beleidsuitvoering'],
        },
      },
      { out: (t) => out.push(t), err: () => undefined },
    );
    const json = JSON.parse(out.join('')) as {
      rows: { id: string; label: string }[];
      cols: { id: string; label: string }[];
      cells: { row: string; col: string; value: number; segments: string[] }[];
    };
    expect(Object.keys(json)).toEqual(['rows', 'cols', 'cells']);
    expect(json.rows.find((r) => r.id === row)?.label).toBe(
      'Brede welvaart centraal — Analytisch-inhoudelijk',
    );
    expect(json.cells.find((c) => c.row === row && c.col === foodvalley)).toEqual({
      row,
      col: foodvalley,
      value: 1,
      segments: [s.g4],
    });
    await expect(
      cmd.run(
        { positionals: [s.p.path], values: { rows: 'principles', cols: 'case' } },
        { out: () => undefined, err: () => undefined },
      ),
    ).rejects.toThrow(/--rows: "principles" is not a dimension/);
  });
});
