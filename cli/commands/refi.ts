import type { CliCommand } from '../command.js';

/** The refi feature's commands (filled in by that feature). */
export const refiCommands: CliCommand[] = [];
