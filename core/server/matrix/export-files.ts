import type { SynthesisCell } from '../../shared/contract/synthesis.js';
import {
  HEAT_PALETTE,
  formatValue,
  heatColors,
  heatScale,
  maxFor,
  type ExportFormat,
  type HeatScale,
  type MatrixHeader,
  type MatrixResult,
} from '../../shared/contract/matrix.js';
import { defuseFormula, toCsv as toCsvText } from '../../shared/table/csv.js';
import { patternWords } from '../../shared/matrix/words.js';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/*
 * The matrix export's file formats, built from plain data in the export worker
 * (core/server/export/worker.ts): the request thread reads the matrix and its syntheses, this
 * turns them into bytes. docx and write-excel-file are loaded here on first use only, so neither
 * the request thread nor a command that exports nothing pays for loading them.
 */

type Lang = 'nl' | 'en';

const T = {
  nl: {
    row: 'Rij',
    col: 'Kolom',
    pattern: 'Patroon',
    none: '—',
    status: 'Status',
    synthesis: 'Synthese',
    refs: 'Verwijzingen',
    value: 'Waarde',
    deleted: '(segment verwijderd)',
    legend: 'Legenda',
    key: 'Sleutel bij de pseudoniemen',
    scope: 'Bereik',
    measure: 'Maat',
    patternNote: 'Patroon: in hoeveel casussen (of waarden van de kolommen) de rij voorkomt.',
    heatNote: 'Kleur: hoe donkerder, hoe meer; een lege cel is nul.',
    groupHeat:
      'Vetgedrukte rijen (een hoofdcode: de som van haar subcodes) kleuren op een eigen schaal',
    measures: {
      segments: 'segmenten',
      sources: 'bronnen',
      respondents: 'respondenten',
      chars: 'gecodeerde tekens',
      presence: 'aanwezig',
    },
    statuses: {
      empty: 'leeg',
      draft: 'concept',
      agreed: 'akkoord in team',
      validated: 'gevalideerd',
      reviewed: 'besproken in groepsreview',
    },
    counts: 'Aantallen',
    syntheses: 'Syntheses',
    title: 'Matrix',
  },
  en: {
    row: 'Row',
    col: 'Column',
    pattern: 'Pattern',
    none: '—',
    status: 'Status',
    synthesis: 'Synthesis',
    refs: 'References',
    value: 'Value',
    deleted: '(segment deleted)',
    legend: 'Legend',
    key: 'Key to the pseudonyms',
    scope: 'Scope',
    measure: 'Measure',
    patternNote: 'Pattern: in how many cases (or values of the columns) the row occurs.',
    heatNote: 'Colour: the darker, the more; an empty cell is zero.',
    groupHeat:
      'Rows in bold (a parent code: the sum of its children) are shaded on a scale of their own',
    measures: {
      segments: 'segments',
      sources: 'sources',
      respondents: 'respondents',
      chars: 'characters coded',
      presence: 'present',
    },
    statuses: {
      empty: 'empty',
      draft: 'draft',
      agreed: 'agreed in team',
      validated: 'validated',
      reviewed: 'reviewed in group review',
    },
    counts: 'Counts',
    syntheses: 'Syntheses',
    title: 'Matrix',
  },
} as const;

const headerText = (h: MatrixHeader, lang: Lang) =>
  h.parentLabel ? `${h.parentLabel[lang]} — ${h.label[lang]}` : h.label[lang];

/**
 * The rows as a printed table shows them: a split row's first value as a heading line of its own
 * ("Opgavegericht werken"), the rows under it indented by their depth in the code tree.
 */
interface RowLine {
  kind: 'heading' | 'row';
  text: string;
  indent: number;
  bold: boolean;
  row: MatrixHeader | null;
}
function rowLines(rows: readonly MatrixHeader[], lang: Lang): RowLine[] {
  const out: RowLine[] = [];
  let parent = '';
  for (const r of rows) {
    if (r.parentLabel) {
      const p = r.id.slice(0, r.id.indexOf(':'));
      if (p !== parent)
        out.push({
          kind: 'heading',
          text: r.parentLabel[lang],
          indent: r.depth,
          bold: true,
          row: null,
        });
      parent = p;
      out.push({ kind: 'row', text: r.label[lang], indent: r.depth + 1, bold: r.group, row: r });
    } else out.push({ kind: 'row', text: r.label[lang], indent: r.depth, bold: r.group, row: r });
  }
  return out;
}

