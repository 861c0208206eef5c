import type { CliCommand } from '../command.js';

/** The import feature's commands (filled in by that feature). */
export const importCommands: CliCommand[] = [];
