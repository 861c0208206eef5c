import { travelTo } from './audit.js';
import {
  AXIS_DIMENSIONS,
  EXPORT_FORMATS,
  MEASURES,
  type AxisDimension,
  type AxisSpec,
  type ExportFormat,
  type Measure,
  type MatrixFilter,
} from '../../core/shared/contract/matrix.js';
import { CasusError } from '../../core/shared/errors.js';
import {
  AUDIENCE_OPTIONS,
  audienceOption,
  forAudience,
  call,
  type CliCommand,
  langOption,
  listOption,
  saveOutput,
  stringOption,
  table,
  withProject,
} from '../command.js';

const isDim = (s: string): s is AxisDimension => (AXIS_DIMENSIONS as readonly string[]).includes(s);

/** "principle" or "principle:category" → an axis. */
export function parseAxis(value: string | undefined, option: string, fallback: string): AxisSpec {
  const [dim, split, ...rest] = (value ?? fallback).split(':');
  const bad = (v: string | undefined) =>
    new CasusError(
      'invalid_input',
      `--${option}: "${v ?? ''}" is not a dimension (one of ${AXIS_DIMENSIONS.join(', ')}, optionally split as dim:dim)`,
    );
  if (rest.length > 0 || !dim || !isDim(dim)) throw bad(dim);
  if (split === undefined) return { dim };
  if (!isDim(split)) throw bad(split);
  return { dim, split };
}

const CODE_DIMS = new Set(['principle', 'category', 'phase', 'facet', 'free', 'code']);

/** `phase=beleidsuitvoering`, `case=achterhoek`, `coder=Anna`, `approved` (or approved=true). */
export function parseFilters(items: string[]): MatrixFilter {
  const filter: MatrixFilter = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (key === 'approved' || key === 'approvedonly') {
      if (value && value !== 'true' && value !== 'yes')
        throw new CasusError('invalid_input', `--filter ${item}: approved takes no value or true`);
      filter.approvedOnly = true;
      continue;
    }
    // `speaker=respondent`: the respondent's words only (segments in their transcript turns).
    if (key === 'speaker') {
      if (value !== 'interviewer' && value !== 'respondent' && value !== 'other')
        throw new CasusError(
          'invalid_input',
          `--filter ${item}: speaker is interviewer, respondent or other`,
        );
      filter.speakerRoles = [...(filter.speakerRoles ?? []), value];
      continue;
    }
    if (!value)
      throw new CasusError(
        'invalid_input',
        `--filter "${item}": expected key=value, e.g. phase=beleidsuitvoering`,
      );
    if (CODE_DIMS.has(key)) filter.codes = [...(filter.codes ?? []), value];
    else if (key === 'case') filter.cases = [...(filter.cases ?? []), value];
    else if (key === 'coder') filter.coders = [...(filter.coders ?? []), value];
    else
      throw new CasusError(
        'invalid_input',
        `--filter "${item}": unknown key "${key}" (use principle, category, phase, facet, free, code, case, coder, speaker or approved)`,
      );
  }
  return filter;
}

export const matrixCommands: CliCommand[] = [
  {
    name: 'matrix',
    usage:
      'casus matrix <project> --rows principle[:category] --cols case [--filter phase=...] [--measure segments|sources|respondents|chars|presence] [--percent row|col] --format json|csv|xlsx|html|docx|svg [--table counts|syntheses] [--out <file> [--force]] [--lang nl|en] [--as-of <date>] [--audience team|respondents|public [--hide-cases]]',
    summary:
      'Cross-case matrix: counts (and syntheses in html/docx/xlsx; in csv with --table syntheses). Text formats print to stdout without --out; the heatmap image is SVG (PNG is made in the app).',
    options: {
      ...AUDIENCE_OPTIONS,
      rows: { type: 'string' },
      cols: { type: 'string' },
      filter: { type: 'string', multiple: true },
      measure: { type: 'string' },
      percent: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      lang: { type: 'string' },
      title: { type: 'string' },
      table: { type: 'string' },
      json: { type: 'boolean' },
      'as-of': { type: 'string' },
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        // The project as it was then, read-only (rebuilt from the change log).
        await travelTo(ctx, values);
        const rows = parseAxis(stringOption(values, 'rows'), 'rows', 'principle:category');
        const cols = parseAxis(stringOption(values, 'cols'), 'cols', 'case');
        const measure = stringOption(values, 'measure') ?? 'segments';
        if (!(MEASURES as readonly string[]).includes(measure))
          throw new CasusError(
            'invalid_input',
            `--measure must be one of ${MEASURES.join(', ')}, not "${measure}"`,
          );
        const percent = stringOption(values, 'percent') ?? 'none';
        if (percent !== 'none' && percent !== 'row' && percent !== 'col')
          throw new CasusError('invalid_input', `--percent must be row or col, not "${percent}"`);
        const format = stringOption(values, 'format') ?? (values.json ? 'json' : 'table');
        if (format !== 'table' && !(EXPORT_FORMATS as readonly string[]).includes(format))
          throw new CasusError(
            'invalid_input',
            `--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${format}"`,
          );
        const lang = langOption(values, 'nl');
        const tableOpt = stringOption(values, 'table') ?? 'counts';
        if (tableOpt !== 'counts' && tableOpt !== 'syntheses')
          throw new CasusError(
            'invalid_input',
            `--table must be counts or syntheses, not "${tableOpt}"`,
          );
        if (tableOpt === 'syntheses' && format !== 'csv')
          throw new CasusError(
            'invalid_input',
            `--table syntheses is for --format csv (xlsx, html and docx always hold the syntheses)`,
          );
        const out = stringOption(values, 'out');
        const spec = {
          rows,
          cols,
          filter: parseFilters(listOption(values, 'filter')),
          measure: measure as Measure,
          percent,
        } as const;
        if (format === 'table') {
          const m = await call(ctx, 'matrix.compute', spec);
          const name = (h: {
            label: { nl: string; en: string };
            parentLabel: { nl: string; en: string } | null;
          }) => (h.parentLabel ? `${h.parentLabel[lang]} / ${h.label[lang]}` : h.label[lang]);
          const byKey = new Map(m.cells.map((c) => [`${c.row}\n${c.col}`, c.value]));
          const pattern = new Map(m.patterns.map((p) => [p.row, `${p.cases}/${p.of}`]));
          // Case names and labels printed for the audience, as the files are.
          const names = await forAudience(
            ctx,
            audienceOption(values),
            { rows: m.rows.map(name), cols: m.cols.map(name) },
            lang,
          );
          const colNames = names.cols;
          io.out(
            table(
              m.rows.map((r, i) => ({
                '': names.rows[i] ?? r.id,
                ...Object.fromEntries(
                  m.cols.map((c, i) => [colNames[i] ?? c.id, byKey.get(`${r.id}\n${c.id}`) || '']),
                ),
                cases: pattern.get(r.id),
              })),
              ['', ...colNames, 'cases'],
            ),
          );
          return 0;
        }
        const file = await call(ctx, 'matrix.export', {
          spec,
          format: format as ExportFormat,
          lang,
          table: tableOpt,
          audience: audienceOption(values),
          ...(stringOption(values, 'title') ? { title: stringOption(values, 'title') } : {}),
        });
        const bytes = Buffer.from(file.base64, 'base64');
        if (out) {
          io.err(`Wrote ${await saveOutput(ctx, out, bytes, values)}`);
        } else if (format === 'xlsx' || format === 'docx') {
          throw new CasusError('invalid_input', `--format ${format} is binary: give --out <file>`);
        } else {
          io.out(bytes.toString('utf8'));
        }
        return 0;
      }),
  },
];