/** A reference as exported: pseudonym (never a real name) or document title, and the quote. */
function refText(r: SynthesisCell['refs'][number], lang: Lang): string {
  const who = r.respondent ?? r.sourceTitle;
  return `[${r.n}] “${r.quote}” (${who})${r.deleted ? ` ${T[lang].deleted}` : ''}`;
}

const escapeXml = (s: string) =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

interface Model {
  m: MatrixResult;
  scope: string;
  key: readonly string[];
  value(row: string, col: string): number;
  synth(row: string, col: string): SynthesisCell | null;
  pattern(row: string): string;
  /** A cell's shade on its row's scale (see heatScale). */
  heat(row: MatrixHeader, value: number): { bg: string; fg: string } | null;
  scale: HeatScale;
}

/** What a matrix export is built from: all of it plain data, as a worker receives it. */
export interface MatrixExportJob {
  kind: 'matrix';
  /** The computed matrix (each cell's segments only for JSON). */
  matrix: MatrixResult;
  /** The synthesis a cell of the view shows, by row and column id. */
  syntheses: { row: string; col: string; cell: SynthesisCell }[];
  format: ExportFormat;
  lang: Lang;
  /** The title as shown in the file (html, docx, svg). */
  title: string;
  table: 'counts' | 'syntheses';
  /** What the file covers, under the title: axes, measure, filter, date. */
  scope?: string;
  /** The pseudonyms the references use, explained ("FV-R1 = respondent, …, Foodvalley"). */
  key?: string[];
}

function model(job: MatrixExportJob): Model {
  const { matrix: m, lang } = job;
  const values = new Map(m.cells.map((c) => [`${c.row}\n${c.col}`, c.value]));
  const patterns = new Map(m.patterns.map((p) => [p.row, p]));
  const syntheses = new Map(job.syntheses.map((s) => [`${s.row}\n${s.col}`, s.cell]));
  const scale = heatScale(m);
  return {
    m,
    scale,
    heat: (r, v) => heatColors(v, maxFor(scale, r)),
    scope: job.scope ?? '',
    key: job.key ?? [],
    value: (r, c) => values.get(`${r}\n${c}`) ?? 0,
    synth: (r, c) => syntheses.get(`${r}\n${c}`) ?? null,
    pattern: (r) => {
      const p = patterns.get(r);
      if (!p || p.kind === 'none') return T[lang].none;
      return patternWords({ ...p, n: p.cases }, lang);
    },
  };
}

const fmt = (md: Model, v: number) =>
  md.m.percent !== 'none'
    ? `${v.toFixed(1)}%`
    : md.m.measure === 'presence'
      ? v
        ? 'x'
        : ''
      : String(v);

function toCsv(md: Model, lang: Lang): string {
  const lines = [
    [T[lang].row, ...md.m.cols.map((c) => headerText(c, lang)), T[lang].pattern],
    ...md.m.rows.map((r) => [
      headerText(r, lang),
      ...md.m.cols.map((c) => {
        const v = md.value(r.id, c.id);
        return v === 0 ? '' : fmt(md, v);
      }),
      md.pattern(r.id),
    ]),
  ];
  return toCsvText(lines);
}

/** One line per cell with a synthesis: row, column, value, status, text, references. */
function synthesisLines(md: Model, lang: Lang): string[][] {
  const t = T[lang];
  const lines: string[][] = [];
  for (const r of md.m.rows)
    for (const c of md.m.cols) {
      const s = md.synth(r.id, c.id);
      if (!s) continue;
      lines.push([
        headerText(r, lang),
        headerText(c, lang),
        String(md.value(r.id, c.id)),
        t.statuses[s.status],
        defuseFormula(s.bodyText),
        defuseFormula(s.refs.map((x) => refText(x, lang)).join('\n')),
      ]);
    }
  return lines;
}

