import { defineMethods } from './define.js';

/** The import feature's operations (filled in by that feature). */
export const importContract = defineMethods({});
