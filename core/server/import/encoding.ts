import { ParseFailure } from './errors.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/** Magic numbers of common binary formats that are never text, whatever the file is called. */
const BINARY_SIGNATURES: readonly number[][] = [
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x50, 0x4b, 0x03, 0x04], // zip (docx, odt, xlsx, ...)
  [0xd0, 0xcf, 0x11, 0xe0], // OLE (doc, xls, encrypted Office)
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x4d, 0x5a], // MZ (Windows executables)
  [0x1f, 0x8b], // gzip
];

export function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  return sig.every((b, i) => bytes[at + i] === b);
}

export function hasBinarySignature(bytes: Uint8Array): boolean {
  return BINARY_SIGNATURES.some((sig) => startsWith(bytes, sig));
}

/**
 * Decodes text bytes: a BOM decides (UTF-8, UTF-16 LE/BE); otherwise valid UTF-8 is UTF-8 and
 * anything else is Windows-1252, the usual encoding of older Dutch text (a superset of Latin-1
 * for printable characters). Binary data is refused. Line endings become `\n`; the result is
 * NFC.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  let encoding: TextEncodingName;
  let body = bytes;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    encoding = 'utf-8';
    body = bytes.subarray(3);
  } else if (startsWith(bytes, [0xff, 0xfe])) {
    encoding = 'utf-16le';
    body = bytes.subarray(2);
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    encoding = 'utf-16be';
    body = bytes.subarray(2);
  } else {
    if (hasBinarySignature(bytes) || looksBinary(bytes)) throw new ParseFailure('binary');
    encoding = isValidUtf8(bytes) ? 'utf-8' : 'windows-1252';
  }
  let text: string;
  try {
    text =
      encoding === 'windows-1252'
        ? decodeWindows1252(body)
        : new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new ParseFailure('corrupt', `not valid ${encoding.toUpperCase()} text`);
  }
  if (encoding.startsWith('utf-16') && looksBinaryText(text)) throw new ParseFailure('binary');
  return { text: normaliseText(text), encoding };
}

/** `\r\n` and lone `\r` become `\n`; NFC. */
export function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC');
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Text never holds NUL bytes, and rarely more than a few control characters; binary data is
 * full of both. Looks at the first 64 KiB.
 */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 65536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) control++;
  }
  return n > 0 && control / n > 0.02;
}

function looksBinaryText(text: string): boolean {
  const n = Math.min(text.length, 65536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  return n > 0 && control / n > 0.02;
}

/** Windows-1252 bytes 0x80-0x9F; the rest of the code page is Latin-1. Undefined bytes stay C1. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Node's TextDecoder treats 'windows-1252' as plain Latin-1 (0x93 becomes a control character
 * instead of “), so the 0x80-0x9F range is mapped here.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    const chars = new Array<string>(chunk.length);
    for (let k = 0; k < chunk.length; k++) {
      const b = chunk[k]!;
      chars[k] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b);
    }
    out += chars.join('');
  }
  return out;
}

/** Decodes bytes in a named code page, with the Windows-1252 fix above. */
export function decodeCodepage(label: string, bytes: Uint8Array, fatal = false): string {
  const l = label.toLowerCase();
  if (['windows-1252', 'cp1252', 'iso-8859-1', 'latin1', 'us-ascii', 'ascii'].includes(l)) {
    return decodeWindows1252(bytes);
  }
  return new TextDecoder(l, { fatal }).decode(bytes);
}
