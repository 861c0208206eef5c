import { defineMethods } from './define.js';

/** The search feature's operations (filled in by that feature). */
export const searchContract = defineMethods({});
