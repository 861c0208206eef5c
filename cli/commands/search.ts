import type { CliCommand } from '../command.js';

/** The search feature's commands (filled in by that feature). */
export const searchCommands: CliCommand[] = [];
