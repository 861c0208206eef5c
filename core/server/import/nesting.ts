import { ParseFailure } from './errors.js';

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const QUOT = 0x22;
const APOS = 0x27;

function indexOf(bytes: Uint8Array, text: string, from: number): number {
  const i = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(text, from);
  return i < 0 ? bytes.length : i;
}

/**
 * The deepest element nesting of an XML part, by one pass over its bytes (UTF-8 keeps the
 * markup characters ASCII), without building a tree. Comments, CDATA, processing instructions
 * and quoted attribute values are skipped, so a `>` inside them does not count.
 */
export function xmlDepth(bytes: Uint8Array): number {
  let depth = 0;
  let max = 0;
  const n = bytes.length;
  for (let i = bytes.indexOf(LT); i >= 0 && i < n; i = bytes.indexOf(LT, i)) {
    const next = bytes[i + 1];
    if (next === SLASH) {
      depth--;
      i = indexOf(bytes, '>', i);
    } else if (next === BANG) {
      if (bytes[i + 2] === 0x2d) i = indexOf(bytes, '-->', i + 4) + 3;
      else if (bytes[i + 2] === 0x5b) i = indexOf(bytes, ']]>', i) + 3;
      else i = indexOf(bytes, '>', i);
    } else if (next === QUESTION) {
      i = indexOf(bytes, '?>', i) + 2;
    } else {
      // A start tag: find its end outside quoted attribute values.
      let j = i + 1;
      let quote = 0;
      for (; j < n; j++) {
        const c = bytes[j]!;
        if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if (c === QUOT || c === APOS) quote = c;
        else if (c === GT) break;
      }
      if (bytes[j - 1] !== SLASH) {
        depth++;
        if (depth > max) max = depth;
      }
      i = j;
    }
  }
  return max;
}

/**
 * Refuses an XML part nested deeper than `limit`: the readers of office formats (mammoth, our
 * ODF walker) recurse per level, and a hostile file could overflow the call stack.
 */
export function checkNesting(bytes: Uint8Array, part: string, limit: number): void {
  const depth = xmlDepth(bytes);
  if (depth > limit) {
    throw new ParseFailure('too-deep', `${depth} levels in ${part}; the limit is ${limit}`);
  }
}
