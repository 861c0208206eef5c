import { crc32, createDeflateRaw, deflateRaw } from 'node:zlib';

/** How an entry is kept: deflated (text, XML) or stored as it is (files that are compressed). */
export type ZipMethod = 'deflate' | 'store';

interface Packed {
  crc: number;
  size: number;
  data: Uint8Array[];
  compressedSize: number;
}

interface Entry {
  name: Uint8Array;
  method: ZipMethod;
  packed: Promise<Packed>;
}

/** A document written into the archive piece by piece (see ZipWriter.stream). */
export interface ZipEntryStream {
  write(chunk: Uint8Array): void;
  end(): void;
}

const LEVEL = 6;
// Every entry carries 2000-01-01 00:00 (MS-DOS time), so identical projects give identical bytes.
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
/** General purpose flag bit 11: the entry's name is UTF-8. */
const UTF8_NAMES = 0x0800;
const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

const sum = (parts: readonly Uint8Array[]) => parts.reduce((n, p) => n + p.length, 0);

/**
 * Entries compressed at once: each holds a zlib state of a few hundred KB from its start, so
 * thousands of sources queued together would take hundreds of MB; a few keep the pool busy.
 */
const AT_ONCE = 4;

/** Compresses entries in the thread pool, a few at a time, in the order they come. */
class DeflateQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  deflate(data: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const run = () => {
        this.running++;
        deflateRaw(data, { level: LEVEL }, (e, out) => {
          this.running--;
          this.waiting.shift()?.();
          if (e) reject(e);
          else resolve(out);
        });
      };
      if (this.running < AT_ONCE) run();
      else this.waiting.push(run);
    });
  }
}

/**
 * Writes a ZIP archive (no ZIP64) with node's zlib: entries are compressed in libuv's thread pool
 * while the caller's thread goes on (builds the next document, or waits), in the order they are
 * added. Entries that are compressed already (.docx, media) are stored: deflating them again
 * costs time and gains nothing.
 */
export class ZipWriter {
  private readonly entries: Entry[] = [];
  private readonly enc = new TextEncoder();
  private readonly queue = new DeflateQueue();

  /** Adds an entry whose bytes are all there; compression starts at once. */
  add(name: string, data: Uint8Array, method: ZipMethod = 'deflate'): void {
    const crc = crc32(data);
    const packed =
      method === 'store'
        ? Promise.resolve({ crc, size: data.length, data: [data], compressedSize: data.length })
        : this.queue.deflate(data).then((out) => ({
            crc,
            size: data.length,
            data: [out],
            compressedSize: out.length,
          }));
    // Until `finish` awaits it, a failure is held by the promise, not raised as unhandled.
    packed.catch(() => {});
    this.entries.push({ name: this.enc.encode(name), method, packed });
  }

  /** Adds a deflated entry whose bytes arrive in pieces; `end` when the last has been written. */
  stream(name: string): ZipEntryStream {
    const deflate = createDeflateRaw({ level: LEVEL });
    const out: Uint8Array[] = [];
    let crc = 0;
    let size = 0;
    deflate.on('data', (b: Buffer) => out.push(b));
    const packed = new Promise<Packed>((resolve, reject) => {
      deflate.on('error', reject);
      deflate.on('end', () => resolve({ crc, size, data: out, compressedSize: sum(out) }));
    });
    packed.catch(() => {});
    this.entries.push({ name: this.enc.encode(name), method: 'deflate', packed });
    return {
      write(chunk) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        deflate.write(chunk);
      },
      end() {
        deflate.end();
      },
    };
  }

  /** The archive, once every entry has been compressed. */
  async finish(): Promise<Uint8Array> {
    const packed = await Promise.all(this.entries.map((e) => e.packed));
    if (this.entries.length > MAX_ENTRIES) {
      throw new Error(`${this.entries.length} files are more than a ZIP without ZIP64 holds`);
    }
    let local = 0;
    let central = 0;
    this.entries.forEach((e, i) => {
      local += 30 + e.name.length + packed[i]!.compressedSize;
      central += 46 + e.name.length;
    });
    if (local + central > MAX_OFFSET || packed.some((p) => p.size > MAX_OFFSET)) {
      throw new Error('the archive would be larger than 4 GB, more than a ZIP without ZIP64 holds');
    }
    const bytes = new Uint8Array(local + central + 22);
    const view = new DataView(bytes.buffer);
    const offsets: number[] = [];
    let at = 0;
    this.entries.forEach((e, i) => {
      const p = packed[i]!;
      offsets.push(at);
      at = header(view, bytes, at, 0x04034b50, e, p);
      for (const part of p.data) {
        bytes.set(part, at);
        at += part.length;
      }
    });
    const centralAt = at;
    this.entries.forEach((e, i) => {
      at = header(view, bytes, at, 0x02014b50, e, packed[i]!, offsets[i]!);
    });
    view.setUint32(at, 0x06054b50, true);
    view.setUint16(at + 8, this.entries.length, true);
    view.setUint16(at + 10, this.entries.length, true);
    view.setUint32(at + 12, at - centralAt, true);
    view.setUint32(at + 16, centralAt, true);
    return bytes;
  }
}

/** A local header (`offset` undefined) or a central directory record; returns where it ends. */
function header(
  view: DataView,
  bytes: Uint8Array,
  at: number,
  signature: number,
  e: Entry,
  p: Packed,
  offset?: number,
): number {
  const central = offset !== undefined;
  let o = at;
  view.setUint32(o, signature, true);
  o += 4;
  if (central) {
    view.setUint16(o, 20, true); // made by: version 2.0
    o += 2;
  }
  view.setUint16(o, 20, true); // needed to extract: version 2.0
  view.setUint16(o + 2, UTF8_NAMES, true);
  view.setUint16(o + 4, e.method === 'store' ? 0 : 8, true);
  view.setUint16(o + 6, DOS_TIME, true);
  view.setUint16(o + 8, DOS_DATE, true);
  view.setUint32(o + 10, p.crc >>> 0, true);
  view.setUint32(o + 14, p.compressedSize, true);
  view.setUint32(o + 18, p.size, true);
  view.setUint16(o + 22, e.name.length, true);
  view.setUint16(o + 24, 0, true); // extra field length
  o += 26;
  if (central) {
    // Comment length, disk number, internal and external attributes: zero (the buffer is).
    o += 10;
    view.setUint32(o, offset, true);
    o += 4;
  }
  bytes.set(e.name, o);
  return o + e.name.length;
}
