import { resolve } from 'node:path';
import { createContext, type ServiceContext } from '../../core/server/context.js';
import { Session } from '../../core/server/session.js';
import { CasusError } from '../../core/shared/errors.js';
import { DIMENSIONS, type Dimension } from '../../core/shared/template/types.js';
import {
  call,
  stringOption,
  table,
  withProject,
  type CliCommand,
  type OptionValues,
} from '../command.js';
import { resolveCodes } from '../resolve.js';

const json = { json: { type: 'boolean' } } as const;

export const projectCommands: CliCommand[] = [
  {
    name: 'new',
    usage:
      'casus new <file.casus> [--template regio-deals|blank] [--demo] [--name <name>] [--json]',
    summary: 'Create a project from a template, optionally with the demo study.',
    options: {
      template: { type: 'string' },
      demo: { type: 'boolean' },
      name: { type: 'string' },
      ...json,
    },
    async run({ positionals, values }, io) {
      const path = positionals[0];
      if (!path)
        throw new CasusError(
          'invalid_input',
          'Missing the file to create, e.g. casus new study.casus',
        );
      const template = stringOption(values, 'template') ?? 'regio-deals';
      if (template !== 'regio-deals' && template !== 'blank') {
        throw new CasusError(
          'invalid_input',
          `--template must be regio-deals or blank, not "${template}"`,
        );
      }
      const session = new Session({ remember: false });
      try {
        const info = await call(createContext(session), 'project.create', {
          path: resolve(path),
          template,
          demo: values.demo === true,
          ...(stringOption(values, 'name') ? { name: stringOption(values, 'name') } : {}),
        });
        io.out(
          values.json
            ? JSON.stringify(info)
            : `Created ${info.path}: ${info.name} (${info.counts.cases} cases, ${info.counts.sources} sources, ${info.counts.codes} codes, ${info.counts.codings} codings)`,
        );
      } finally {
        session.close();
      }
      return 0;
    },
  },
  {
    name: 'info',
    usage: 'casus info <file.casus> [--json]',
    summary: 'Project name, template, cases and counts.',
    options: json,
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const info = await call(ctx, 'project.info', {});
        if (values.json) {
          io.out(JSON.stringify(info));
        } else {
          io.out(`${info.name}\n${info.path}\ntemplate: ${info.template}`);
          io.out(
            Object.entries(info.counts)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n'),
          );
          io.out(
            `\n${table(
              info.cases.map((c) => ({
                id: c.id,
                key: c.key,
                case: c.label.nl,
                sources: c.sourceCount,
              })),
              ['id', 'key', 'case', 'sources'],
            )}`,
          );
        }
        return 0;
      }),
  },
  {
    name: 'sources',
    usage: 'casus sources <file.casus> [--json]',
    summary:
      'Every source: id, case, title, type, respondent, and for an earlier version the source that replaced it.',
    options: json,
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const [sources, cases] = await Promise.all([
          call(ctx, 'sources.list', {}),
          call(ctx, 'cases.list', {}),
        ]);
        const caseKey = new Map(cases.map((c) => [c.id, c.key]));
        const rows = sources.map((s) => ({
          id: s.id,
          case: s.caseId ? (caseKey.get(s.caseId) ?? s.caseId) : null,
          title: s.title,
          type: s.documentType,
          respondent: s.respondentPseudonym,
          // An earlier version names the source that replaced it.
          replacedBy: s.replacedById,
        }));
        io.out(
          values.json
            ? JSON.stringify(rows)
            : table(
                rows.map((r) => ({ ...r, replacedBy: r.replacedBy ?? '' })),
                ['id', 'case', 'title', 'type', 'respondent', 'replacedBy'],
              ),
        );
        return 0;
      }),
  },
  {
    name: 'codes',
    usage:
      'casus codes <file.casus> [--json]  |  casus codes add <file.casus> --label-nl <label> [--label-en <label>] [--dimension principle|category|phase|facet|free] [--parent <code>] [--key <key>] [--json]',
    summary:
      'The code tree: id, parent, dimension, Dutch and English label, colour; `add` adds a code.',
    options: {
      'label-nl': { type: 'string' },
      'label-en': { type: 'string' },
      dimension: { type: 'string' },
      parent: { type: 'string' },
      key: { type: 'string' },
      ...json,
    },
    run: ({ positionals, values }, io) => {
      const adding = positionals[0] === 'add';
      return withProject(positionals[adding ? 1 : 0], io, async (ctx) => {
        if (adding) {
          const made = await call(ctx, 'codes.create', await newCode(ctx, values));
          io.out(
            values.json
              ? JSON.stringify(made)
              : `Added code ${made.label.nl} (${made.dimension}, ${made.id})`,
          );
          return 0;
        }
        const codes = await call(ctx, 'codes.tree', {});
        const rows = codes.map((c) => ({
          id: c.id,
          parent: c.parentId,
          key: c.key,
          dimension: c.dimension,
          label_nl: c.label.nl,
          label_en: c.label.en,
          color: c.color,
          segments: c.segmentCount,
        }));
        io.out(
          values.json
            ? JSON.stringify(rows)
            : table(rows, [
                'id',
                'parent',
                'key',
                'dimension',
                'label_nl',
                'label_en',
                'color',
                'segments',
              ]),
        );
        return 0;
      });
    },
  },
  {
    name: 'cases',
    usage:
      'casus cases <file.casus> [--json]  |  casus cases add <file.casus> --label-nl <label> [--label-en <label>] [--key <key>] [--json]',
    summary: 'The cases of the study; `add` adds one (a blank study starts without cases).',
    options: {
      key: { type: 'string' },
      'label-nl': { type: 'string' },
      'label-en': { type: 'string' },
      ...json,
    },
    run: ({ positionals, values }, io) => {
      const adding = positionals[0] === 'add';
      return withProject(positionals[adding ? 1 : 0], io, async (ctx) => {
        if (adding) {
          const nl = stringOption(values, 'label-nl') ?? stringOption(values, 'label-en');
          if (!nl)
            throw new CasusError('invalid_input', 'casus cases add needs --label-nl <label>');
          const key = stringOption(values, 'key');
          const made = await call(ctx, 'cases.create', {
            label: { nl, en: stringOption(values, 'label-en') ?? nl },
            ...(key ? { key } : {}),
          });
          io.out(values.json ? JSON.stringify(made) : `Added case ${made.key} (${made.id})`);
          return 0;
        }
        const cases = await call(ctx, 'cases.list', {});
        io.out(
          values.json
            ? JSON.stringify(cases)
            : table(
                cases.map((c) => ({
                  id: c.id,
                  key: c.key,
                  nl: c.label.nl,
                  en: c.label.en,
                  sources: c.sourceCount,
                })),
                ['id', 'key', 'nl', 'en', 'sources'],
              ),
        );
        return 0;
      });
    },
  },
  {
    name: 'coders',
    usage:
      'casus coders <file.casus> [--json]  |  casus coders add <file.casus> --name <name> [--initials <initials>] [--json]',
    summary: 'The people who code; `add` adds one, so `casus code --coder` can name them.',
    options: { name: { type: 'string' }, initials: { type: 'string' }, ...json },
    run: ({ positionals, values }, io) => {
      const adding = positionals[0] === 'add';
      return withProject(positionals[adding ? 1 : 0], io, async (ctx) => {
        if (adding) {
          const name = stringOption(values, 'name');
          if (!name) throw new CasusError('invalid_input', 'casus coders add needs --name <name>');
          const initials = stringOption(values, 'initials');
          const made = await call(ctx, 'coders.create', {
            name,
            ...(initials ? { initials } : {}),
          });
          io.out(
            values.json ? JSON.stringify(made) : `Added coder ${made.name} (${made.initials})`,
          );
          return 0;
        }
        const coders = await call(ctx, 'coders.list', {});
        io.out(
          values.json ? JSON.stringify(coders) : table(coders, ['id', 'name', 'initials', 'color']),
        );
        return 0;
      });
    },
  },
];

/** The input of `casus codes add`: labels, dimension and parent (named by id, key or label). */
async function newCode(ctx: ServiceContext, values: OptionValues) {
  const nl = stringOption(values, 'label-nl') ?? stringOption(values, 'label-en');
  if (!nl) throw new CasusError('invalid_input', 'casus codes add needs --label-nl <label>');
  const dimension = stringOption(values, 'dimension') ?? 'free';
  if (!(DIMENSIONS as readonly string[]).includes(dimension))
    throw new CasusError(
      'invalid_input',
      `--dimension ${dimension}: not one of ${DIMENSIONS.join(', ')}`,
    );
  const parent = stringOption(values, 'parent');
  const key = stringOption(values, 'key');
  return {
    label: { nl, en: stringOption(values, 'label-en') ?? '' },
    dimension: dimension as Dimension,
    parentId: parent ? ((await resolveCodes(ctx, [parent]))[0] ?? null) : null,
    ...(key ? { key } : {}),
  };
}
