import { resolve } from 'node:path';
import { createContext } from '../../core/server/context.js';
import { Session } from '../../core/server/session.js';
import { CasusError } from '../../core/shared/errors.js';
import { call, stringOption, table, withProject, type CliCommand } from '../command.js';

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
      withProject(positionals[0], async (ctx) => {
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
      withProject(positionals[0], async (ctx) => {
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
    usage: 'casus codes <file.casus> [--json]',
    summary: 'The code tree: id, parent, dimension, Dutch and English label, colour.',
    options: json,
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], async (ctx) => {
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
      }),
  },
];
