import type { ServiceContext } from '../../core/server/context.js';
import type { AgreementFigures } from '../../core/shared/contract/agreement.js';
import { CasusError } from '../../core/shared/errors.js';
import { resolveNamed, type Named } from '../../core/shared/resolve.js';
import {
  AUDIENCE_OPTIONS,
  audienceOption,
  forAudience,
  call,
  listOption,
  saveOutput,
  stringOption,
  table,
  withProject,
  type CliCommand,
  type OptionValues,
} from '../command.js';
import { resolveCases, resolveCodes } from '../resolve.js';

const DIMENSIONS = ['principle', 'category', 'phase', 'facet', 'free'] as const;
type DimensionName = (typeof DIMENSIONS)[number];

/** Coders named by id, name or initials (ignoring case). */
async function resolveCoders(ctx: ServiceContext, refs: string[]): Promise<string[]> {
  const coders: Named[] = (await call(ctx, 'coders.list', {})).map((c) => ({
    id: c.id,
    names: [c.name, c.initials],
    display: `${c.name} (${c.initials})`,
  }));
  return refs.map((ref) => resolveNamed(coders, ref, 'coder').id);
}

/** --codes or --dimension, --sources, --cases: the selection every agreement command takes. */
async function selection(ctx: ServiceContext, values: OptionValues) {
  const codeRefs = listOption(values, 'codes');
  const dimension = stringOption(values, 'dimension');
  if (codeRefs.length && dimension)
    throw new CasusError('invalid_input', 'Give --codes or --dimension, not both');
  if (dimension && !(DIMENSIONS as readonly string[]).includes(dimension))
    throw new CasusError(
      'invalid_input',
      `--dimension must be one of ${DIMENSIONS.join(', ')}, not "${dimension}"`,
    );
  const sourceIds = listOption(values, 'sources');
  const caseIds = await resolveCases(ctx, listOption(values, 'cases'));
  return {
    ...(codeRefs.length ? { codeIds: await resolveCodes(ctx, codeRefs) } : {}),
    ...(dimension ? { dimension: dimension as DimensionName } : {}),
    ...(sourceIds.length ? { sourceIds } : {}),
    ...(caseIds.length ? { caseIds } : {}),
  };
}

function unitOf(values: OptionValues): 'char' | 'segment' | 'block' {
  const unit = stringOption(values, 'unit') ?? 'char';
  if (unit !== 'char' && unit !== 'segment' && unit !== 'block')
    throw new CasusError('invalid_input', `--unit must be char, segment or block, not "${unit}"`);
  return unit;
}

function overlapOf(values: OptionValues): number {
  const raw = stringOption(values, 'overlap');
  if (raw === undefined) return 0.9;
  const v = Number(raw.endsWith('%') ? Number(raw.slice(0, -1)) / 100 : raw);
  if (!Number.isFinite(v) || v <= 0 || v > 1)
    throw new CasusError(
      'invalid_input',
      `--overlap must be a share above 0 and at most 1 (e.g. 0.9 or 90%), not "${raw}"`,
    );
  return v;
}

const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));

/** A figure's row for people: "—" where a measure is undefined, with the reason after it. */
function figureRow(code: string, label: string, f: AgreementFigures) {
  return {
    code,
    label,
    percent: fixed(f.percent, 1),
    kappa: fixed(f.kappa, 3),
    alpha: fixed(f.alpha, 3),
    units: f.units,
    why: [f.reason && `κ: ${f.reason}`, f.alphaReason && `α: ${f.alphaReason}`]
      .filter(Boolean)
      .join('; '),
  };
}

