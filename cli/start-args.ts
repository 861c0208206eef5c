import { parseArgs } from 'node:util';
import { CasusError } from '../core/shared/errors.js';
import { intOption } from './command.js';

export const START_USAGE = 'npm start [-- <project.casus>] [--port N] [--no-open] [--browser]';

export interface StartArgs {
  /** The project to open; the demo study when absent. */
  project: string | undefined;
  /** 0 or absent: a free port. */
  port: number | undefined;
  open: boolean;
  help: boolean;
}

/**
 * The arguments of `npm start` in browser mode (`--browser` only chooses the mode, bin/start.mjs).
 * A wrong one is a CasusError naming it, not a stack trace.
 */
export function parseStartArgs(args: string[]): StartArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    throw new CasusError(
      'invalid_input',
      (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '',
    );
  }
  const { positionals, values } = parsed;
  if (positionals.length > 1)
    throw new CasusError(
      'invalid_input',
      `one project at a time, not ${positionals.length}: ${positionals.join(', ')}`,
    );
  const port = intOption(values, 'port');
  if (port !== undefined && (port < 0 || port > 65535))
    throw new CasusError('invalid_input', `--port must be between 0 and 65535, not ${port}`);
  return {
    project: positionals[0],
    port,
    open: values['no-open'] !== true,
    help: values.help === true,
  };
}

const parse = (args: string[]) =>
  parseArgs({
    args,
    options: {
      'no-open': { type: 'boolean' },
      port: { type: 'string' },
      browser: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
