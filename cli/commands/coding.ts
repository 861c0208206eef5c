import { CasusError } from '../../core/shared/errors.js';
import {
  call,
  intOption,
  listOption,
  stringOption,
  withProject,
  type CliCommand,
} from '../command.js';
import { chooseCoder, resolveCodes } from '../resolve.js';

function required<T>(value: T | undefined, option: string): T {
  if (value === undefined) throw new CasusError('invalid_input', `Missing --${option}`);
  return value;
}

export const codingCommands: CliCommand[] = [
  {
    name: 'code',
    usage:
      'casus code <file.casus> --source <id> --start N --end N --codes <code,...> [--coder <name>] [--memo <text>] [--json]',
    summary:
      'Code a range of a source (UTF-16 offsets, end exclusive); prints the segment id and its text.',
    options: {
      source: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      codes: { type: 'string', multiple: true },
      coder: { type: 'string' },
      memo: { type: 'string' },
      json: { type: 'boolean' },
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const sourceId = required(stringOption(values, 'source'), 'source');
        const start = required(intOption(values, 'start'), 'start');
        const end = required(intOption(values, 'end'), 'end');
        const refs = listOption(values, 'codes');
        if (refs.length === 0)
          throw new CasusError('invalid_input', 'Missing --codes (one or more code names or ids)');
        const codeIds = await resolveCodes(ctx, refs);
        await chooseCoder(ctx, stringOption(values, 'coder'));
        const memo = stringOption(values, 'memo');
        const seg = await call(ctx, 'coding.apply', {
          sourceId,
          start,
          end,
          codeIds,
          ...(memo !== undefined ? { memo } : {}),
        });
        io.out(values.json ? JSON.stringify(seg) : `${seg.id}\t${JSON.stringify(seg.text)}`);
        return 0;
      }),
  },
  {
    name: 'uncode',
    usage: 'casus uncode <file.casus> --segment <id> [--codes <code,...>] [--json]',
    summary: 'Remove codes (all when none are named) from a segment.',
    options: {
      segment: { type: 'string' },
      codes: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const segmentId = required(stringOption(values, 'segment'), 'segment');
        const refs = listOption(values, 'codes');
        const result = await call(ctx, 'coding.remove', {
          segmentId,
          ...(refs.length ? { codeIds: await resolveCodes(ctx, refs) } : {}),
        });
        io.out(
          values.json
            ? JSON.stringify(result)
            : `Removed ${result.removed} coding(s)${result.segmentDeleted ? '; the segment is gone' : ''}`,
        );
        return 0;
      }),
  },
];