function synthesisHeader(lang: Lang): string[] {
  const t = T[lang];
  return [t.row, t.col, t.value, t.status, t.synthesis, t.refs];
}

function toSynthesisCsv(md: Model, lang: Lang): string {
  const lines = [synthesisHeader(lang), ...synthesisLines(md, lang)];
  return toCsvText(lines);
}

async function toXlsx(md: Model, lang: Lang): Promise<Buffer> {
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const t = T[lang];
  const bold = { fontWeight: 'bold' as const };
  const counts = [
    [
      { value: t.row, ...bold },
      ...md.m.cols.map((c) => ({ value: headerText(c, lang), ...bold })),
      { value: t.pattern, ...bold },
    ],
    ...rowLines(md.m.rows, lang).map((line) => {
      const r = line.row;
      const label = { value: line.text, indent: line.indent, ...(line.bold ? bold : {}) };
      if (!r) return [label];
      return [
        label,
        ...md.m.cols.map((c) => {
          const v = md.value(r.id, c.id);
          if (v === 0) return null;
          // Shaded as in the workbench: a heatmap that needs no conditional formatting by hand.
          const heat = md.heat(r, v);
          return {
            value: v,
            type: Number,
            ...(heat ? { backgroundColor: heat.bg, textColor: heat.fg } : {}),
          };
        }),
        { value: md.pattern(r.id) },
      ];
    }),
  ];
  const legend = [
    [{ value: t.legend, ...bold }],
    ...(md.scope ? [[{ value: `${t.scope}: ${md.scope}` }]] : []),
    [
      {
        value: `${t.measure}: ${t.measures[md.m.measure]}${md.m.percent !== 'none' ? ' (%)' : ''}`,
      },
    ],
    [{ value: t.patternNote }],
    [{ value: t.heatNote }],
    ...(md.scale.groupMax !== null ? [[{ value: `${t.groupHeat}.` }]] : []),
    ...(md.key.length ? [[{ value: '' }], [{ value: t.key, ...bold }]] : []),
    ...md.key.map((line) => [{ value: line }]),
  ];
  const synth: { value: string; fontWeight?: 'bold' }[][] = [
    synthesisHeader(lang).map((value) => ({ value, ...bold })),
    ...synthesisLines(md, lang).map((l) => l.map((value) => ({ value }))),
  ];
  // Printed: landscape, the header row and labels kept in view on screen (and repeated on paper,
  // see printSetup).
  const print = { orientation: 'landscape' as const, stickyRowsCount: 1, stickyColumnsCount: 1 };
  const file = await writeXlsxFile([
    {
      data: counts,
      sheet: t.counts,
      columns: [{ width: 50 }, ...md.m.cols.map(() => ({ width: 18 })), { width: 24 }],
      ...print,
    },
    {
      data: synth,
      sheet: t.syntheses,
      ...print,
      columns: [
        { width: 40 },
        { width: 20 },
        { width: 8 },
        { width: 16 },
        { width: 80 },
        { width: 80 },
      ],
    },
    { data: legend, sheet: t.legend, columns: [{ width: 110 }] },
  ]).toBuffer();
  return printSetup(file, [t.counts, t.syntheses]);
}

/**
 * What write-excel-file does not set: each table sheet printed one page wide (as many pages
 * tall as it takes) with its first row repeated on every page. Edits the two XML parts that say
 * so in the file it made.
 */
function printSetup(xlsx: Buffer, sheets: readonly string[]): Buffer {
  const files = unzipSync(new Uint8Array(xlsx));
  sheets.forEach((_, i) => {
    const path = `xl/worksheets/sheet${i + 1}.xml`;
    const xml = files[path];
    if (!xml) return;
    let text = strFromU8(xml);
    text = text.replace(
      /<worksheet([^>]*)>/,
      '<worksheet$1><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
    );
    text = text.replace('<pageSetup ', '<pageSetup fitToWidth="1" fitToHeight="0" ');
    files[path] = strToU8(text);
  });
  const book = files['xl/workbook.xml'];
  if (book) {
    const names = sheets
      .map(
        (name, i) =>
          `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">'${escapeXml(name.replaceAll("'", "''"))}'!$1:$1</definedName>`,
      )
      .join('');
    files['xl/workbook.xml'] = strToU8(
      strFromU8(book)
        .replace(/<definedNames\/>|<definedNames><\/definedNames>/, '')
        .replace('</sheets>', `</sheets><definedNames>${names}</definedNames>`),
    );
  }
  return Buffer.from(zipSync(files));
}

