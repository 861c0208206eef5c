import type { SynthesisCell } from '../../shared/contract/synthesis.js';
import {
  HEAT_PALETTE,
  formatValue,
  heatColors,
  type ExportFormat,
  type MatrixHeader,
  type MatrixResult,
} from '../../shared/contract/matrix.js';
import { defuseFormula, toCsv as toCsvText } from '../../shared/table/csv.js';
import { patternWords } from '../../shared/matrix/words.js';

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
  value(row: string, col: string): number;
  synth(row: string, col: string): SynthesisCell | null;
  pattern(row: string): string;
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
}

function model(job: MatrixExportJob): Model {
  const { matrix: m, lang } = job;
  const values = new Map(m.cells.map((c) => [`${c.row}\n${c.col}`, c.value]));
  const patterns = new Map(m.patterns.map((p) => [p.row, p]));
  const syntheses = new Map(job.syntheses.map((s) => [`${s.row}\n${s.col}`, s.cell]));
  return {
    m,
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
    ...md.m.rows.map((r) => [
      { value: headerText(r, lang) },
      ...md.m.cols.map((c) => {
        const v = md.value(r.id, c.id);
        return v === 0 ? null : { value: v, type: Number };
      }),
      { value: md.pattern(r.id) },
    ]),
  ];
  const synth: { value: string; fontWeight?: 'bold' }[][] = [
    synthesisHeader(lang).map((value) => ({ value, ...bold })),
    ...synthesisLines(md, lang).map((l) => l.map((value) => ({ value }))),
  ];
  return writeXlsxFile([
    {
      data: counts,
      sheet: t.counts,
      columns: [{ width: 50 }, ...md.m.cols.map(() => ({ width: 18 })), { width: 24 }],
    },
    {
      data: synth,
      sheet: t.syntheses,
      columns: [
        { width: 40 },
        { width: 20 },
        { width: 8 },
        { width: 16 },
        { width: 80 },
        { width: 80 },
      ],
    },
  ]).toBuffer();
}

function toHtml(md: Model, lang: Lang, title: string): string {
  const t = T[lang];
  const head = md.m.cols
    .map((c) => `<th scope="col">${escapeXml(headerText(c, lang))}</th>`)
    .join('');
  const body = md.m.rows
    .map((r) => {
      const cells = md.m.cols
        .map((c) => {
          const v = md.value(r.id, c.id);
          const s = md.synth(r.id, c.id);
          const heat = heatColors(v, md.m.max);
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
      return `<tr><th scope="row">${escapeXml(headerText(r, lang))}</th>${cells}<td>${escapeXml(md.pattern(r.id))}</td></tr>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;font-size:14px;color:#1a1a1a}
table{border-collapse:collapse}th,td{border:1px solid #888;padding:6px;vertical-align:top;text-align:left}
.n{display:inline-block;min-width:2em;padding:2px 6px;font-weight:bold}.status{font-size:12px;color:#444}
.refs{font-size:12px;margin:4px 0 0 1.2em;padding:0}
</style></head><body>
<h1>${escapeXml(title)}</h1>
<table><thead><tr><th scope="col">${escapeXml(t.row)}</th>${head}<th scope="col">${escapeXml(t.pattern)}</th></tr></thead>
<tbody>
${body}
</tbody></table>
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
  const p = (text: string, opts: { bold?: boolean; size?: number } = {}) =>
    new Paragraph({
      children: [new TextRun({ text, bold: opts.bold ?? false, size: opts.size ?? 18 })],
    });
  const header = new TableRow({
    tableHeader: true,
    children: [t.row, ...md.m.cols.map((c) => headerText(c, lang)), t.pattern].map(
      (text) => new TableCell({ children: [p(text, { bold: true })] }),
    ),
  });
  const rows = md.m.rows.map(
    (r) =>
      new TableRow({
        children: [
          new TableCell({ children: [p(headerText(r, lang), { bold: true })] }),
          ...md.m.cols.map((c) => {
            const v = md.value(r.id, c.id);
            const s = md.synth(r.id, c.id);
            const heat = heatColors(v, md.m.max);
            const children = [p(formatValue(v, md.m.measure, md.m.percent), { bold: true })];
            if (s) {
              children.push(p(`${t.status}: ${t.statuses[s.status]}`, { size: 16 }));
              for (const line of s.bodyText.split('\n').filter(Boolean)) children.push(p(line));
              for (const x of s.refs) children.push(p(refText(x, lang), { size: 16 }));
            }
            return new TableCell({
              children,
              ...(heat && !s
                ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: heat.bg.slice(1) } }
                : {}),
            });
          }),
          new TableCell({ children: [p(md.pattern(r.id))] }),
        ],
      }),
  );
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
            children: [new TextRun({ text: `${t.value}: ${t.measures[md.m.measure]}`, size: 18 })],
          }),
          new Table({ rows: [header, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } }),
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
  const height = top + md.m.rows.length * rowH + 90;
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
      `<text x="${16 + r.depth * 16}" y="${y + rowH / 2 + 6}" font-size="16" fill="#000">${escapeXml(headerText(r, lang).slice(0, 48))}</text>`,
    );
    cols.forEach((c, i) => {
      const v = md.value(r.id, c.id);
      const heat = heatColors(v, md.m.max);
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
    `<text x="${labelW + HEAT_PALETTE.length * 40 + 10}" y="${ly + 20}" font-size="16" fill="#000">${escapeXml(fmt(md, md.m.max))}</text>`,
    '</svg>',
  );
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
