import type { CliCommand } from '../command.js';

/** The coding feature's commands (filled in by that feature). */
export const codingCommands: CliCommand[] = [];