function toHtml(md: Model, lang: Lang, title: string): string {
  const t = T[lang];
  const head = md.m.cols
    .map((c) => `<th scope="col">${escapeXml(headerText(c, lang))}</th>`)
    .join('');
  const body = rowLines(md.m.rows, lang)
    .map((line) => {
      const r = line.row;
      const pad = line.indent ? ` style="padding-left:${0.4 + line.indent * 1.2}em"` : '';
      if (!r)
        return `<tr class="group"><th scope="rowgroup" colspan="${md.m.cols.length + 2}"${pad}>${escapeXml(line.text)}</th></tr>`;
      const cells = md.m.cols
        .map((c) => {
          const v = md.value(r.id, c.id);
          const s = md.synth(r.id, c.id);
          const heat = md.heat(r, v);
          const style = heat ? ` style="background:${heat.bg};color:${heat.fg}"` : '';
          const parts = [
            `<div class="n"${style}>${escapeXml(formatValue(v, md.m.measure, md.m.percent))}</div>`,
          ];
          if (s) {
            parts.push(`<div class="status">${escapeXml(t.statuses[s.status])}</div>`);
            if (s.bodyText) parts.push(`<p>${escapeXml(s.bodyText).replaceAll('\n', '<br>')}</p>`);
            if (s.refs.length)
              parts.push(
                `<ol class="refs">${s.refs.map((x) => `<li value="${x.n}">${escapeXml(refText(x, lang).replace(/^\[\d+\] /, ''))}</li>`).join('')}</ol>`,
              );
          }
          return `<td>${parts.join('')}</td>`;
        })
        .join('');
      return `<tr${line.bold ? ' class="group"' : ''}><th scope="row"${pad}>${escapeXml(line.text)}</th>${cells}<td>${escapeXml(md.pattern(r.id))}</td></tr>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;font-size:14px;color:#1a1a1a}
table{border-collapse:collapse}th,td{border:1px solid #888;padding:6px;vertical-align:top;text-align:left}
.n{display:inline-block;min-width:2em;padding:2px 6px;font-weight:bold}.status{font-size:12px;color:#444}
.refs{font-size:12px;margin:4px 0 0 1.2em;padding:0}
tr.group th{background:#e8e8e8}.scope{color:#444}
</style></head><body>
<h1>${escapeXml(title)}</h1>
${md.scope ? `<p class="scope">${escapeXml(md.scope)}</p>` : ''}
<table><thead><tr><th scope="col">${escapeXml(t.row)}</th>${head}<th scope="col">${escapeXml(t.pattern)}</th></tr></thead>
<tbody>
${body}
</tbody></table>
${md.scale.groupMax !== null ? `<p class="scope">${escapeXml(t.groupHeat)}.</p>` : ''}
${md.key.length ? `<h2>${escapeXml(t.key)}</h2><ul>${md.key.map((l) => `<li>${escapeXml(l)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}

async function toDocx(md: Model, lang: Lang, title: string): Promise<Buffer> {
  const {
    AlignmentType,
    Document,
    HeadingLevel,
    Packer,
    PageOrientation,
    Paragraph,
    ShadingType,
    Table,
    TableCell,
    TableRow,
    TextRun,
    WidthType,
  } = await import('docx');
  const t = T[lang];
  const p = (
    text: string,
    opts: { bold?: boolean; size?: number; indent?: number; color?: string } = {},
  ) =>
    new Paragraph({
      ...(opts.indent ? { indent: { left: opts.indent * 280 } } : {}),
      children: [
        new TextRun({
          text,
          bold: opts.bold ?? false,
          size: opts.size ?? 18,
          ...(opts.color ? { color: opts.color } : {}),
        }),
      ],
    });
  const shade = (fill: string) => ({ shading: { type: ShadingType.CLEAR, color: 'auto', fill } });
  const header = new TableRow({
    tableHeader: true,
    children: [t.row, ...md.m.cols.map((c) => headerText(c, lang)), t.pattern].map(
      (text) => new TableCell({ children: [p(text, { bold: true })] }),
    ),
  });
  const rows = rowLines(md.m.rows, lang).map((line) => {
    const r = line.row;
    // A group's own heading line across the table ("Opgavegericht werken").
    if (!r)
      return new TableRow({
        children: [
          new TableCell({
            columnSpan: md.m.cols.length + 2,
            ...shade('E8E8E8'),
            children: [p(line.text, { bold: true, indent: line.indent })],
          }),
        ],
      });
    return new TableRow({
      children: [
        new TableCell({
          ...(line.bold ? shade('F2F2F2') : {}),
          children: [p(line.text, { bold: line.bold, indent: line.indent })],
        }),
        ...md.m.cols.map((c) => {
          const v = md.value(r.id, c.id);
          const s = md.synth(r.id, c.id);
          const heat = s ? null : md.heat(r, v);
          // The heat colour's own text colour: never dark on dark.
          const children = [
            p(formatValue(v, md.m.measure, md.m.percent), {
              bold: true,
              ...(heat ? { color: heat.fg.slice(1) } : {}),
            }),
          ];
          if (s) {
            children.push(p(`${t.status}: ${t.statuses[s.status]}`, { size: 16 }));
            for (const line of s.bodyText.split('\n').filter(Boolean)) children.push(p(line));
            for (const x of s.refs) children.push(p(refText(x, lang), { size: 16 }));
          }
          return new TableCell({ children, ...(heat ? shade(heat.bg.slice(1)) : {}) });
        }),
        new TableCell({ children: [p(md.pattern(r.id))] }),
      ],
    });
  });
  const doc = new Document({
    creator: 'Casus',
    title,
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          new Paragraph({ text: title, heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            alignment: AlignmentType.LEFT,
            children: [
              new TextRun({
                text: md.scope || `${t.value}: ${t.measures[md.m.measure]}`,
                size: 18,
              }),
            ],
          }),
          new Table({ rows: [header, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } }),
          ...(md.scale.groupMax !== null ? [p(`${t.groupHeat}.`, { size: 18 })] : []),
          ...(md.key.length
            ? [
                new Paragraph({ text: t.key, heading: HeadingLevel.HEADING_2 }),
                ...md.key.map((line) => p(line)),
              ]
            : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The heatmap as a standalone SVG: big type and high contrast, for slides and projectors. */
export function toSvg(md: Model, lang: Lang, title: string): string {
  const t = T[lang];
  const labelW = 420;
  const colW = 150;
  const rowH = 36;
  const top = 110;
  const cols = md.m.cols;
  const width = labelW + cols.length * colW + 200;
  const height = top + md.m.rows.length * rowH + (md.scale.groupMax === null ? 90 : 122);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#FFFFFF"/>`,
    `<text x="16" y="36" font-size="26" font-weight="bold" fill="#000">${escapeXml(title)}</text>`,
  );
  cols.forEach((c, i) => {
    const x = labelW + i * colW + colW / 2;
    out.push(
      `<text x="${x}" y="${top - 14}" font-size="16" font-weight="bold" text-anchor="middle" fill="#000">${escapeXml(headerText(c, lang).slice(0, 22))}</text>`,
    );
  });
  out.push(
    `<text x="${labelW + cols.length * colW + 12}" y="${top - 14}" font-size="16" font-weight="bold" fill="#000">${escapeXml(t.pattern)}</text>`,
  );
  md.m.rows.forEach((r, j) => {
    const y = top + j * rowH;
    out.push(
      `<text x="${16 + r.depth * 16}" y="${y + rowH / 2 + 6}" font-size="16"${r.group ? ' font-weight="bold"' : ''} fill="#000">${escapeXml(headerText(r, lang).slice(0, 48))}</text>`,
    );
    cols.forEach((c, i) => {
      const v = md.value(r.id, c.id);
      const heat = md.heat(r, v);
      const x = labelW + i * colW;
      out.push(
        `<rect x="${x}" y="${y}" width="${colW}" height="${rowH}" fill="${heat?.bg ?? '#FFFFFF'}" stroke="#555" stroke-width="1"/>`,
      );
      if (v !== 0)
        out.push(
          `<text x="${x + colW / 2}" y="${y + rowH / 2 + 7}" font-size="20" font-weight="bold" text-anchor="middle" fill="${heat?.fg ?? '#000'}">${escapeXml(formatValue(v, md.m.measure, md.m.percent))}</text>`,
        );
    });
    out.push(
      `<text x="${labelW + cols.length * colW + 12}" y="${y + rowH / 2 + 6}" font-size="14" fill="#000">${escapeXml(md.pattern(r.id))}</text>`,
    );
  });
  const ly = top + md.m.rows.length * rowH + 30;
  out.push(
    `<text x="16" y="${ly + 20}" font-size="16" fill="#000">${escapeXml(`${t.legend} (${t.measures[md.m.measure]}${md.m.percent !== 'none' ? ', %' : ''}): 0`)}</text>`,
  );
  HEAT_PALETTE.forEach((color, i) => {
    out.push(
      `<rect x="${labelW + i * 40}" y="${ly}" width="40" height="28" fill="${color}" stroke="#555"/>`,
    );
  });
  out.push(
    `<text x="${labelW + HEAT_PALETTE.length * 40 + 10}" y="${ly + 20}" font-size="16" fill="#000">${escapeXml(fmt(md, md.scale.max))}</text>`,
  );
  if (md.scale.groupMax !== null)
    out.push(
      `<text x="16" y="${ly + 52}" font-size="16" fill="#000">${escapeXml(`${t.groupHeat}: 0 … ${fmt(md, md.scale.groupMax)}`)}</text>`,
    );
  out.push('</svg>');
  return out.join('\n');
}

const MIME: Record<ExportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html;charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  svg: 'image/svg+xml',
};

/** The JSON other tools read: ids of codes/cases, split ids joined with ':'. */
export function toJson(m: MatrixResult, lang: Lang) {
  return {
    rows: m.rows.map((r) => ({ id: r.id, label: headerText(r, lang) })),
    cols: m.cols.map((c) => ({ id: c.id, label: headerText(c, lang) })),
    cells: m.cells.map((c) => ({ row: c.row, col: c.col, value: c.value, segments: c.segments })),
  };
}

/** The title a matrix file shows: the one given, or "Matrix". */
export const matrixTitle = (lang: Lang, title?: string) => title?.trim() || T[lang].title;

/** The file name and type of a matrix export. */
export function matrixFileName(
  format: ExportFormat,
  lang: Lang,
  title: string,
  table: 'counts' | 'syntheses',
): { filename: string; mime: string } {
  const base = title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'matrix';
  const suffix =
    format === 'csv' && table === 'syntheses' ? `-${T[lang].syntheses.toLowerCase()}` : '';
  return { filename: `${base}${suffix}.${format}`, mime: MIME[format] };
}

/** The bytes of a matrix export (in the export worker). */
export async function buildMatrixFile(job: MatrixExportJob): Promise<Uint8Array> {
  const md = model(job);
  const { lang, title, table } = job;
  switch (job.format) {
    case 'json':
      return Buffer.from(JSON.stringify(toJson(md.m, lang)));
    case 'csv':
      return Buffer.from(table === 'syntheses' ? toSynthesisCsv(md, lang) : toCsv(md, lang));
    case 'xlsx':
      return toXlsx(md, lang);
    case 'html':
      return Buffer.from(toHtml(md, lang, title));
    case 'docx':
      return toDocx(md, lang, title);
    case 'svg':
      return Buffer.from(toSvg(md, lang, title));
  }
}