const SELECTION_OPTIONS = {
  coders: { type: 'string', multiple: true },
  codes: { type: 'string', multiple: true },
  dimension: { type: 'string' },
  sources: { type: 'string', multiple: true },
  cases: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const;

export const agreementCommands: CliCommand[] = [
  {
    name: 'agreement',
    usage:
      'casus agreement <file.casus> --coders A,B[,C] [--codes <code,...>|--dimension principle] [--sources <id,...>] [--cases <case,...>] [--unit char|segment|block] [--overlap 0.9] [--json|--csv|--xlsx <file> [--force]|--methods nl|en]',
    summary:
      "Intercoder agreement per code and pooled: percent agreement, Cohen's κ (two coders), Krippendorff's α; also per source and case (JSON, CSV, XLSX), or the methods paragraph.",
    options: {
      ...SELECTION_OPTIONS,
      unit: { type: 'string' },
      overlap: { type: 'string' },
      csv: { type: 'boolean' },
      xlsx: { type: 'string' },
      force: { type: 'boolean' },
      methods: { type: 'string' },
      lang: { type: 'string' },
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const coderIds = await resolveCoders(ctx, listOption(values, 'coders'));
        if (coderIds.length < 2)
          throw new CasusError('invalid_input', 'Name at least two coders: --coders A,B');
        const input = {
          coderIds,
          ...(await selection(ctx, values)),
          unit: unitOf(values),
          overlap: overlapOf(values),
        };
        const methods = stringOption(values, 'methods');
        const lang = (methods ?? stringOption(values, 'lang') ?? 'nl') as 'nl' | 'en';
        if (lang !== 'nl' && lang !== 'en')
          throw new CasusError('invalid_input', `The language must be nl or en, not "${lang}"`);
        const xlsx = stringOption(values, 'xlsx');
        if (values.csv || xlsx || methods) {
          const format = values.csv ? 'csv' : xlsx ? 'xlsx' : 'methods';
          const file = await call(ctx, 'agreement.export', { ...input, format, lang });
          const bytes = Buffer.from(file.base64, 'base64');
          if (xlsx) io.out(`Wrote ${await saveOutput(ctx, xlsx, bytes, values)}`);
          else
            io.out(
              bytes
                .toString('utf8')
                .replace(/^\uFEFF/, '')
                .trimEnd(),
            );
          return 0;
        }
        const r = await call(ctx, 'agreement.compute', input);
        if (values.json) {
          io.out(JSON.stringify(r));
          return 0;
        }
        io.out(
          `${r.coders.map((c) => c.name).join(' × ')} · ${r.sources.length} source(s) · unit: ${r.unit}${r.unit === 'segment' ? ` (overlap ≥ ${Math.round(r.overlap * 100)}%)` : ''}`,
        );
        io.out(
          table(
            [
              ...r.codes.map((c) => figureRow(c.code, c.label.en || c.label.nl, c)),
              figureRow('pooled', '', r.pooled),
            ],
            ['code', 'label', 'percent', 'kappa', 'alpha', 'units', 'why'],
          ),
        );
        if (r.before)
          io.out(
            `\nBefore reconciliation (${r.reconciliations} decision(s) since): pooled κ ${fixed(r.before.pooled.kappa, 3)}, α ${fixed(r.before.pooled.alpha, 3)}, ${fixed(r.before.pooled.percent, 1)}% agreement`,
          );
        return 0;
      }),
  },
  {
    name: 'disagreements',
    usage:
      'casus disagreements <file.casus> --coders A,B [--code <code>] [--codes <code,...>|--dimension principle] [--sources <id,...>] [--json] [--audience team|respondents|public [--hide-cases]]',
    summary:
      'Every passage where two coders applied a code differently: source, passage, what A and what B coded.',
    options: { ...SELECTION_OPTIONS, ...AUDIENCE_OPTIONS, code: { type: 'string' } },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const [coderA, coderB, ...more] = await resolveCoders(ctx, listOption(values, 'coders'));
        if (!coderA || !coderB || more.length)
          throw new CasusError('invalid_input', 'Name exactly two coders: --coders A,B');
        const codeRef = stringOption(values, 'code');
        const [codeId] = codeRef ? await resolveCodes(ctx, [codeRef]) : [];
        const sel = await selection(ctx, values);
        // The passages printed for the audience (default respondents), like every printed text.
        const r = await forAudience(
          ctx,
          audienceOption(values),
          await call(ctx, 'agreement.disagreements', {
            coderA,
            coderB,
            ...sel,
            ...(codeId ? { codeId } : {}),
            ...(codeId && !sel.codeIds && !sel.dimension ? { codeIds: [codeId] } : {}),
          }),
        );
        if (values.json) {
          io.out(JSON.stringify(r));
          return 0;
        }
        const codes = new Map((await call(ctx, 'codes.tree', {})).map((c) => [c.id, c]));
        const ranges = (list: { start: number; end: number }[]) =>
          list.map((x) => `${x.start}–${x.end}`).join(' ') || '—';
        io.out(
          table(
            r.rows.map((d) => ({
              source: d.sourceTitle,
              code: codes.get(d.codeId)?.key ?? codes.get(d.codeId)?.label.nl ?? d.codeId,
              kind: d.kind,
              A: ranges(d.a),
              B: ranges(d.b),
              passage: JSON.stringify(
                d.context.text.length > 60 ? `${d.context.text.slice(0, 59)}…` : d.context.text,
              ),
            })),
            ['source', 'code', 'kind', 'A', 'B', 'passage'],
          ),
        );
        io.out(`${r.rows.length} disagreement(s); ${r.decisions.length} decision(s) recorded`);
        return 0;
      }),
  },
  {
    name: 'merge',
    usage: [
      'casus merge <file.casus> <other.casus> [--dry-run] [--yes] [--prefer ours|theirs] [--resolve <conflict-id>=<choice>,...] [--json]',
      '  casus merge <file.casus> --list [--json]  |  casus merge <file.casus> --undo <merge-id> [--json]',
    ].join('\n'),
    summary:
      "Merge a coder's copy of the project: sources by id or text, codes by key or label, one coding per coder, code and range; conflicts need --resolve or --prefer; another project's copy needs --yes. --undo takes a merge back.",
    options: {
      'dry-run': { type: 'boolean' },
      yes: { type: 'boolean' },
      prefer: { type: 'string' },
      resolve: { type: 'string', multiple: true },
      list: { type: 'boolean' },
      undo: { type: 'string' },
      json: { type: 'boolean' },
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const undo = stringOption(values, 'undo');
        if (undo) {
          const r = await call(ctx, 'merge.undo', { mergeId: undo });
          io.out(
            values.json ? JSON.stringify(r) : `Undid merge ${r.mergeId} (${r.reversed} changes)`,
          );
          return 0;
        }
        if (values.list) {
          const list = await call(ctx, 'merge.list', {});
          io.out(
            values.json
              ? JSON.stringify(list)
              : table(
                  list.map((m) => ({
                    id: m.id,
                    file: m.fileName,
                    at: m.mergedAt.slice(0, 16).replace('T', ' '),
                    by: m.mergedBy,
                    sources: m.counts.sources.added,
                    codings: m.counts.codings.added,
                  })),
                  ['id', 'file', 'at', 'by', 'sources', 'codings'],
                ),
          );
          return 0;
        }
        const other = positionals[1];
        if (!other)
          throw new CasusError(
            'invalid_input',
            'Missing the copy to merge, e.g. casus merge study.casus laptop-copy.casus',
          );
        const prefer = stringOption(values, 'prefer');
        if (prefer !== undefined && prefer !== 'ours' && prefer !== 'theirs')
          throw new CasusError('invalid_input', `--prefer must be ours or theirs, not "${prefer}"`);
        const resolutions: Record<string, string> = {};
        for (const r of listOption(values, 'resolve')) {
          const at = r.lastIndexOf('=');
          if (at <= 0)
            throw new CasusError(
              'invalid_input',
              `--resolve takes <conflict-id>=<choice>, not "${r}"`,
            );
          resolutions[r.slice(0, at)] = r.slice(at + 1);
        }
        const file = { filePath: other };
        const result = values['dry-run']
          ? { ...(await call(ctx, 'merge.preview', file)), mergeId: null }
          : await call(ctx, 'merge.apply', {
              ...file,
              confirmOtherProject: values.yes === true,
              resolutions,
              ...(prefer ? { prefer } : {}),
            });
        const c = result.counts;
        const summary = {
          status: values['dry-run'] ? 'preview' : result.mergeId ? 'merged' : 'unchanged',
          mergeId: result.mergeId,
          sameProject: result.sameProject,
          confirm: result.confirm,
          added: {
            coders: c.coders.added,
            cases: c.cases.added,
            respondents: c.respondents.added,
            sources: c.sources.added,
            codes: c.codes.added,
            segments: c.segments.added,
            codings: c.codings.added,
            memos: c.memos.added,
            syntheses: c.syntheses.added,
          },
          matched: {
            coders: c.coders.matched,
            sourcesById: c.sources.matchedById,
            sourcesByText: c.sources.matchedByText,
            codes: c.codes.matched,
            codings: c.codings.matched,
          },
          updated: {
            codes: c.codes.updated,
            segments: c.segments.updated,
            memos: c.memos.updated,
            syntheses: c.syntheses.updated,
          },
          keptDeleted: { sources: c.sources.keptDeleted, codings: c.codings.keptDeleted },
          deleted: { sources: c.sources.deleted },
          codingsByCoder: result.codingsByCoder,
          conflicts: result.conflicts,
        };
        if (values.json) {
          io.out(JSON.stringify(summary));
          return 0;
        }
        const line = (label: string, o: Record<string, number>) =>
          `${label}: ${Object.entries(o)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ')}`;
        io.out(
          [
            `${summary.status === 'preview' ? 'Would merge' : summary.status === 'merged' ? 'Merged' : 'Nothing to merge from'} ${result.fileName}${result.mergeId ? ` (merge ${result.mergeId})` : ''}`,
            ...(result.confirm ? [`Note: ${result.confirm}`] : []),
            line('added', summary.added),
            line('matched', summary.matched),
            line('updated', summary.updated),
            ...result.conflicts.map(
              (x) =>
                `conflict ${x.id}: ${x.what} — here: ${x.ours}; there: ${x.theirs} (${x.choices.join('|')})`,
            ),
          ].join('\n'),
        );
        return 0;
      }),
  },
];
