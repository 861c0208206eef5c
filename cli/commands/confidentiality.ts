import { resolve } from 'node:path';
import { TERM_KINDS, type TermKind } from '../../core/shared/contract/confidentiality.js';
import { CasusError } from '../../core/shared/errors.js';
import { call, listOption, stringOption, table, withProject, type CliCommand } from '../command.js';

const need = (value: string | undefined, flag: string): string => {
  if (!value) throw new CasusError('invalid_input', `Missing --${flag}`);
  return value;
};

export const confidentialityCommands: CliCommand[] = [
  {
    name: 'names',
    usage: [
      'casus names <p> [--candidates] [--audience team] [--json]  (the register, or candidates to confirm)',
      '  casus names add <p> --term <T> --replace <R> [--variant <V> ...] [--kind person|organisation|place|phrase|email|phone|other] [--json]',
    ].join('\n'),
    summary:
      "The register of identifying terms (respondents' real names only with --audience team), candidates found in the sources, and adding a term with its replacement.",
    options: {
      candidates: { type: 'boolean' },
      audience: { type: 'string' },
      term: { type: 'string' },
      replace: { type: 'string' },
      variant: { type: 'string', multiple: true },
      kind: { type: 'string' },
      json: { type: 'boolean' },
    },
    run: ({ positionals, values }, io) => {
      const add = positionals[0] === 'add';
      const project = add ? positionals[1] : positionals[0];
      const json = values.json === true;
      return withProject(project, io, async (ctx) => {
        if (add) {
          const kind = stringOption(values, 'kind') ?? 'person';
          if (!(TERM_KINDS as readonly string[]).includes(kind))
            throw new CasusError('invalid_input', `--kind must be one of ${TERM_KINDS.join(', ')}`);
          const entry = await call(ctx, 'names.add', {
            kind: kind as TermKind,
            term: need(stringOption(values, 'term'), 'term'),
            replacement: need(stringOption(values, 'replace'), 'replace'),
            variants: listOption(values, 'variant'),
          });
          io.out(
            json
              ? JSON.stringify(entry)
              : `Added ${entry.id}: replaced by “${entry.replacement}” (${entry.variantCount} variants)`,
          );
          return 0;
        }
        if (values.candidates === true) {
          const c = await call(ctx, 'names.candidates', {});
          io.out(
            json
              ? JSON.stringify(c)
              : `${c.total} candidates in ${c.sources} sources\n` +
                  table(
                    c.candidates.map((x) => ({
                      kind: x.kind,
                      text: x.text,
                      count: x.count,
                      sources: x.sources,
                      suggested: x.replacement,
                    })),
                    ['kind', 'text', 'count', 'sources', 'suggested'],
                  ),
          );
          return 0;
        }
        const audience = stringOption(values, 'audience');
        if (audience !== undefined && audience !== 'team')
          throw new CasusError(
            'invalid_input',
            '--audience here only takes team (to show the real names)',
          );
        const list = await call(ctx, 'names.list', { revealRealNames: audience === 'team' });
        io.out(
          json
            ? JSON.stringify(list)
            : table(
                list.entries.map((e) => ({
                  id: e.id,
                  kind: e.kind,
                  term: e.term ?? '(real name)',
                  variants: e.variants.join('; '),
                  replacement: e.replacement,
                })),
                ['id', 'kind', 'term', 'variants', 'replacement'],
              ),
        );
        return 0;
      });
    },
  },
  {
    name: 'leak-check',
    usage: 'casus leak-check <p> <file> [--hide-cases] [--json]',
    summary:
      'Looks for every register term in the text of a file (docx, xlsx, html, csv, svg, json, txt, qdpx, zip); exit 1 and the hits when one occurs.',
    options: { 'hide-cases': { type: 'boolean' }, json: { type: 'boolean' } },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const file = positionals[1];
        if (!file) throw new CasusError('invalid_input', 'Missing the file to check');
        const r = await call(ctx, 'confidentiality.leakCheck', {
          filePath: resolve(file),
          hideCases: values['hide-cases'] === true,
        });
        if (values.json === true) io.out(JSON.stringify(r));
        else if (r.hits.length === 0)
          io.out(`${r.file}: no register term found (${r.terms} terms, ${r.parts.length} parts)`);
        else {
          io.out(`${r.file}: ${r.hits.length} register terms found`);
          for (const h of r.hits)
            io.out(`  ${h.where}: ${h.kind} → “${h.replacement}”: ${h.context}`);
        }
        return r.hits.length === 0 ? 0 : 1;
      }),
  },
];
