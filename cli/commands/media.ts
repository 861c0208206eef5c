import { basename, resolve } from 'node:path';
import { CasusError } from '../../core/shared/errors.js';
import { call, stringOption, withProject, type CliCommand } from '../command.js';

const STATE_TEXT = {
  ok: 'present and unchanged',
  missing: 'MISSING: the file is not beside the project',
  changed: 'CHANGED: the file beside the project is not the one attached',
} as const;

export const mediaCommands: CliCommand[] = [
  {
    name: 'media',
    usage: 'casus media <project.casus> <source-id> [--attach <recording> | --detach] [--json]',
    summary:
      'The recording of a transcript: show it and whether its file is there and unchanged, ' +
      'attach one (m4a, mp3, wav, mp4, webm; stored beside the project in ' +
      '<project>.casus-media/, replacing one attached before) or detach it (its file stays).',
    options: {
      attach: { type: 'string' },
      detach: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const sourceId = positionals[1];
        if (!sourceId) throw new CasusError('invalid_input', 'Missing the source id');
        const attach = stringOption(values, 'attach');
        if (attach !== undefined && values.detach)
          throw new CasusError('invalid_input', 'Give --attach or --detach, not both');
        if (values.detach) {
          const r = await call(ctx, 'media.detach', { sourceId });
          io.out(
            values.json
              ? JSON.stringify(r)
              : r.detached
                ? 'Recording detached'
                : 'No recording attached',
          );
          return 0;
        }
        const media =
          attach !== undefined
            ? await call(ctx, 'media.attach', {
                sourceId,
                file: { fileName: basename(attach), path: resolve(attach) },
              })
            : (await call(ctx, 'media.status', { sourceId })).media;
        if (values.json) io.out(JSON.stringify({ media }));
        else if (!media) io.out('No recording attached');
        else
          io.out(
            `${media.fileName} (${media.kind}, ${media.size} bytes, sha256 ${media.sha256}): ${STATE_TEXT[media.state]}`,
          );
        return media && media.state !== 'ok' ? 1 : 0;
      }),
  },
];
