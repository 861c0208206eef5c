import { Inflate } from 'fflate';
import { ParseFailure } from './errors.js';
import type { ImportLimits } from './limits.js';

/**
 * A careful zip reader for office containers. It walks the central directory itself, refuses
 * overlapping entries (the trick behind non-recursive zip bombs), and inflates entry by entry in
 * chunks, counting the bytes that actually come out: declared sizes are never trusted. It stops
 * as soon as the expanded total or the expansion ratio passes the limits.
 */
export interface ZipEntries {
  /** Inflated entries selected by the caller's filter. */
  files: Map<string, Uint8Array>;
  /** Every entry name in the archive (also the unread ones). */
  names: string[];
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  localOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
// Small input chunks bound how much one inflate step can produce (deflate tops out near 1032:1).
const CHUNK = 16 * 1024;

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && u32(bytes, 0) === SIG_LOCAL;
}

function readCentralDirectory(bytes: Uint8Array): CentralEntry[] {
  const broken = (detail: string) => new ParseFailure('corrupt', `broken zip: ${detail}`);
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(bytes, i) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw broken('no end of central directory (truncated?)');
  const count = u16(bytes, eocd + 10);
  const size = u32(bytes, eocd + 12);
  const offset = u32(bytes, eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) throw broken('zip64 archives are not supported');
  if (offset + size > eocd) throw broken('central directory outside the file (truncated?)');
  const entries: CentralEntry[] = [];
  let p = offset;
  const decoder = new TextDecoder('utf-8');
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== SIG_CENTRAL) throw broken('bad central entry');
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    entries.push({
      flags: u16(bytes, p + 8),
      method: u16(bytes, p + 10),
      compressedSize: u32(bytes, p + 20),
      localOffset: u32(bytes, p + 42),
      name: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's compressed data lies, checked against the file and its neighbours. */
function dataRange(bytes: Uint8Array, e: CentralEntry): [number, number] {
  const at = e.localOffset;
  if (at + 30 > bytes.length || u32(bytes, at) !== SIG_LOCAL) {
    throw new ParseFailure('corrupt', `broken zip: missing local header of ${e.name}`);
  }
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw new ParseFailure('corrupt', `broken zip: ${e.name} is truncated`);
  return [start, end];
}

export function readZip(
  bytes: Uint8Array,
  limits: ImportLimits,
  wanted: (name: string) => boolean,
): ZipEntries {
  const entries = readCentralDirectory(bytes);
  const ranges = entries.map((e) => ({ e, range: dataRange(bytes, e) }));
  const byOffset = [...ranges].sort((a, b) => a.e.localOffset - b.e.localOffset);
  for (let i = 1; i < byOffset.length; i++) {
    if (byOffset[i]!.e.localOffset < byOffset[i - 1]!.range[1]) {
      throw new ParseFailure('zip-bomb', 'overlapping zip entries');
    }
  }
  const files = new Map<string, Uint8Array>();
  let expanded = 0;
  let compressed = 0;
  const account = (n: number) => {
    expanded += n;
    if (expanded > limits.maxExpandedBytes) {
      throw new ParseFailure('zip-bomb', `expands past ${limits.maxExpandedBytes} bytes`);
    }
    if (
      expanded > limits.ratioCheckAfterBytes &&
      expanded / Math.max(compressed, 1) > limits.maxRatio
    ) {
      throw new ParseFailure('zip-bomb', `expansion ratio above ${limits.maxRatio}:1`);
    }
  };
  for (const { e, range } of ranges) {
    if (e.name.endsWith('/') || !wanted(e.name)) continue;
    if (e.flags & 1) throw new ParseFailure('corrupt', `the zip entry ${e.name} is encrypted`);
    const data = bytes.subarray(range[0], range[1]);
    const chunks: Uint8Array[] = [];
    if (e.method === 0) {
      compressed += data.length;
      account(data.length);
      chunks.push(data);
    } else if (e.method === 8) {
      let ended = false;
      const inflate = new Inflate((chunk, final) => {
        account(chunk.length);
        chunks.push(chunk);
        if (final) ended = true;
      });
      try {
        for (let i = 0; i < data.length; i += CHUNK) {
          // The ratio compares output with the input consumed so far, so a bomb stops early.
          compressed += Math.min(CHUNK, data.length - i);
          inflate.push(
            data.subarray(i, Math.min(i + CHUNK, data.length)),
            i + CHUNK >= data.length,
          );
        }
      } catch (err) {
        if (err instanceof ParseFailure) throw err;
        throw new ParseFailure('corrupt', `broken zip: cannot inflate ${e.name}`);
      }
      if (!ended && data.length > 0) {
        throw new ParseFailure('corrupt', `broken zip: ${e.name} ends early`);
      }
    } else {
      throw new ParseFailure('corrupt', `unknown zip compression method ${e.method}`);
    }
    files.set(e.name, concat(chunks));
  }
  return { files, names: entries.map((e) => e.name) };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
