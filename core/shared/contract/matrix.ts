import { defineMethods } from './define.js';

/** The matrix feature's operations (filled in by that feature). */
export const matrixContract = defineMethods({});
