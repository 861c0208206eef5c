import { defineMethods } from './define.js';

/** The refi feature's operations (filled in by that feature). */
export const refiContract = defineMethods({});
