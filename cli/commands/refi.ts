import { resolve } from 'node:path';
import { createContext } from '../../core/server/context.js';
import { Session } from '../../core/server/session.js';
import type { RefiReport } from '../../core/shared/contract/refi.js';
import { CasusError } from '../../core/shared/errors.js';
import {
  AUDIENCE_OPTIONS,
  audienceOption,
  call,
  stringOption,
  withProject,
  type CliCommand,
  type CliIO,
} from '../command.js';
import { onProgress, stopRunning } from '../../core/server/refi/progress.js';

/** The import report for people: counts, the position rule, then every skipped item. */
export function formatReport(r: RefiReport): string {
  const c = r.counts;
  const lines = [
    `${r.file}${r.origin ? ` (written by ${r.origin})` : ''}`,
    `imported: ${c.users} coders, ${c.codes} codes, ${c.sources} sources, ${c.segments} segments, ${c.codings} codings, ${c.notes} memos, ${c.cases} cases, ${c.variables} attributes`,
    `positions: ${r.positionRuleText}`,
  ];
  for (const p of r.positionRules.filter((x) => !x.ambiguous && x.rule !== r.positionRule)) {
    lines.push(`  ${p.sourceName}: ${p.rule}`);
  }
  if (r.skipped.length === 0) lines.push('skipped: nothing');
  else {
    lines.push(`skipped (${r.skipped.length}):`);
    for (const s of r.skipped)
      lines.push(`  ${s.kind}${s.name ? ` "${s.name}"` : ''}: ${s.reason}`);
  }
  if (r.warnings.length > 0) {
    lines.push(`notes (${r.warnings.length}):`);
    for (const w of r.warnings) lines.push(`  ${w}`);
  }
  return lines.join('\n');
}

/**
 * With --json, each step of a long export or import goes to stderr as one JSON line
 * (`{"progress":{"operation":"import","step":"building","done":50,"total":2000}}`), so stdout
 * keeps the one result a script parses.
 */
function printProgress(sessionId: string, io: CliIO): () => void {
  return onProgress(sessionId, (p) => io.err(JSON.stringify({ progress: p })));
}

export const refiCommands: CliCommand[] = [
  {
    name: 'export',
    usage:
      'casus export <project.casus> --format qdpx|qdc --out <file> [--selection-per-code] [--force] [--audience team|respondents|public [--hide-cases]] [--json]',
    summary:
      'Export to REFI-QDA (NVivo, ATLAS.ti, MAXQDA, QualCoder): project or codebook. A passage with several codes is one selection with several codings; --selection-per-code writes one selection per code, for readers that take only the first coding of a selection. With --json, progress goes to stderr as JSON lines.',
    options: {
      'selection-per-code': { type: 'boolean' },
      ...AUDIENCE_OPTIONS,
      format: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const format = stringOption(values, 'format');
        if (format !== 'qdpx' && format !== 'qdc') {
          throw new CasusError(
            'invalid_input',
            `--format must be qdpx or qdc, not "${format ?? ''}"`,
          );
        }
        const out = stringOption(values, 'out');
        if (!out) throw new CasusError('invalid_input', 'Missing --out <file>');
        const stop = values.json ? printProgress(ctx.session.id, io) : () => {};
        const r = await call(ctx, 'refi.export', {
          format,
          outPath: resolve(out),
          overwrite: values.force === true,
          selectionPerCode: values['selection-per-code'] === true,
          audience: audienceOption(values),
        }).finally(stop);
        io.out(
          values.json
            ? JSON.stringify(r)
            : `Wrote ${r.path} (${r.size} bytes, schema-valid ${format})`,
        );
        return 0;
      }),
  },
  {
    name: 'import-qdpx',
    usage: 'casus import-qdpx <file.qdpx> --out <project.casus> [--json]',
    summary:
      'Import a REFI-QDA project into a new Casus project and print the report. With --json, progress goes to stderr as JSON lines.',
    options: { out: { type: 'string' }, json: { type: 'boolean' } },
    async run({ positionals, values }, io) {
      const file = positionals[0];
      if (!file) throw new CasusError('invalid_input', 'Missing the .qdpx file to import');
      const out = stringOption(values, 'out');
      if (!out) throw new CasusError('invalid_input', 'Missing --out <project.casus>');
      const session = new Session({ remember: false });
      const stop = values.json ? printProgress(session.id, io) : () => {};
      // Ctrl-C stops the import as the window's Stop button does: its temporary project is
      // removed before the command ends (killed outright, it would stay behind).
      const interrupt = () => stopRunning(session.id);
      process.once('SIGINT', interrupt);
      try {
        const r = await call(createContext(session), 'refi.importProject', {
          filePath: resolve(file),
          outPath: resolve(out),
        });
        io.out(values.json ? JSON.stringify(r) : `Created ${r.path}\n${formatReport(r.report)}`);
      } finally {
        process.off('SIGINT', interrupt);
        stop();
        session.close();
      }
      return 0;
    },
  },
  {
    name: 'import-qdc',
    usage: 'casus import-qdc <project.casus> <file.qdc> [--on-conflict keep|rename|merge] [--json]',
    summary: 'Merge a REFI-QDA codebook into the code tree (by GUID, then name).',
    options: { 'on-conflict': { type: 'string' }, json: { type: 'boolean' } },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const file = positionals[1];
        if (!file) throw new CasusError('invalid_input', 'Missing the .qdc file to import');
        const mode = stringOption(values, 'on-conflict');
        if (mode !== undefined && mode !== 'keep' && mode !== 'rename' && mode !== 'merge') {
          throw new CasusError(
            'invalid_input',
            `--on-conflict must be keep, rename or merge, not "${mode}"`,
          );
        }
        const r = await call(ctx, 'refi.importCodebook', {
          filePath: resolve(file),
          ...(mode ? { onConflict: mode } : {}),
        });
        if (values.json) io.out(JSON.stringify(r));
        if (!r.applied) {
          if (!values.json) {
            io.err(`${r.conflicts.length} code(s) differ from codes already in the project:`);
            for (const c of r.conflicts) {
              io.err(
                `  "${c.name}" ↔ "${c.existingLabel}" (matched by ${c.matchedBy}): ${c.differences.join('; ')}`,
              );
            }
            io.err('Nothing was changed. Choose with --on-conflict keep|rename|merge.');
          }
          return 3;
        }
        if (!values.json) {
          io.out(
            `Codebook merged: ${r.added} added, ${r.updated} updated, ${r.renamed} added under a new name, ${r.unchanged} unchanged`,
          );
          for (const s of r.report.skipped)
            io.out(`  skipped ${s.kind}${s.name ? ` "${s.name}"` : ''}: ${s.reason}`);
        }
        return 0;
      }),
  },
];
