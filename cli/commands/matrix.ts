import type { CliCommand } from '../command.js';

/** The matrix feature's commands (filled in by that feature). */
export const matrixCommands: CliCommand[] = [];
