import { defineMethods } from './define.js';

/** The coding feature's operations (filled in by that feature). */
export const codingContract = defineMethods({});
