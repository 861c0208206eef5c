import { parseArgs } from 'node:util';
import { CasusError } from '../core/shared/errors.js';
import type { CliCommand, CliIO } from './command.js';
import { agreementCommands } from './commands/agreement.js';
import { auditCommands } from './commands/audit.js';
import { codingCommands } from './commands/coding.js';
import { confidentialityCommands } from './commands/confidentiality.js';
import { importCommands } from './commands/import.js';
import { mediaCommands } from './commands/media.js';
import { matrixCommands } from './commands/matrix.js';
import { projectCommands } from './commands/project.js';
import { refiCommands } from './commands/refi.js';
import { reportCommands } from './commands/report.js';
import { reviewCommands } from './commands/review.js';
import { searchCommands } from './commands/search.js';
import { serveCommands } from './commands/serve.js';
import { snapshotCommands } from './commands/snapshots.js';

export const COMMANDS: CliCommand[] = [
  ...projectCommands,
  ...serveCommands,
  ...importCommands,
  ...mediaCommands,
  ...codingCommands,
  ...searchCommands,
  ...matrixCommands,
  ...refiCommands,
  ...reportCommands,
  ...agreementCommands,
  ...snapshotCommands,
  ...auditCommands,
  ...reviewCommands,
  ...confidentialityCommands,
];

function help(): string {
  // Usage lines are long: each gets its own line, with what it does indented below it.
  return [
    'casus — a workbench for comparative qualitative case studies',
    '',
    'Usage:',
    ...COMMANDS.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    'Every command takes --debug (show stack traces on errors). Codes and cases may be named by id,',
    'key or label in either language.',
  ].join('\n');
}

/** Runs one CLI invocation and returns the exit code; errors are one clear line on stderr. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  const debug = rest.includes('--debug');
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(help());
    return name ? 0 : 1;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`casus: unknown command "${name}" (run casus help for the list)`);
    return 2;
  }
  try {
    const { positionals, values } = parseArgs({
      args: rest,
      options: { ...command.options, debug: { type: 'boolean' }, help: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.out(`${command.usage}\n  ${command.summary}`);
      return 0;
    }
    return await command.run({ positionals, values }, io);
  } catch (e) {
    if (debug && e instanceof Error) io.err(e.stack ?? e.message);
    else if (e instanceof CasusError) io.err(`casus ${name}: ${e.message}`);
    else if (e instanceof Error && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`casus ${name}: ${e.message.split('\n')[0]} (usage: ${command.usage})`);
    } else io.err(`casus ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof CasusError && e.code === 'invalid_input' ? 2 : 1;
  }
}
