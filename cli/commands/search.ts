import { travelTo } from './audit.js';
import { CasusError } from '../../core/shared/errors.js';
import { toCsv } from '../../core/shared/table/csv.js';
import {
  AUDIENCE_OPTIONS,
  audienceOption,
  call,
  forAudience,
  intOption,
  listOption,
  saveOutput,
  stringOption,
  table,
  withProject,
  type CliCommand,
} from '../command.js';
import { resolveCases, resolveCodes } from '../resolve.js';

export const searchCommands: CliCommand[] = [
  {
    name: 'search',
    usage:
      'casus search <file.casus> "<query>" [--case <id|key|label> ...] [--inside-words] [--limit N] [--order relevance|sources] [--json] [--audience team|respondents|public [--hide-cases]]',
    summary:
      'Full-text search: words, "phrases", prefix*, AND/OR/NOT, NEAR. Hits with source, case, block, offsets. Best first; in source order when more than 10,000 blocks match, unless --order relevance.',
    options: {
      case: { type: 'string', multiple: true },
      'inside-words': { type: 'boolean' },
      order: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      ...AUDIENCE_OPTIONS,
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const query = positionals[1];
        if (query === undefined) {
          throw new CasusError(
            'invalid_input',
            'Missing the query, e.g. casus search study.casus "brede welvaart"',
          );
        }
        const order = stringOption(values, 'order') ?? 'auto';
        if (order !== 'auto' && order !== 'relevance' && order !== 'sources')
          throw new CasusError('invalid_input', `--order ${order}: expected relevance or sources`);
        const caseIds = await resolveCases(ctx, listOption(values, 'case'));
        const result = await call(ctx, 'search.query', {
          order,
          query,
          insideWords: values['inside-words'] === true,
          filters: caseIds.length ? { caseIds } : {},
          limit: intOption(values, 'limit') ?? 50,
        });
        const cases = new Map(
          (await call(ctx, 'cases.list', {})).map((c) => [c.id, c.key] as const),
        );
        const listed = result.hits.map((h) => ({
          source: h.sourceId,
          title: h.sourceTitle,
          case: h.caseId ? (cases.get(h.caseId) ?? h.caseId) : null,
          block: h.blockSeq,
          start: h.hit.start,
          end: h.hit.end,
          snippet: h.snippet.text,
        }));
        // Snippets printed for the audience (default respondents). A snippet that replacement
        // changed loses its highlight offsets: they pointed into the text as stored.
        const shown = await forAudience(ctx, audienceOption(values), listed);
        const rows = shown.map((r, i) => {
          const h = result.hits[i];
          const same = h !== undefined && r.snippet === h.snippet.text;
          return { ...r, highlights: same ? h.snippet.highlights : [] };
        });
        if (values.json) {
          io.out(JSON.stringify({ total: result.total, order: result.order, hits: rows }));
        } else {
          io.out(
            `${result.total} hits${
              result.total <= rows.length
                ? ''
                : result.order === 'sources'
                  ? ` (the first ${rows.length} in source order; --order relevance ranks them)`
                  : ` (best ${rows.length})`
            }`,
          );
          if (rows.length)
            io.out(
              table(
                rows.map((r) => ({ ...r, snippet: r.snippet.replace(/\s+/g, ' ').slice(0, 80) })),
                ['source', 'case', 'block', 'start', 'end', 'snippet'],
              ),
            );
        }
        return 0;
      }),
  },
  {
    name: 'segments',
    usage:
      'casus segments <file.casus> [--code <id|key|label> ...] [--any-code ...] [--not-code ...] [--with-subcodes] [--case ...] [--json|--csv|--xlsx <file> [--force]] [--audience team|respondents|public [--hide-cases]] [--as-of <date>]',
    summary:
      'Coded segments: --code must all apply (AND), --any-code any (OR), --not-code none (NOT). A code matches its own codings only, as `casus codes` counts them; --with-subcodes also matches codings with its sub-codes.',
    options: {
      'with-subcodes': { type: 'boolean' },
      ...AUDIENCE_OPTIONS,
      code: { type: 'string', multiple: true },
      'any-code': { type: 'string', multiple: true },
      'not-code': { type: 'string', multiple: true },
      case: { type: 'string', multiple: true },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      xlsx: { type: 'string' },
      force: { type: 'boolean' },
      'as-of': { type: 'string' },
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        await travelTo(ctx, values);
        const [allCodes, anyCodes, noneCodes] = await Promise.all(
          ['code', 'any-code', 'not-code'].map((name) =>
            resolveCodes(ctx, listOption(values, name)),
          ),
        );
        const caseIds = await resolveCases(ctx, listOption(values, 'case'));
        const query = {
          ...(allCodes?.length ? { allCodes } : {}),
          ...(anyCodes?.length ? { anyCodes } : {}),
          ...(noneCodes?.length ? { noneCodes } : {}),
          ...(caseIds.length ? { caseIds } : {}),
          subcodes: values['with-subcodes'] === true,
        };
        const xlsx = stringOption(values, 'xlsx');
        if (xlsx) {
          const file = await call(ctx, 'segments.export', {
            ...query,
            format: 'xlsx',
            audience: audienceOption(values),
          });
          io.out(
            `Wrote ${await saveOutput(ctx, xlsx, Buffer.from(file.base64, 'base64'), values)}`,
          );
          return 0;
        }
        const result = await call(ctx, 'segments.query', {
          ...query,
          limit: intOption(values, 'limit') ?? 10000,
          context: 0,
        });
        const cases = new Map(
          (await call(ctx, 'cases.list', {})).map((c) => [c.id, c.key] as const),
        );
        const listed = result.segments.map((s) => ({
          id: s.id,
          source: s.sourceId,
          case: s.caseId ? (cases.get(s.caseId) ?? s.caseId) : null,
          start: s.start,
          end: s.end,
          text: s.text,
          codes: s.codes.map((c) => c.key ?? c.label.nl),
        }));
        // Printed as the file export writes it: for the audience (default respondents).
        const rows = await forAudience(ctx, audienceOption(values), listed);
        if (values.json) io.out(JSON.stringify(rows));
        else if (values.csv) {
          const cols = ['id', 'source', 'case', 'start', 'end', 'text', 'codes'] as const;
          const lines = rows.map((r) =>
            cols.map((c) => (c === 'codes' ? r.codes.join('; ') : r[c])),
          );
          // Printed for a pipe or a terminal: no byte-order mark.
          io.out(toCsv([cols, ...lines], { bom: false }).trimEnd());
        } else {
          io.out(`${result.total} segments`);
          if (rows.length)
            io.out(
              table(
                rows.map((r) => ({
                  ...r,
                  text: r.text.replace(/\s+/g, ' ').slice(0, 60),
                  codes: r.codes.join(', '),
                })),
                ['id', 'case', 'start', 'end', 'text', 'codes'],
              ),
            );
        }
        return 0;
      }),
  },
];
