import { basename, resolve } from 'node:path';
import type { Snapshot } from '../../core/shared/contract/snapshots.js';
import { CasusError } from '../../core/shared/errors.js';
import { call, stringOption, table, withProject, type CliCommand } from '../command.js';

const json = { json: { type: 'boolean' } } as const;

/** "2025-03-03 10:42" in the user's own time zone. */
function localTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function row(s: Snapshot): Record<string, unknown> {
  const last = s.lastChange;
  return {
    id: s.id,
    taken: localTime(s.takenAt),
    reason: s.reason,
    size: size(s.size),
    sources: s.counts?.sources,
    segments: s.counts?.segments,
    codings: s.counts?.codings,
    syntheses: s.counts?.syntheses,
    'last change':
      s.status === 'damaged'
        ? `DAMAGED: ${s.problem ?? ''}`
        : last
          ? `${localTime(last.at)} ${last.action}${last.coder ? ` (${last.coder})` : ''}`
          : '',
  };
}

export const snapshotCommands: CliCommand[] = [
  {
    name: 'snapshots',
    usage: 'casus snapshots <file.casus> [--json]',
    summary:
      'The snapshots of a project, newest first: when and why, counts, last change; and where they lie.',
    options: json,
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const r = await call(ctx, 'snapshots.list', {});
        if (values.json) {
          io.out(JSON.stringify(r));
          return 0;
        }
        io.out(`Snapshots in ${r.folder ?? '(none: the project is not a file)'}`);
        if (r.snapshots.length === 0) io.out('(none yet)');
        else
          io.out(
            table(r.snapshots.map(row), [
              'id',
              'taken',
              'reason',
              'size',
              'sources',
              'segments',
              'codings',
              'syntheses',
              'last change',
            ]),
          );
        io.out(`\n${r.policy}`);
        return 0;
      }),
  },
  {
    name: 'snapshot',
    usage: 'casus snapshot <file.casus> [--reason <text>] [--json]',
    summary: 'Take a snapshot of a project now (kept until you delete it).',
    options: { reason: { type: 'string' }, ...json },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const reason = stringOption(values, 'reason');
        const s = await call(ctx, 'snapshots.take', reason ? { reason } : {});
        const { folder } = await call(ctx, 'snapshots.list', {});
        io.out(
          values.json
            ? JSON.stringify({ ...s, folder })
            : `Snapshot ${s.id} taken (${size(s.size)}) in ${folder ?? ''}`,
        );
        return 0;
      }),
  },
  {
    name: 'restore',
    usage: 'casus restore <file.casus> --snapshot <id> (--out <new.casus> | --in-place) [--json]',
    summary:
      'Restore a snapshot as a new project file, or in place of the project (its current state is kept as a snapshot first).',
    options: {
      snapshot: { type: 'string' },
      out: { type: 'string' },
      'in-place': { type: 'boolean' },
      ...json,
    },
    run: ({ positionals, values }, io) => {
      const id = stringOption(values, 'snapshot');
      const out = stringOption(values, 'out');
      const inPlace = values['in-place'] === true;
      if (!id)
        throw new CasusError(
          'invalid_input',
          'Missing --snapshot <id> (casus snapshots <file> lists them)',
        );
      if ((out === undefined) === !inPlace)
        throw new CasusError(
          'invalid_input',
          'Give either --out <new.casus> (restore as a new project file) or --in-place (replace the project; its current state is kept as a snapshot first)',
        );
      return withProject(positionals[0], io, async (ctx) => {
        const project = basename(ctx.session.path ?? '');
        const r = await call(
          ctx,
          'snapshots.restore',
          out !== undefined ? { id, mode: 'copy', outPath: resolve(out) } : { id, mode: 'inPlace' },
        );
        if (values.json) io.out(JSON.stringify(r));
        else if (r.mode === 'copy')
          io.out(`Restored snapshot ${id} as ${r.path} (a new project; ${project} is unchanged)`);
        else
          io.out(
            `Restored snapshot ${id} in place of ${project}. Its state before is kept as snapshot ${r.before?.id ?? '(none)'}; to go back: casus restore ${positionals[0] ?? project} --snapshot ${r.before?.id ?? '<id>'} --in-place`,
          );
        return 0;
      });
    },
  },
];
